#!/bin/bash
# git-credential-manager 2fe99b867b (git-ecosystem/git-credential-manager). Edits: global.json (SDK 8 pin) removed.
# Release build drops Avalonia.Diagnostics; Avalonia 11.1.3 (unserved) resolves up to 11.2.3 (NU1603).
# -p:RuntimeIdentifiers= : the exe lists linux-arm etc., whose runtime packs are not served (no effect on the compile).
set -e
R=git-credential-manager; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/git-ecosystem+git-credential-manager/repo archive 2fe99b867b | tar -x -C $SRC
cd $SRC; rm -f global.json
B="-c Release -f net10.0 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD"
dotnet build src/shared/Git-Credential-Manager/Git-Credential-Manager.csproj $B -p:RuntimeIdentifiers=
