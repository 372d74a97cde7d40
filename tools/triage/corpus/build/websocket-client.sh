#!/bin/bash
# websocket-client 10f39cfacf (Marfusios/websocket-client): Websocket.Client at net8. No edits.
set -e
R=websocket-client; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/Marfusios+websocket-client/repo archive 10f39cfacf | tar -x -C $SRC
cd $SRC
dotnet build src/Websocket.Client/Websocket.Client.csproj -c Release -f net8 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD
