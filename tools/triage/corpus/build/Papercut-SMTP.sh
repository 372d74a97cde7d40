#!/bin/bash
# Papercut-SMTP 3ec0a2f5 (ChangemakerStudios/Papercut-SMTP, snapshot HEAD): the async core of the SMTP viewer, net9.0:
# Papercut.Common, Papercut.Core, Papercut.Message, Papercut.Rules, Papercut.Infrastructure.Smtp, Papercut.Infrastructure.IPComm
# (Papercut.Service not replayed: ElectronNET.API and Serilog.ExceptionalLogContext not served; the WPF UI not built).
# Edits (build files only): Autofac 8.3.0 -> 8.4.0, SmtpServer 11.0.0 -> 11.1.0, MailKit/MimeKit 4.12.x -> 4.18.2;
# AutofacSerilogIntegration and Serilog.Sinks.Trace (not served) replaced by a compile-only stand-in project
# _standin/StandIns (two extension-method signatures, no behaviour) referenced from Papercut.Core.
set -e
R=Papercut-SMTP; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/ChangemakerStudios+Papercut-SMTP/repo archive 3ec0a2f5 | tar -x -C $SRC
cd $SRC
for f in src/*/*.csproj; do
  sed -i -e 's#<Version>8.3.0</Version>#<Version>8.4.0</Version>#' -e 's#"Autofac" Version="8.3.0"#"Autofac" Version="8.4.0"#' \
         -e 's#<Version>4.12.[01]</Version>#<Version>4.18.2</Version>#' -e 's#"MailKit" Version="4.12.1"#"MailKit" Version="4.18.2"#' \
         -e 's#"SmtpServer" Version="11.0.0"#"SmtpServer" Version="11.1.0"#' "$f"
done
C=src/Papercut.Core/Papercut.Core.csproj
sed -i -e '/Serilog.Sinks.Trace/d' $C
perl -0pi -e 's#<PackageReference Include="AutofacSerilogIntegration">\s*<Version>5.0.0</Version>\s*</PackageReference>#<ProjectReference Include="..\\..\\_standin\\StandIns\\StandIns.csproj" />#' $C
mkdir -p _standin/StandIns
cat > _standin/StandIns/StandIns.csproj <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net9.0</TargetFramework><Nullable>enable</Nullable></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Autofac" Version="8.4.0" />
    <PackageReference Include="Serilog" Version="4.3.0" />
  </ItemGroup>
</Project>
XML
cat > _standin/StandIns/StandIns.cs <<'CS'
// Compile-only stand-ins for two unserved packages (signatures only; never run).
namespace AutofacSerilogIntegration
{
    public static class StandInContainerBuilderExtensions
    {
        public static object? RegisterLogger(this Autofac.ContainerBuilder builder, Serilog.ILogger? logger = null, bool autowireProperties = false) => null;
    }
}
namespace Serilog
{
    public static class StandInTraceSinkExtensions
    {
        public static LoggerConfiguration Trace(this Serilog.Configuration.LoggerSinkConfiguration sinks) => throw new System.NotSupportedException();
    }
}
CS
B="-c Release -f net9.0 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD"
dotnet build src/Papercut.Rules/Papercut.Rules.csproj $B
dotnet build src/Papercut.Infrastructure.Smtp/Papercut.Infrastructure.Smtp.csproj $B
dotnet build src/Papercut.Infrastructure.IPComm/Papercut.Infrastructure.IPComm.csproj $B
rm -f $CMD/StandIns.*.rsp
