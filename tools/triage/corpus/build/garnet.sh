#!/bin/bash
# Rebuild corpus repository garnet (microsoft/garnet @ e508a41620).
# Edits: global.json removed. cargo hidden from PATH so BfTreeInterop uses its prebuilt native binary (no crates here).
# One blob (a Windows native .pdb) is absent from the mirror: excluded from the extraction.
set -uo pipefail
F=garnet; C=e508a41620; M=/work/.mirror/microsoft+garnet/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf "$S" "$O"; mkdir -p "$S" "$O"
source /work/corpus/bin/build/_extract.sh; extract_tree "$M" "$C" "$S"
rm -f "$S/global.json"
cd "$S"
export PATH=$(echo "$PATH" | tr ':' '\n' | grep -v '\.cargo' | paste -sd:)
B=(-c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false
   -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O)
set -e
dotnet build main/GarnetServer/GarnetServer.csproj -f net10.0 "${B[@]}"   # compiles every listed library
ls "$O"
