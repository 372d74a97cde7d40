#!/bin/bash
# Rebuild corpus repository SS14.Labeller (space-wizards/SS14.Labeller @ 00b7ddd27e). No build-file edits
# (global.json removed; unserved versions resolve upward with NU1603). Built: SS14.Labeller at net9.0.
set -uo pipefail
F=SS14.Labeller; C=00b7ddd27e; M=/work/.mirror/space-wizards+SS14.Labeller/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf "$S" "$O"; mkdir -p "$S" "$O"
source /work/corpus/bin/build/_extract.sh; extract_tree "$M" "$C" "$S"
rm -f "$S/global.json"
cd "$S"
B=(-c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false
   -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O)
set -e
dotnet build SS14.Labeller/SS14.Labeller.csproj -f net9.0 "${B[@]}"
ls "$O"
