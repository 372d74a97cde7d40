#!/bin/bash
# Rebuild RestSharp for the corpus (needs the mirror: fetch github:restsharp/RestSharp)
set -e
F=RestSharp; C=9b2fe0a054; M=/work/.mirror/restsharp+RestSharp/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf $S $O; mkdir -p $S
git -C $M archive $C | tar -x -C $S
cd $S; rm -f global.json
b() { dotnet build "$1" -c Release -f "$2" --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O "${@:3}"; }
# edit: src/Directory.Build.props targets net10.0 only (Microsoft.NETFramework.ReferenceAssemblies.net471 1.0.3 is not served)
sed -i 's|<TargetFrameworks>netstandard2.0;net471;net48;net8.0;net9.0;net10.0</TargetFrameworks>|<TargetFrameworks>net10.0</TargetFrameworks>|' src/Directory.Build.props
grep -q '<TargetFrameworks>net10.0</TargetFrameworks>' src/Directory.Build.props
b src/RestSharp/RestSharp.csproj net10.0
rm -f $O/SourceGenerator*.rsp   # the source generator's own compile is not in the corpus
ls $O
