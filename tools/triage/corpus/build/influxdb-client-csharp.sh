#!/bin/bash
# influxdata/influxdb-client-csharp at 23c90085 (held-out pass ho1). No edits: the four pinned versions that are not
# served (ObjectPool 10.0.9, Net.Http.Headers 2.3.11, Collections.Immutable 10.0.8, ConfigurationManager 10.0.9) resolve to the next served one (NU1603).
# Replayed: InfluxDB.Client.Core and InfluxDB.Client at netstandard2.1 (Client builds Client.Core).
set -e
F=influxdb-client-csharp; C=23c90085
M=/work/.mirror/influxdata+influxdb-client-csharp/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf "$S" "$O"; mkdir -p "$S" "$O"
bash /work/corpus/bin/build/_extract.sh "$M" "$C" "$S"
cd "$S"
dotnet build Client/Client.csproj -c Release -f netstandard2.1 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false \
  -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O
ls "$O"
