#!/bin/bash
# Rebuild gh-gei for the corpus (needs the mirror: fetch github:github/gh-gei); bbs2gh left out (SMBLibrary not served)
set -e
F=gh-gei; C=b33fd8d777; M=/work/.mirror/github+gh-gei/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf $S $O; mkdir -p $S
git -C $M archive $C | tar -x -C $S
cd $S; rm -f global.json
# no build-file edits (versions that are not served resolve to the next served one, NU1603)
b() { dotnet build "$1" -c Release -f "$2" --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O "${@:3}"; }
SL=/tmp/rb4-ghgei-sln; rm -rf $SL; mkdir -p $SL
dotnet new sln -n corpus -o $SL --format sln >/dev/null
for p in Octoshift ado2gh gei gl2gh; do dotnet sln $SL/corpus.sln add src/$p/$p.csproj >/dev/null; done
b $SL/corpus.sln net8.0
ls $O
