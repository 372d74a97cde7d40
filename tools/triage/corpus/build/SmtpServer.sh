#!/bin/bash
# SmtpServer 049b98ce3f (cosullivan/SmtpServer): SmtpServer netstandard2.1 + Examples/WorkerService net8.0. No edits.
# The mirror lacks the blobs of Src/SmtpServer.Benchmarks/*.eml (benchmark data), so they are left out of the extraction.
set -e
R=SmtpServer; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/cosullivan+SmtpServer/repo archive 049b98ce3f -- . ':(exclude)Src/SmtpServer.Benchmarks/*.eml' | tar -x -C $SRC
cd $SRC
dotnet build Examples/WorkerService/WorkerService.csproj -c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD
