#!/bin/bash
# DotnetSpider 8496941f4c (dotnetcore/DotnetSpider, snapshot HEAD): the crawler framework's async core, net8:
# DotnetSpider, DotnetSpider.RabbitMQ, DotnetSpider.MySql, DotnetSpider.PostgreSql, DotnetSpider.Mongo, DotnetSpider.HBase
# (Agent/AgentCenter/Spiders/Sample hosts (Serilog.Sinks.RollingFile not served), the net5 Portal and the tests not replayed).
# Edits (build files only): Bert.RateLimiters, ZCJ.HashedWheelTimer and murmurhash (not served) replaced by a compile-only
# stand-in project _standin/StandIns (signatures only, no behaviour) referenced from DotnetSpider; MongoDB.Driver 2.25.0 -> 2.30.0;
# package generation off (PackageIcon/licence files not needed).
set -e
R=DotnetSpider; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/dotnetcore+DotnetSpider/repo archive 8496941f4c | tar -x -C $SRC
cd $SRC
sed -i -e 's#<GeneratePackageOnBuild>true</GeneratePackageOnBuild>#<GeneratePackageOnBuild>false</GeneratePackageOnBuild>#' package.props
C=src/DotnetSpider/DotnetSpider.csproj
sed -i -e '/"Bert.RateLimiters"/d' -e '/"murmurhash"/d' \
  -e 's#<PackageReference Include="ZCJ.HashedWheelTimer" Version="0.10.2" />#<ProjectReference Include="..\\..\\_standin\\StandIns\\StandIns.csproj" />#' $C
sed -i -e 's#"MongoDB.Driver" Version="2.25.0"#"MongoDB.Driver" Version="2.30.0"#' src/DotnetSpider.Mongo/DotnetSpider.Mongo.csproj
mkdir -p _standin/StandIns
cat > _standin/StandIns/StandIns.csproj <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>
</Project>
XML
cat > _standin/StandIns/StandIns.cs <<'CS'
// Compile-only stand-ins for three unserved packages (signatures only; never run).
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
namespace Bert.RateLimiters
{
    public class FixedTokenBucket
    {
        public FixedTokenBucket(long maxTokens, long refillInterval, long refillIntervalInMilliSeconds) { }
        public bool ShouldThrottle(long n, out TimeSpan waitTime) => throw new NotSupportedException();
    }
}
namespace HWT
{
    public interface ITimeout { bool Cancel(); }
    public interface ITimerTask { Task RunAsync(ITimeout timeout); }
    public class HashedWheelTimer : IDisposable
    {
        public HashedWheelTimer(TimeSpan tickDuration, long ticksPerWheel = 512, long maxPendingTimeouts = 0) { }
        public ITimeout NewTimeout(ITimerTask task, TimeSpan span) => throw new NotSupportedException();
        public IEnumerable<ITimeout> Stop() => throw new NotSupportedException();
        public void Dispose() { }
    }
}
namespace Murmur
{
    public static class MurmurHash
    {
        public static System.Security.Cryptography.HashAlgorithm Create128() => throw new NotSupportedException();
    }
}
CS
B="-c Release -f net8 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD"
for p in DotnetSpider.RabbitMQ DotnetSpider.MySql DotnetSpider.PostgreSql DotnetSpider.Mongo DotnetSpider.HBase; do
  dotnet build src/$p/$p.csproj $B
done
rm -f $CMD/StandIns.*.rsp
