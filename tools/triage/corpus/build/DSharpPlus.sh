#!/bin/bash
# DSharpPlus 29fab19d2f (DSharpPlus/DSharpPlus, snapshot HEAD): the DSharpPlus core project at net9.0 (Discord client:
# gateway websocket, REST client with rate-limit buckets, event dispatch, caching). Build edits: the DSharpPlus.Analyzers
# analyzer ProjectReference dropped (needs an unserved Roslyn 4.11 preview); NetEscapades.EnumGenerators (unserved source
# generator) replaced by a compile-only stand-in file _standin/EnumGeneratorsStandIn.cs added as a Compile item (the
# attribute and the two generated members the code calls, no async code); Ulid 1.3.4 -> 1.4.1, System.Threading.RateLimiting
# 9.0.17 -> 9.0.18 (served). Commands/Interactivity/VoiceNext/tests not replayed.
set -e
R=DSharpPlus; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/DSharpPlus+DSharpPlus/repo archive 29fab19d2f | tar -x -C $SRC
cd $SRC
sed -i -e 's#"Ulid" Version="1.3.4"#"Ulid" Version="1.4.1"#' -e 's#"System.Threading.RateLimiting" Version="9.0.17"#"System.Threading.RateLimiting" Version="9.0.18"#' -e '/NetEscapades.EnumGenerators/d' Directory.Packages.props
P=DSharpPlus/DSharpPlus.csproj
perl -0pi -e 's#\s*<ProjectReference Include="..\\DSharpPlus.Analyzers\\DSharpPlus.Analyzers\\DSharpPlus.Analyzers.csproj"[^>]*/>##; s#\s*<PackageReference Include="NetEscapades.EnumGenerators" />#\n    <Compile Include="..\\_standin\\EnumGeneratorsStandIn.cs" />#' $P
mkdir -p _standin
cat > _standin/EnumGeneratorsStandIn.cs <<'CS'
// Compile-only stand-in for the unserved NetEscapades.EnumGenerators source generator (no behaviour kept).
namespace NetEscapades.EnumGenerators
{
    [System.AttributeUsage(System.AttributeTargets.Enum)]
    internal sealed class EnumExtensionsAttribute : System.Attribute { }
}
namespace DSharpPlus.Entities
{
    public static class DiscordPermissionExtensions
    {
        public static DiscordPermission[] GetValues() => (DiscordPermission[])System.Enum.GetValues(typeof(DiscordPermission));
        public static string ToStringFast(this DiscordPermission value, bool useMetadataAttributes) => value.ToString();
    }
}
CS
dotnet build $P -c Release -f net9.0 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD
