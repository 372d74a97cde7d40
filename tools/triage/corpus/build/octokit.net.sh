#!/bin/bash
# octokit.net 7fa5b0fe4a (octokit/octokit.net, snapshot HEAD): Octokit at netstandard2.0 (the async API client core;
# Octokit.Reactive, generators and tests not replayed). Edit: Microsoft.SourceLink.GitHub dropped from Octokit.csproj;
# built unsigned (-p:SignAssembly=false).
set -e
R=octokit.net; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/octokit+octokit.net/repo archive 7fa5b0fe4a | tar -x -C $SRC
cd $SRC
sed -i '/Microsoft.SourceLink.GitHub/d' Octokit/Octokit.csproj
dotnet build Octokit/Octokit.csproj -c Release -f netstandard2.0 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD
