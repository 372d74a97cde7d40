#!/bin/bash
# Docker.DotNet c0f44a7000 (dotnet/Docker.DotNet, snapshot HEAD): Docker.DotNet at netstandard2.1 (the Docker Engine API
# client: HTTP over unix sockets/named pipes, hijacked and multiplexed streams, progress streams), built with
# -p:TargetFrameworks=netstandard2.1. Build edit: Nerdbank.GitVersioning 3.5.108 (unserved, needs git) dropped from
# src/Directory.Build.props; unsigned. X509/BasicAuth add-ons and tests not replayed.
set -e
R=Docker.DotNet; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/dotnet+Docker.DotNet/repo archive c0f44a7000 | tar -x -C $SRC
cd $SRC
python3 - <<'PY'
import re
p='src/Directory.Build.props'; s=open(p).read()
s=re.sub(r'\s*<PackageReference Include="Nerdbank.GitVersioning".*?</PackageReference>','',s,flags=re.S)
open(p,'w').write(s)
PY
dotnet build src/Docker.DotNet/Docker.DotNet.csproj -c Release -f netstandard2.1 -p:TargetFrameworks=netstandard2.1 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD
