#!/bin/bash
# FusionCache cfe63399fc (ZiggyCreatures/FusionCache). Edit: global.json (SDK 10.0.100 pin, allowPrerelease) removed.
# ZiggyCreatures.FusionCache and .Backplane.StackExchangeRedis at net9.0; .Backplane.Memory and .Locking.Distributed.Redis
# target netstandard2.0 only (built at it); the netstandard2.0 rsp of the core library they reference is deleted.
set -e
R=FusionCache; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/ZiggyCreatures+FusionCache/repo archive cfe63399fc | tar -x -C $SRC
cd $SRC; rm -f global.json
B="-c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD"
dotnet build src/ZiggyCreatures.FusionCache.Backplane.StackExchangeRedis/ZiggyCreatures.FusionCache.Backplane.StackExchangeRedis.csproj -f net9.0 $B
for p in ZiggyCreatures.FusionCache.Backplane.Memory ZiggyCreatures.FusionCache.Locking.Distributed.Redis; do dotnet build src/$p/$p.csproj $B; done
rm -f $CMD/ZiggyCreatures.FusionCache.netstandard2.0.rsp
