#!/bin/bash
# josephnhtam/live-streaming-server-net b52f4e4a2e: the RTMP server/client/relay, FLV, stream processor and the server library (net8.0)
set -e
. /work/corpus/bin/build/_rb1_common.sh
F=live-streaming-server-net
ag_fresh $F /work/.mirror/josephnhtam+live-streaming-server-net/repo b52f4e4a2e
cd /work/corpus/src/$F
rm -f global.json
# the AMF serializer mtanksl.ActionMessageFormat is not served: compile-only stand-in project
mkdir -p _corpus_standins && cp /work/corpus/bin/build/standins/$F/* _corpus_standins/
sed -i 's#<PackageReference Include="mtanksl.ActionMessageFormat" />#<ProjectReference Include="../../_corpus_standins/CorpusAmfStandIn.csproj" />#' src/LiveStreamingServerNet.Rtmp/LiveStreamingServerNet.Rtmp.csproj
grep -q CorpusAmfStandIn src/LiveStreamingServerNet.Rtmp/LiveStreamingServerNet.Rtmp.csproj
# Open.Threading.ReadWrite is not served and no source uses it: reference dropped
sed -i '/PackageReference Include="Open.Threading.ReadWrite"/d' src/LiveStreamingServerNet.StreamProcessor/LiveStreamingServerNet.StreamProcessor.csproj
mkdir -p _corpus_host && cat > _corpus_host/CorpusHost.csproj <<'X'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="../src/LiveStreamingServerNet/LiveStreamingServerNet.csproj" />
    <ProjectReference Include="../src/LiveStreamingServerNet.Flv/LiveStreamingServerNet.Flv.csproj" />
    <ProjectReference Include="../src/LiveStreamingServerNet.StreamProcessor/LiveStreamingServerNet.StreamProcessor.csproj" />
  </ItemGroup>
</Project>
X
ag_build $F _corpus_host/CorpusHost.csproj net8.0
ag_keep $F $(for p in Utilities Networking Networking.Server Networking.Client Rtmp Rtmp.Server Rtmp.Client Rtmp.Relay Flv StreamProcessor; do echo LiveStreamingServerNet.$p.net8.0; done) LiveStreamingServerNet.net8.0
