#!/bin/bash
# dotnet/eShop 5624ad564d: Basket.API, EventBus, EventBusRabbitMQ, IntegrationEventLogEF, OrderProcessor, PaymentProcessor,
# Webhooks.API, eShop.ServiceDefaults (net10.0)
set -e
. /work/corpus/bin/build/_rb1_common.sh
F=eShop
ag_fresh $F /work/.mirror/dotnet+eShop/repo 5624ad564d
cd /work/corpus/src/$F
rm -f global.json   # pins 10.0.100 (and MSTest.Sdk for the tests)
# central versions that are not served raised to served ones
P=Directory.Packages.props
sed -i -E 's#<AspireVersion>13.1.0</AspireVersion>#<AspireVersion>13.6.5</AspireVersion>#; s#<MicrosoftExtensionsVersion>10.1.0</MicrosoftExtensionsVersion>#<MicrosoftExtensionsVersion>10.10.0</MicrosoftExtensionsVersion>#; s#<ApiVersioningVersion>8.1.0</ApiVersioningVersion>#<ApiVersioningVersion>8.1.1</ApiVersioningVersion>#' $P
sed -i -E 's/(Include="Microsoft.AspNetCore.(Authentication.JwtBearer|OpenApi)" Version=)"10.0.1"/\1"10.0.15"/; s/(Include="Microsoft.Extensions.Http.Resilience" Version=)"10.1.0"/\1"10.10.0"/' $P
sed -i -E 's/(Include="OpenTelemetry.(Exporter.OpenTelemetryProtocol|Instrumentation.Http|Instrumentation.Runtime|Extensions.Hosting|Instrumentation.AspNetCore)" Version=)"1.14.0"/\1"1.21.0"/; s/(Include="OpenTelemetry.Instrumentation.GrpcNetClient" Version=)"1.14.0-beta.1"/\1"1.20.1-beta.1"/' $P
sed -i -E 's/Version="10.0.1"/Version="10.0.15"/' $P   # every 10.0.1 pin (ASP.NET Core, EF Core, Extensions): 10.0.15, as Aspire 13.6.5 needs
sed -i -E 's/(Include="Microsoft.OpenApi" Version=)"2.3.2"/\1"2.13.0"/; s/(Include="Scalar.AspNetCore" Version=)"2.8.6"/\1"2.18.0"/; s/(Include="Npgsql.EntityFrameworkCore.PostgreSQL" Version=)"10.0.0"/\1"10.0.3"/' $P
mkdir -p _corpus_host && cat > _corpus_host/CorpusHost.csproj <<'X'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="../src/Basket.API/Basket.API.csproj" />
    <ProjectReference Include="../src/OrderProcessor/OrderProcessor.csproj" />
    <ProjectReference Include="../src/PaymentProcessor/PaymentProcessor.csproj" />
    <ProjectReference Include="../src/Webhooks.API/Webhooks.API.csproj" />
  </ItemGroup>
</Project>
X
ag_build $F _corpus_host/CorpusHost.csproj net10.0
ag_keep $F Basket.API.net10.0 EventBus.net10.0 EventBusRabbitMQ.net10.0 IntegrationEventLogEF.net10.0 OrderProcessor.net10.0 PaymentProcessor.net10.0 Webhooks.API.net10.0 eShop.ServiceDefaults.net10.0
