#!/bin/bash
# Rebuild corpus repository EasyNetQ (EasyNetQ/EasyNetQ @ 03da1f1d7e). No build-file edits; GeneratePackageOnBuild off.
# Built: EasyNetQ at net10.0 (over RabbitMQ.Client 7 from its package).
set -uo pipefail
F=EasyNetQ; C=03da1f1d7e; M=/work/.mirror/EasyNetQ+EasyNetQ/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf "$S" "$O"; mkdir -p "$S" "$O"
source /work/corpus/bin/build/_extract.sh; extract_tree "$M" "$C" "$S"
rm -f "$S/global.json"
cd "$S"
B=(-c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false
   -p:GeneratePackageOnBuild=false
   -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O)
set -e
dotnet build Source/EasyNetQ/EasyNetQ.csproj -f net10.0 "${B[@]}"
ls "$O"
