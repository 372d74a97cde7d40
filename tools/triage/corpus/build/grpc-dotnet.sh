#!/bin/bash
# grpc/grpc-dotnet 91c8faf22c: Grpc.Net.Client, .Common, Grpc.Core.Api (netstandard2.1: it has no net10.0 target),
# Grpc.Net.Client.Web, .ClientFactory, Grpc.AspNetCore.Server, .Web (net10.0)
set -e
. /work/corpus/bin/build/_rb1_common.sh
F=grpc-dotnet
ag_fresh $F /work/.mirror/grpc+grpc-dotnet/repo 91c8faf22c
cd /work/corpus/src/$F
rm -f global.json nuget.config   # SDK pin; private dotnet/grpc feeds (the manifest's "nuget.config not extracted")
# Microsoft.CodeAnalysis.NetAnalyzers 10.0.100 is not served: dropped
sed -i '/PackageReference Include="Microsoft.CodeAnalysis.NetAnalyzers"/d' Directory.Build.targets
mkdir -p _corpus_host && cat > _corpus_host/CorpusHost.csproj <<'X'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="../src/Grpc.Net.ClientFactory/Grpc.Net.ClientFactory.csproj" />
    <ProjectReference Include="../src/Grpc.Net.Client.Web/Grpc.Net.Client.Web.csproj" />
    <ProjectReference Include="../src/Grpc.AspNetCore.Web/Grpc.AspNetCore.Web.csproj" />
  </ItemGroup>
</Project>
X
ag_build $F _corpus_host/CorpusHost.csproj net10.0
ag_build $F src/Grpc.AspNetCore.Server/Grpc.AspNetCore.Server.csproj net10.0   # not referenced by the others
ag_keep $F Grpc.Net.Client.net10.0 Grpc.Net.Common.net10.0 Grpc.Core.Api.netstandard2.1 Grpc.Net.Client.Web.net10.0 Grpc.Net.ClientFactory.net10.0 Grpc.AspNetCore.Server.net10.0 Grpc.AspNetCore.Web.net10.0
