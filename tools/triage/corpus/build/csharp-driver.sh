#!/bin/bash
# csharp-driver efe4886359 (datastax/csharp-driver, snapshot HEAD): Cassandra (the driver core: connections, request
# execution, control connection, metadata, the Mapper and Linq layers) at netstandard2.0, built with BuildCoreOnly=True.
# Edits (build files only): unserved package versions raised to served ones: K4os.Compression.LZ4 1.1.11 -> 1.3.8,
# Microsoft.Extensions.Logging 1.0.0 -> 2.1.0, Microsoft.Extensions.Logging.Abstractions 1.0.0 -> 2.1.0,
# System.Management 4.7.0 -> 6.0.1, System.Threading.Tasks.Dataflow 4.6.0 -> 4.8.0. Built unsigned.
set -e
R=csharp-driver; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/datastax+csharp-driver/repo archive efe4886359 | tar -x -C $SRC
cd $SRC
P=src/Cassandra/Cassandra.csproj
sed -i -e 's/"K4os.Compression.LZ4" Version="1.1.11"/"K4os.Compression.LZ4" Version="1.3.8"/' \
  -e 's/"Microsoft.Extensions.Logging" Version="1.0.0"/"Microsoft.Extensions.Logging" Version="2.1.0"/' \
  -e 's/"Microsoft.Extensions.Logging.Abstractions" Version="1.0.0"/"Microsoft.Extensions.Logging.Abstractions" Version="2.1.0"/' \
  -e 's/"System.Management" Version="4.7.0"/"System.Management" Version="6.0.1"/' \
  -e 's/"System.Threading.Tasks.Dataflow" Version="4.6.0"/"System.Threading.Tasks.Dataflow" Version="4.8.0"/' $P
dotnet build $P -c Release -f netstandard2.0 -p:BuildCoreOnly=True --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD
