#!/bin/bash
# Downloader 10ece6bfd5 (bezzad/Downloader), net10.0 through src/Samples/Downloader.Sample. No file edits;
# -p:TargetFrameworks=net10.0 because the projects also target net11.0, which SDK 10 cannot build.
set -e
R=Downloader; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/bezzad+Downloader/repo archive 10ece6bfd5 | tar -x -C $SRC
cd $SRC
dotnet build src/Samples/Downloader.Sample/Downloader.Sample.csproj -c Release -f net10.0 -p:TargetFrameworks=net10.0 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD
