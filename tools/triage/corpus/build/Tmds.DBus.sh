#!/bin/bash
# Tmds.DBus 8cbdded384 (tmds/Tmds.DBus). No edits (its global.json pins no SDK). SignAssembly kept: the projects public-sign.
set -e
R=Tmds.DBus; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/tmds+Tmds.DBus/repo archive 8cbdded384 | tar -x -C $SRC
cd $SRC
B="-c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD"
dotnet build src/Tmds.DBus/Tmds.DBus.csproj -f net6.0 $B
dotnet build src/Tmds.DBus.Protocol/Tmds.DBus.Protocol.csproj -f net9.0 $B
