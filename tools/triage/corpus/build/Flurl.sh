#!/bin/bash
# Flurl 93f5668dc2 (tmenier/Flurl): Flurl, Flurl.Http, Flurl.Http.Newtonsoft at net6.0, built through Flurl.Http.Newtonsoft
# with -p:TargetFrameworks=net6.0 (drops net461/net472/netstandard2.0; Flurl itself is compiled at net6.0 this way). No file edits.
set -e
R=Flurl; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/tmenier+Flurl/repo archive 93f5668dc2 | tar -x -C $SRC
cd $SRC
dotnet build src/Flurl.Http.Newtonsoft/Flurl.Http.Newtonsoft.csproj -c Release -f net6.0 -p:TargetFrameworks=net6.0 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD
