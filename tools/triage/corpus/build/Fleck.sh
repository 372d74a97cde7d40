#!/bin/bash
# Fleck 45672e0781 (statianzo/Fleck, snapshot HEAD): Fleck at netstandard2.0 (the WebSocket server: socket wrapper,
# handshake, frame handlers), built with -p:TargetFrameworks=netstandard2.0 (drops net40/net45/netcoreapp2.0). No edits.
set -e
R=Fleck; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/statianzo+Fleck/repo archive 45672e0781 | tar -x -C $SRC
cd $SRC
dotnet build src/Fleck/Fleck.csproj -c Release -f netstandard2.0 -p:TargetFrameworks=netstandard2.0 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD
