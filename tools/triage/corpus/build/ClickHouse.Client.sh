#!/bin/bash
# Rebuild corpus repository ClickHouse.Client (DarkWanderer/ClickHouse.Client @ 1c31a5ba08). No build-file edits;
# GeneratePackageOnBuild off. Built: ClickHouse.Client at net8.0.
set -uo pipefail
F=ClickHouse.Client; C=1c31a5ba08; M=/work/.mirror/DarkWanderer+ClickHouse.Client/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf "$S" "$O"; mkdir -p "$S" "$O"
source /work/corpus/bin/build/_extract.sh; extract_tree "$M" "$C" "$S"
rm -f "$S/global.json"
cd "$S"
B=(-c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false
   -p:GeneratePackageOnBuild=false
   -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O)
set -e
dotnet build ClickHouse.Client/ClickHouse.Client.csproj -f net8.0 "${B[@]}"
ls "$O"
