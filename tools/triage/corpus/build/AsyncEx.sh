#!/bin/bash
# Rebuild AsyncEx for the corpus (needs the mirror: fetch github:StephenCleary/AsyncEx)
set -e
F=AsyncEx; C=0361015459; M=/work/.mirror/StephenCleary+AsyncEx/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf $S $O; mkdir -p $S
git -C $M archive $C | tar -x -C $S
cd $S; rm -f global.json
# edit: Microsoft.CodeAnalysis.FxCopAnalyzers 3.3.0 is not served (analyzer only): drop it
perl -0pi -e 's|\s*<PackageReference Include="Microsoft.CodeAnalysis.FxCopAnalyzers".*?</PackageReference>||s' src/Directory.Build.props
b() { dotnet build "$1" -c Release -f "$2" --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O "${@:3}"; }
b src/Nito.AsyncEx/Nito.AsyncEx.csproj netstandard2.0
ls $O
