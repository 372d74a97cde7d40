#!/bin/bash
# Rebuild aspire (the Aspire dashboard only) for the corpus (needs the mirror: fetch github:dotnet/aspire)
set -e
F=aspire; C=d44e195d60; M=/work/.mirror/dotnet+aspire/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf $S $O; mkdir -p $S
# extract every blob the mirror has (skip any that are missing)
EX=$(git -C $M ls-tree -r $C | awk '$2=="blob"{print $3" "$4}' | while read h p; do git -C $M cat-file -e $h 2>/dev/null || echo ":(exclude)$p"; done)
git -C $M archive $C -- . $EX | tar -x -C $S
cd $S; rm -f global.json
# edits: the Arcade SDK (not served) is not imported; the few properties the dashboard's build needs from it are set here;
# the private feeds are dropped; the dashboard's RuntimeIdentifiers list dropped (runtime packs not served, no effect on the compile); Microsoft.DotNet.GenAPI.Task (not served, API listing only) dropped
python3 - <<'PY'
import re
s=open('Directory.Build.props').read()
s=s.replace('<Import Project="Sdk.props" Sdk="Microsoft.DotNet.Arcade.Sdk" />','''<PropertyGroup>
    <RepoRoot>$(MSBuildThisFileDirectory)</RepoRoot>
    <RepositoryEngineeringDir>$(MSBuildThisFileDirectory)eng/</RepositoryEngineeringDir>
    <ArtifactsDir>$(MSBuildThisFileDirectory)artifacts/</ArtifactsDir>
  </PropertyGroup>
  <Import Project="eng/Versions.props" />''')
open('Directory.Build.props','w').write(s)
t=open('Directory.Build.targets').read()
t=t.replace('<Import Project="Sdk.targets" Sdk="Microsoft.DotNet.Arcade.Sdk" />','')
open('Directory.Build.targets','w').write(t)
p=open('src/Directory.Build.props').read()
p=p.replace('<PackageReference Include="Microsoft.DotNet.GenAPI.Task" PrivateAssets="All" />','')
open('src/Directory.Build.props','w').write(p)
d=open('src/Aspire.Dashboard/Aspire.Dashboard.csproj').read()
d=re.sub(r'\s*<RuntimeIdentifiers>[^<]*</RuntimeIdentifiers>','',d)
open('src/Aspire.Dashboard/Aspire.Dashboard.csproj','w').write(d)
open('NuGet.config','w').write('<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <packageSources>\n    <clear />\n    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />\n  </packageSources>\n</configuration>\n')
PY
! grep -q Arcade Directory.Build.props Directory.Build.targets
b() { dotnet build "$1" -c Release -f "$2" --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O "${@:3}"; }
b src/Aspire.Dashboard/Aspire.Dashboard.csproj net8.0
ls $O
