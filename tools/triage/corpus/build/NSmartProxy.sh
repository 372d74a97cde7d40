#!/bin/bash
# Rebuild corpus repository NSmartProxy (tmoonlight/NSmartProxy @ 28a6bc4f7c). No build-file edits.
# Built: the server library NSmartProxy and NSmartProxy.ClientRouter at net6.0 (they compile .Data and .Infrastructure);
# the host exes need the unserved PeterKottas.DotNetCore.WindowsService and are not built.
set -uo pipefail
F=NSmartProxy; C=28a6bc4f7c; M=/work/.mirror/tmoonlight+NSmartProxy/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf "$S" "$O"; mkdir -p "$S" "$O"
source /work/corpus/bin/build/_extract.sh; extract_tree "$M" "$C" "$S"
rm -f "$S/global.json"
cd "$S"
B=(-c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false
   -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O)
set -e
dotnet build src/NSmartProxy/NSmartProxy.csproj -f net6.0 "${B[@]}"
dotnet build src/NSmartProxy.ClientRouter/NSmartProxy.ClientRouter.csproj -f net6.0 "${B[@]}"
ls "$O"
