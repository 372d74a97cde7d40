#!/bin/bash
# wiremock/WireMock.Net at ee0f890795 (held-out pass ho2). Replayed: WireMock.Net.Minimal.net8.0 (the mock server:
# Kestrel host, middleware, proxying, admin API), WireMock.Net.Shared.net8.0. Signing kept (InternalsVisibleTo names
# the key; PublicSign on Linux). Build-file edits only:
#  - Directory.Build.props: Microsoft.SourceLink.GitHub dropped; the netstandard-only polyfill Required dropped.
#  - Abstractions: FluentBuilder (source generator, not served) dropped; its attribute from a compile-only stand-in
#    project (_standin/StandIns); the hand-written halves of the generated builders (BuilderExtensions/**) are left
#    out of the compile (nothing replayed uses them).
#  - OpenApiParser: ILRepack.Lib.MSBuild.Task dropped; RamlToOpenApiConverter.SourceOnly 0.21.0 -> 0.50.0 (served);
#    the enum OpenApiSpecificationVersion that 0.50.0 no longer has comes from the same stand-in project.
set -e
F=WireMock.Net; C=ee0f890795
M=/work/.mirror/wiremock+WireMock.Net/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf "$S" "$O"; mkdir -p "$S" "$O"
bash /work/corpus/bin/build/_extract.sh "$M" "$C" "$S"
cd "$S"
sed -i '/Microsoft.SourceLink.GitHub/d' Directory.Build.props
# Required (polyfill for netstandard only, not served): dropped everywhere (only net8.0 is built)
grep -rl --include=*.csproj 'Include="Required"' src | xargs -r perl -0pi -e 's#<PackageReference Include="Required"[^>]*?(/>|>.*?</PackageReference>)##sg'
mkdir -p _standin/StandIns
cat > _standin/StandIns/StandIns.csproj <<'X'
<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFrameworks>netstandard2.0;net8.0</TargetFrameworks><IsPackable>false</IsPackable></PropertyGroup></Project>
X
cat > _standin/StandIns/StandIns.cs <<'X'
namespace FluentBuilder { [System.AttributeUsage(System.AttributeTargets.Class)] public sealed class AutoGenerateBuilderAttribute : System.Attribute { } }
namespace RamlToOpenApiConverter { public enum OpenApiSpecificationVersion { OpenApi2_0, OpenApi3_0 } }
X
A=src/WireMock.Net.Abstractions/WireMock.Net.Abstractions.csproj
perl -0pi -e 's#<PackageReference Include="FluentBuilder".*?</PackageReference>#<ProjectReference Include="../../_standin/StandIns/StandIns.csproj" /><Compile Remove="BuilderExtensions/**" />#s' $A
P=src/WireMock.Net.OpenApiParser/WireMock.Net.OpenApiParser.csproj
sed -i '/ILRepack.Lib.MSBuild.Task/d; s#"RamlToOpenApiConverter.SourceOnly" Version="0.21.0"#"RamlToOpenApiConverter.SourceOnly" Version="0.50.0"#' $P
perl -0pi -e 's#(<PackageReference Include="RamlToOpenApiConverter.SourceOnly"[^>]*/>)#$1<ProjectReference Include="../../_standin/StandIns/StandIns.csproj" />#' $P
dotnet build src/WireMock.Net.Minimal/WireMock.Net.Minimal.csproj -c Release -f net8.0 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false \
  -p:GeneratePackageOnBuild=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O
cd "$O"; ls | grep -v -E '^WireMock\.Net\.(Minimal|Shared)\.net8\.0\.rsp$' | xargs -r rm -f
ls "$O"
