#!/bin/bash
# Rebuild corpus repository SS14.Watchdog (space-wizards/SS14.Watchdog @ 79237146fa).
# Edit: the unserved Serilog.Sinks.Loki 3.0.1-beta1 replaced by a compile-only stand-in project (standin/, not analyzed:
# its .rsp is deleted); other unserved versions resolve upward (NU1603).
set -uo pipefail
F=SS14.Watchdog; C=79237146fa; M=/work/.mirror/space-wizards+SS14.Watchdog/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf "$S" "$O"; mkdir -p "$S" "$O"
source /work/corpus/bin/build/_extract.sh; extract_tree "$M" "$C" "$S"
rm -f "$S/global.json"
cd "$S"
mkdir -p standin/Serilog.Sinks.Loki
cat > standin/Serilog.Sinks.Loki/Serilog.Sinks.Loki.csproj <<'X'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework><Nullable>enable</Nullable><LangVersion>latest</LangVersion></PropertyGroup>
  <ItemGroup><PackageReference Include="Serilog" Version="4.3.0" /></ItemGroup>
</Project>
X
cat > standin/Serilog.Sinks.Loki/StandIn.cs <<'X'
// Compile-only stand-in for the unserved Serilog.Sinks.Loki package: only the surface the corpus uses; does nothing.
using System.Collections.Generic;
using Serilog.Configuration;
using Serilog.Sinks.Loki;
using Serilog.Sinks.Loki.Labels;

namespace Serilog.Sinks.Loki
{
    public abstract class LokiCredentials { public string? Url { get; protected set; } }
    public sealed class NoAuthCredentials : LokiCredentials { public NoAuthCredentials(string? url) { Url = url; } }
    public sealed class BasicAuthCredentials : LokiCredentials
    {
        public BasicAuthCredentials(string? url, string? username, string? password) { Url = url; Username = username; Password = password; }
        public string? Username { get; }
        public string? Password { get; }
    }
}

namespace Serilog.Sinks.Loki.Labels
{
    public sealed class LokiLabel
    {
        public LokiLabel(string key, string? value) { Key = key; Value = value; }
        public string Key { get; }
        public string? Value { get; }
    }
    public interface ILogLabelProvider { IList<LokiLabel> GetLabels(); }
    public sealed class DefaultLogLabelProvider : ILogLabelProvider
    {
        private readonly List<LokiLabel> _labels;
        public DefaultLogLabelProvider(IEnumerable<LokiLabel> labels) { _labels = new List<LokiLabel>(labels); }
        public IList<LokiLabel> GetLabels() => _labels;
    }
}

namespace Serilog
{
    public static class LokiSinkStandInExtensions
    {
        public static LoggerConfiguration LokiHttp(this LoggerSinkConfiguration sinkConfiguration, LokiCredentials credentials,
            ILogLabelProvider? labelProvider = null) => sinkConfiguration.Sink(new NullSink());

        private sealed class NullSink : Serilog.Core.ILogEventSink { public void Emit(Serilog.Events.LogEvent logEvent) { } }
    }
}
X
sed -i 's#<PackageReference Include="Serilog.Sinks.Loki" Version="3.0.1-beta1" />#<ProjectReference Include="../standin/Serilog.Sinks.Loki/Serilog.Sinks.Loki.csproj" />#' SS14.Watchdog/SS14.Watchdog.csproj
grep -q 'standin/Serilog.Sinks.Loki' SS14.Watchdog/SS14.Watchdog.csproj
B=(-c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false
   -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O)
set -e
dotnet build SS14.Watchdog/SS14.Watchdog.csproj -f net10.0 "${B[@]}"
rm -f "$O"/Serilog.Sinks.Loki.*.rsp
ls "$O"
