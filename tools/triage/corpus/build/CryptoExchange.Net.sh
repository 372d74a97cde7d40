#!/bin/bash
# Rebuild CryptoExchange.Net for the corpus (needs the mirror: fetch github:JKorf/CryptoExchange.Net)
set -e
F=CryptoExchange.Net; C=c4a8b02054; M=/work/.mirror/JKorf+CryptoExchange.Net/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf $S $O; mkdir -p $S
git -C $M archive $C | tar -x -C $S
cd $S; rm -f global.json
# edit: the unserved ConfigureAwaitChecker.Analyzer reference dropped (analyzer only)
perl -0pi -e 's|\s*<PackageReference Include="ConfigureAwaitChecker.Analyzer".*?</PackageReference>||s' CryptoExchange.Net/CryptoExchange.Net.csproj
b() { dotnet build "$1" -c Release -f "$2" --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O "${@:3}"; }
# only net10.0 restored: the served NSec.Cryptography 26.4.0 (25.4.0 is not served) has no net8.0/netstandard asset
b CryptoExchange.Net/CryptoExchange.Net.csproj net10.0 -p:GeneratePackageOnBuild=false -p:TargetFrameworks=net10.0
ls $O
