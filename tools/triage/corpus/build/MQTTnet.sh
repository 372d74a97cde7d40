#!/bin/bash
# dotnet/MQTTnet 14463d1ef9: MQTTnet, MQTTnet.Server, MQTTnet.Extensions.Rpc (net10.0); no edits (global.json has no SDK pin)
set -e
. /work/corpus/bin/build/_rb1_common.sh
F=MQTTnet
ag_fresh $F /work/.mirror/dotnet+MQTTnet/repo 14463d1ef9
cd /work/corpus/src/$F
mkdir -p _corpus_host && cat > _corpus_host/CorpusHost.csproj <<'X'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFrameworks>net10.0</TargetFrameworks></PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="../Source/MQTTnet.Server/MQTTnet.Server.csproj" />
    <ProjectReference Include="../Source/MQTTnet.Extensions.Rpc/MQTTnet.Extensions.Rpc.csproj" />
  </ItemGroup>
</Project>
X
ag_build $F _corpus_host/CorpusHost.csproj net10.0 -p:GeneratePackageOnBuild=false
ag_keep $F MQTTnet.net10.0 MQTTnet.Server.net10.0 MQTTnet.Extensions.Rpc.net10.0
