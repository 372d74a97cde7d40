#!/bin/bash
# BaGetter 08bb743683 (bagetter/BaGetter), through src/BaGetter.Web (net9.0; Core net9.0, Protocol netstandard2.0).
# Edit: global.json (SDK 9.0.306 pin) removed.
set -e
R=BaGetter; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/bagetter+BaGetter/repo archive 08bb743683 | tar -x -C $SRC
cd $SRC; rm -f global.json
dotnet build src/BaGetter.Web/BaGetter.Web.csproj -c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD
