#!/bin/bash
# Rebuild corpus repository MassTransit (MassTransit/MassTransit @ c1e5caa9a4). No build-file edits; built unsigned.
set -euo pipefail
F=MassTransit; C=c1e5caa9a4; M=/work/.mirror/MassTransit+MassTransit/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf "$S" "$O"; mkdir -p "$S" "$O"
git -C "$M" archive "$C" | tar -x -C "$S"
rm -f "$S/global.json"
cd "$S"
B=(-c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false
   -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O)
dotnet build src/MassTransit/MassTransit.csproj -f net10.0 "${B[@]}"   # also compiles MassTransit.Abstractions
ls "$O"
