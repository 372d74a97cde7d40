#!/bin/bash
# Rebuild corpus repository Rebus (rebus-org/Rebus @ 30f9db9b35). Only the Rebus folder extracted; no build-file edits;
# SourceLink off through the project's own EnableSourceLink switch.
set -uo pipefail
F=Rebus; C=30f9db9b35; M=/work/.mirror/rebus-org+Rebus/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf "$S" "$O"; mkdir -p "$S" "$O"
git -C "$M" archive "$C" Rebus | tar -x -C "$S"
cd "$S"
B=(-c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:EnableSourceLink=false
   -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O)
set -e
dotnet build Rebus/Rebus.csproj -f net10.0 "${B[@]}"
ls "$O"
