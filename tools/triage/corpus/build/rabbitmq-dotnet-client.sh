#!/bin/bash
# Rebuild corpus repository rabbitmq-dotnet-client (rabbitmq/rabbitmq-dotnet-client @ 9579b3d5ac). No build-file edits
# (global.json removed; GeneratePackageOnBuild off). Two Windows toxiproxy .exe files are absent from the mirror.
set -uo pipefail
F=rabbitmq-dotnet-client; C=9579b3d5ac; M=/work/.mirror/rabbitmq+rabbitmq-dotnet-client/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf "$S" "$O"; mkdir -p "$S" "$O"
source /work/corpus/bin/build/_extract.sh; extract_tree "$M" "$C" "$S"
rm -f "$S/global.json"
cd "$S"
B=(-c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false
   -p:GeneratePackageOnBuild=false
   -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O)
set -e
dotnet build projects/RabbitMQ.Client/RabbitMQ.Client.csproj -f net8.0 "${B[@]}"
ls "$O"
