#!/bin/bash
# FreeRedis 8ebda12bc6 (2881099/FreeRedis, snapshot HEAD): FreeRedis at netstandard2.0 (the Redis client: connection
# pool, cluster/sentinel/pooling adapters, pipeline, transactions, pub/sub, client-side caching; sync and async twins under
# the isasync symbol), built with -p:TargetFrameworks=netstandard2.0 (drops net451/net40). No edits. Built unsigned.
set -e
R=FreeRedis; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/2881099+FreeRedis/repo archive 8ebda12bc6 | tar -x -C $SRC
cd $SRC
dotnet build src/FreeRedis/FreeRedis.csproj -c Release -f netstandard2.0 -p:TargetFrameworks=netstandard2.0 -p:GeneratePackageOnBuild=false --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD
