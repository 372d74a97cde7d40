#!/bin/bash
# featbit 366b4a1165 (featbit/featbit): the evaluation server only (modules/evaluation-server/src: Api, Streaming,
# Infrastructure, Domain; net10.0, built through Api). The mirror lacks the blobs of the front-end's Chinese fonts, so
# modules/front-end/src/assets/Noto-Sans-S-Chinese is left out of the extraction.
# Edit (Infrastructure.csproj): the unserved AspNetCore.HealthChecks.Kafka / .MongoDb 9.0.0 references replaced by one
# ProjectReference to a compile-only stand-in (source in /work/corpus/bin/standins/featbit, copied to src/_standins); its rsp deleted.
set -e
R=featbit; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/featbit+featbit/repo archive 366b4a1165 -- . ':(exclude)modules/front-end/src/assets/Noto-Sans-S-Chinese/*' | tar -x -C $SRC
cd $SRC/modules/evaluation-server/src
mkdir -p _standins/HealthChecks.StandIn && cp /work/corpus/bin/standins/featbit/* _standins/HealthChecks.StandIn/
sed -i -e '/<PackageReference Include="AspNetCore.HealthChecks.Kafka" Version="9.0.0" \/>/d' \
  -e 's#<PackageReference Include="AspNetCore.HealthChecks.MongoDb" Version="9.0.0" />#<ProjectReference Include="..\\_standins\\HealthChecks.StandIn\\HealthChecks.StandIn.csproj" />#' Infrastructure/Infrastructure.csproj
dotnet build Api/Api.csproj -c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD
rm -f $CMD/HealthChecks.StandIn.*.rsp
