#!/bin/bash
# minio-dotnet e33a542a5d (minio/minio-dotnet): Minio at net10.0. No edits. 0 findings expected (the earlier pass had minio 0).
set -e
R=minio-dotnet; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/minio+minio-dotnet/repo archive e33a542a5d | tar -x -C $SRC
cd $SRC
dotnet build Minio/Minio.csproj -c Release -f net10.0 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD
