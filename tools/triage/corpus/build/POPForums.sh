#!/bin/bash
# Rebuild POPForums for the corpus (needs the mirror: fetch github:POPWorldMedia/POPForums)
set -e
F=POPForums; C=4102d3c22b; M=/work/.mirror/POPWorldMedia+POPForums/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf $S $O; mkdir -p $S
git -C $M archive $C | tar -x -C $S
cd $S; rm -f global.json
# edit: SixLabors.ImageSharp 3.1.12 is not served; pin the served 2.1.13
sed -i 's|"SixLabors.ImageSharp" Version="3.1.12"|"SixLabors.ImageSharp" Version="2.1.13"|' src/PopForums/PopForums.csproj
b() { dotnet build "$1" -c Release -f "$2" --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O "${@:3}"; }
b src/PopForums.ElasticKit/PopForums.ElasticKit.csproj net10.0
ls $O
