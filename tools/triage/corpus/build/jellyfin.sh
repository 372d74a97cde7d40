#!/bin/bash
# jellyfin/jellyfin c3ed1407ca: the media server core whose packages are served (12 projects, net10.0)
set -e
. /work/corpus/bin/build/_rb1_common.sh
F=jellyfin
ag_fresh $F /work/.mirror/jellyfin+jellyfin/repo c3ed1407ca
cd /work/corpus/src/$F
rm -f global.json
# unserved analyzers dropped; unserved versions raised to served ones
sed -i -E '/PackageReference Include="(SerilogAnalyzer|SmartAnalyzers.MultithreadingAnalyzer)"/d' $(grep -rl --include=*.csproj -E 'SerilogAnalyzer|SmartAnalyzers' .)
sed -i -E 's/(Include="BitFaster.Caching" Version=)"2.6.0"/\1"2.6.1"/; s/(Include="Polly" Version=)"8.7.0"/\1"8.8.0"/' Directory.Packages.props
# Diacritics, ICU4N.Transliterator and the MimeTypes source package are not served (2026-12): one compile-only stand-in project
mkdir -p _corpus_standins && cp /work/corpus/bin/build/standins/jellyfin/* _corpus_standins/
sed -i -E 's#<PackageReference Include="Diacritics" />#<ProjectReference Include="../../_corpus_standins/CorpusStandIns.csproj" />#; /PackageReference Include="ICU4N.Transliterator"/d' src/Jellyfin.Extensions/Jellyfin.Extensions.csproj
perl -0 -i -pe 's#<PackageReference Include="MimeTypes">.*?</PackageReference>##s' MediaBrowser.Model/MediaBrowser.Model.csproj
# one host project referencing the four leaves, so one build compiles all twelve (its own capture is dropped)
mkdir -p _corpus_host && cat > _corpus_host/CorpusHost.csproj <<'X'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="../MediaBrowser.XbmcMetadata/MediaBrowser.XbmcMetadata.csproj" />
    <ProjectReference Include="../MediaBrowser.LocalMetadata/MediaBrowser.LocalMetadata.csproj" />
    <ProjectReference Include="../src/Jellyfin.MediaEncoding.Hls/Jellyfin.MediaEncoding.Hls.csproj" />
    <ProjectReference Include="../src/Jellyfin.Networking/Jellyfin.Networking.csproj" />
  </ItemGroup>
</Project>
X
ag_build $F _corpus_host/CorpusHost.csproj net10.0
ag_keep $F Emby.Naming.net10.0 Jellyfin.Data.net10.0 Jellyfin.Database.Implementations.net10.0 Jellyfin.Extensions.net10.0 Jellyfin.MediaEncoding.Hls.net10.0 Jellyfin.MediaEncoding.Keyframes.net10.0 Jellyfin.Networking.net10.0 MediaBrowser.Common.net10.0 MediaBrowser.Controller.net10.0 MediaBrowser.LocalMetadata.net10.0 MediaBrowser.Model.net10.0 MediaBrowser.XbmcMetadata.net10.0
