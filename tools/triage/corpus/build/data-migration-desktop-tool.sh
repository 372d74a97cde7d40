#!/bin/bash
# Rebuild data-migration-desktop-tool for the corpus (needs the mirror: fetch github:AzureCosmosDB/data-migration-desktop-tool)
set -e
F=data-migration-desktop-tool; C=f074249f05; M=/work/.mirror/AzureCosmosDB+data-migration-desktop-tool/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf $S $O; mkdir -p $S
git -C $M archive $C | tar -x -C $S
cd $S; rm -f global.json
# no build-file edits: central versions that are not served resolve to the next served one (NU1603 warnings)
b() { dotnet build "$1" -c Release -f "$2" --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O "${@:3}"; }
# the `dmt` host, Cosmos, Parquet, Cognitive Search and the other Mongo extensions are left out (unserved packages)
SL=/tmp/rb4-dmt-sln; rm -rf $SL; mkdir -p $SL
dotnet new sln -n corpus -o $SL --format sln >/dev/null
for p in Interfaces/Cosmos.DataTransfer.Interfaces/Cosmos.DataTransfer.Interfaces.csproj Interfaces/Cosmos.DataTransfer.Common/Cosmos.DataTransfer.Common.csproj \
  Extensions/SqlServer/Cosmos.DataTransfer.SqlServerExtension/Cosmos.DataTransfer.SqlServerExtension.csproj \
  Extensions/Mongo/Cosmos.DataTransfer.MongoExtension/Cosmos.DataTransfer.MongoExtension.csproj \
  Extensions/PostgreSQL/Cosmos.DataTransfer.PostgresqlExtension.csproj \
  Extensions/Json/Cosmos.DataTransfer.JsonExtension/Cosmos.DataTransfer.JsonExtension.csproj \
  Extensions/Csv/Cosmos.DataTransfer.CsvExtension/Cosmos.DataTransfer.CsvExtension.csproj \
  Extensions/AzureTableAPI/Cosmos.DataTransfer.AzureTableAPIExtension/Cosmos.DataTransfer.AzureTableAPIExtension.csproj \
  Extensions/AwsS3/Cosmos.DataTransfer.AwsS3Storage/Cosmos.DataTransfer.AwsS3Storage.csproj \
  Extensions/AzureBlob/Cosmos.DataTransfer.AzureBlobStorage/Cosmos.DataTransfer.AzureBlobStorage.csproj; do
  dotnet sln $SL/corpus.sln add $p >/dev/null
done
b $SL/corpus.sln net8.0
ls $O
