#!/bin/bash
# Corpus build of Ae.Dns (needs the fetched mirror of github:alanedwardes/Ae.Dns). Built through the host
# misc/Ae.Dns.Console (net10.0), which builds Protocol, Client, Server, Server.Http and AppMetrics at net6.0.
# Edits: the unserved App.Metrics packages (App.Metrics.Abstractions in Ae.Dns.AppMetrics; App.Metrics.AspNetCore.All,
# App.Metrics.Prometheus and AK.App.Metrics.Reporting.InfluxDB2 in the host) replaced by two compile-only stand-in
# projects under corpus-standins/ (the second carries the ASP.NET Core framework reference the host got from them).
F=Ae.Dns; C=f50483b183; GH=alanedwardes/Ae.Dns
. /work/corpus/bin/build/_rb3_lib.sh
extract
A=corpus-standins/App.Metrics.Abstractions; N=corpus-standins/App.Metrics.AspNetCore
mkdir -p $A $N
cat > $A/App.Metrics.Abstractions.csproj <<'X'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework><Nullable>disable</Nullable></PropertyGroup>
</Project>
X
cat > $A/StandIn.cs <<'X'
// Compile-only stand-in for the unserved App.Metrics.Abstractions package (corpus build; never run).
using System.Collections.Generic;
namespace App.Metrics
{
    public interface IMetrics { IMeasureMetrics Measure { get; } }
    public interface IMeasureMetrics
    {
        App.Metrics.Counter.IMeasureCounterMetrics Counter { get; }
        App.Metrics.Timer.IMeasureTimerMetrics Timer { get; }
    }
    public struct Unit
    {
        public Unit(string name) { Name = name; }
        public string Name { get; }
        public static readonly Unit Calls = new Unit("calls");
        public static readonly Unit Errors = new Unit("errors");
        public static readonly Unit Results = new Unit("results");
    }
    public enum TimeUnit { Nanoseconds, Microseconds, Milliseconds, Seconds, Minutes, Hours, Days }
    public struct MetricTags
    {
        public static readonly MetricTags Empty = default;
        public static MetricTags Concat(MetricTags tags, IDictionary<string, string> more) => tags;
    }
    public abstract class MetricValueOptionsBase
    {
        public string Name { get; set; }
        public Unit MeasurementUnit { get; set; }
        public MetricTags Tags { get; set; }
    }
}
namespace App.Metrics.Counter
{
    public class CounterOptions : App.Metrics.MetricValueOptionsBase { }
    public interface IMeasureCounterMetrics { void Increment(CounterOptions options); }
}
namespace App.Metrics.Timer
{
    public class TimerOptions : App.Metrics.MetricValueOptionsBase
    {
        public App.Metrics.TimeUnit DurationUnit { get; set; }
        public App.Metrics.TimeUnit RateUnit { get; set; }
    }
    public interface IMeasureTimerMetrics { void Time(TimerOptions options, long time); }
}
X
cat > $N/App.Metrics.AspNetCore.csproj <<'X'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>disable</Nullable></PropertyGroup>
  <ItemGroup>
    <FrameworkReference Include="Microsoft.AspNetCore.App" />
    <ProjectReference Include="../App.Metrics.Abstractions/App.Metrics.Abstractions.csproj" />
  </ItemGroup>
</Project>
X
cat > $N/StandIn.cs <<'X'
// Compile-only stand-in for the unserved App.Metrics.AspNetCore.All and App.Metrics.Prometheus packages (corpus build; never run).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using App.Metrics.Formatters;
namespace App.Metrics.Formatters
{
    public interface IMetricsOutputFormatter { }
    public class MetricsFormatterCollection : IEnumerable<IMetricsOutputFormatter>
    {
        private readonly List<IMetricsOutputFormatter> _items = new List<IMetricsOutputFormatter>();
        public IEnumerator<IMetricsOutputFormatter> GetEnumerator() => _items.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
namespace App.Metrics.Formatters.Prometheus
{
    public class MetricsPrometheusTextOutputFormatter : IMetricsOutputFormatter { }
}
namespace App.Metrics
{
    public interface IRunMetricsReports { IEnumerable<Task> RunAllAsync(CancellationToken cancellationToken = default); }
    public interface IMetricsRoot : IMetrics
    {
        IRunMetricsReports ReportRunner { get; }
        MetricsFormatterCollection OutputMetricsFormatters { get; }
    }
    public interface IMetricsOutputFormattingBuilder { IMetricsBuilder Using(IMetricsOutputFormatter formatter); }
    public interface IMetricsBuilder
    {
        IMetricsOutputFormattingBuilder OutputMetrics { get; }
        IMetricsRoot Build();
    }
    public class MetricsBuilder : IMetricsBuilder
    {
        public IMetricsOutputFormattingBuilder OutputMetrics => throw new NotImplementedException();
        public IMetricsRoot Build() => throw new NotImplementedException();
    }
    public static class MetricsPrometheusFormatterBuilderExtensions
    {
        public static IMetricsBuilder AsPrometheusPlainText(this IMetricsOutputFormattingBuilder builder) => throw new NotImplementedException();
    }
}
namespace App.Metrics.AspNetCore
{
    public class MetricEndpointsOptions { public IMetricsOutputFormatter MetricsTextEndpointOutputFormatter { get; set; } }
    public class MetricsWebHostOptions { public Action<MetricEndpointsOptions> EndpointOptions { get; set; } }
}
namespace Microsoft.Extensions.Hosting
{
    public static class AppMetricsHostBuilderStandInExtensions
    {
        public static IHostBuilder ConfigureMetrics(this IHostBuilder builder, App.Metrics.IMetricsRoot metrics) => builder;
        public static IHostBuilder UseMetrics(this IHostBuilder builder, Action<App.Metrics.AspNetCore.MetricsWebHostOptions> setup) => builder;
    }
}
X
sed -i 's|<PackageReference Include="App.Metrics.Abstractions" Version="4.3.0" />|<ProjectReference Include="../../corpus-standins/App.Metrics.Abstractions/App.Metrics.Abstractions.csproj" />|' src/Ae.Dns.AppMetrics/Ae.Dns.AppMetrics.csproj
sed -i '/<PackageReference Include="AK.App.Metrics.Reporting.InfluxDB2"/d; /<PackageReference Include="App.Metrics.Prometheus"/d; s|<PackageReference Include="App.Metrics.AspNetCore.All" Version="4.3.0" />|<ProjectReference Include="../../corpus-standins/App.Metrics.AspNetCore/App.Metrics.AspNetCore.csproj" />|' misc/Ae.Dns.Console/Ae.Dns.Console.csproj
B misc/Ae.Dns.Console/Ae.Dns.Console.csproj net10.0
keep Ae.Dns.Protocol.net6.0 Ae.Dns.Client.net6.0 Ae.Dns.Server.net6.0 Ae.Dns.Server.Http.net6.0 Ae.Dns.AppMetrics.net6.0 Ae.Dns.Console.net10.0
