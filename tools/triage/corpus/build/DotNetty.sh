#!/bin/bash
# Azure/DotNetty at 78c5757 (held-out pass ho1). No edits. Replayed at net6.0: DotNetty.Common, .Buffers, .Codecs,
# .Transport, .Handlers (built through Handlers; signing kept: InternalsVisibleTo names the key, PublicSign on Linux).
set -e
F=DotNetty; C=78c5757
M=/work/.mirror/Azure+DotNetty/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf "$S" "$O"; mkdir -p "$S" "$O"
bash /work/corpus/bin/build/_extract.sh "$M" "$C" "$S"
cd "$S"
dotnet build src/DotNetty.Handlers/DotNetty.Handlers.csproj -c Release -f net6.0 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false \
  -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O
ls "$O"
