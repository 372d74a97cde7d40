#!/bin/bash
# Foundatio b2c39b4f (FoundatioFx/Foundatio, snapshot HEAD): Foundatio and Foundatio.Extensions.Hosting at net10.0
# (queues, locks, caching, messaging, jobs, storage; the hosting glue), built through Foundatio.Extensions.Hosting with
# -p:TargetFrameworks=net10.0. Edits (build files only): global.json removed; the private feed removed from NuGet.config;
# MinVer, SourceLink and AsyncFixer dropped from build/common.props; Microsoft.Bcl.TimeProvider 8.0 resolves to the
# served 8.0.1. Built unsigned.
set -e
R=Foundatio; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/FoundatioFx+Foundatio/repo archive b2c39b4f | tar -x -C $SRC
cd $SRC
rm -f global.json
sed -i '/f.feedz.io/d' NuGet.config
sed -i -e '/Microsoft.SourceLink.GitHub/d' -e '/"AsyncFixer"/d' -e '/"MinVer"/d' build/common.props
dotnet build src/Foundatio.Extensions.Hosting/Foundatio.Extensions.Hosting.csproj -c Release -f net10.0 -p:TargetFrameworks=net10.0 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD
