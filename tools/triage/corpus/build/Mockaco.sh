#!/bin/bash
# natenho/Mockaco 168cbbe566: Mockaco.AspNetCore, Mockaco (net6.0)
set -e
. /work/corpus/bin/build/_rb1_common.sh
F=Mockaco
ag_fresh $F /work/.mirror/natenho+Mockaco/repo 168cbbe566
cd /work/corpus/src/$F
A=src/Mockaco.AspNetCore/Mockaco.AspNetCore.csproj; H=src/Mockaco/Mockaco.csproj
# GitVersion.MsBuild 5.12.0 is not served (and needs git): dropped, its GitVersionInformation class from a compile-only stand-in
mkdir -p _corpus_standins && cp /work/corpus/bin/build/standins/$F/* _corpus_standins/
perl -0 -i -pe 's#<PackageReference Include="GitVersion.MsBuild" Version="5.12.0">.*?</PackageReference>##s; s#<PackageReference Include="GitVersion.MsBuild" Version="5.12.0"\s*/>##' $A $H
perl -0 -i -pe 's#(<ProjectReference Include="..\\Mockaco.AspNetCore\\Mockaco.AspNetCore.csproj"\s*/>)#$1\n    <ProjectReference Include="..\\..\\_corpus_standins\\CorpusGitVersionStandIn.csproj" />#' $H
grep -q CorpusGitVersionStandIn $H
# unserved versions raised (or, for MAB.DotIgnore, lowered) to the nearest served ones; the container-tools targets dropped
perl -0 -i -pe 's#<PackageReference Include="Microsoft.VisualStudio.Azure.Containers.Tools.Targets" Version="1.18.1"\s*/>##' $H
sed -i -E 's/(Include="MAB.DotIgnore" Version=)"3.0.2"/\1"3.0.1"/; s/(Include="Microsoft.CodeAnalysis.CSharp.Scripting" Version=)"4.6.0"/\1"4.8.0"/; s/(Include="Microsoft.OpenApi.Readers" Version=)"1.6.4"/\1"1.6.11"/' $A
sed -i -E 's/(Include="Serilog.AspNetCore" Version=)"7.0.0"/\1"8.0.0"/; s/(Include="Serilog.Settings.Configuration" Version=)"7.0.0"/\1"8.0.0"/; s/(Include="Serilog.Sinks.Console" Version=)"4.1.0"/\1"5.0.0"/' $H
ag_build $F $H net6.0
ag_keep $F Mockaco.AspNetCore.net6.0 Mockaco.net6.0
