#!/bin/bash
# MimeKit cf6d38dd0a (jstedfast/MimeKit): only the MimeKit folder extracted. No file edits; -p:TargetFrameworks=net10.0
# (the net462/net47 targets need unserved reference-assembly packages at restore).
set -e
R=MimeKit; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/jstedfast+MimeKit/repo archive cf6d38dd0a MimeKit | tar -x -C $SRC
cd $SRC
dotnet build MimeKit/MimeKit.csproj -c Release -f net10.0 -p:TargetFrameworks=net10.0 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD
