#!/bin/bash
# grate ef162957df (grate-devs/grate): grate.core, .postgresql, .sqlite, .mariadb at net10.0. No edits (global.json allows SDK 10).
# 0 findings expected (the previous pass recorded grate 0).
set -e
R=grate; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/grate-devs+grate/repo archive ef162957df | tar -x -C $SRC
cd $SRC
B="-c Release -f net10.0 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD"
for p in grate.postgresql grate.sqlite grate.mariadb; do dotnet build src/$p/$p.csproj $B; done
