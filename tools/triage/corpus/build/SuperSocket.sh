#!/bin/bash
# Rebuild SuperSocket for the corpus (needs the mirror: fetch github:kerryjiang/SuperSocket)
set -e
F=SuperSocket; C=f15e45e3c4; M=/work/.mirror/kerryjiang+SuperSocket/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf $S $O; mkdir -p $S
git -C $M archive $C | tar -x -C $S
cd $S; rm -f global.json   # pins SDK 9.0.0 (no other edits)
b() { dotnet build "$1" -c Release -f "$2" --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O "${@:3}"; }
# one build of the 14 library projects through a throw-away solution outside the tree
SL=/tmp/rb4-supersocket-sln; rm -rf $SL; mkdir -p $SL
dotnet new sln -n corpus -o $SL --format sln >/dev/null
for p in ProtoBase Primitives Connection Server.Abstractions Server Command Http WebSocket WebSocket.Server MCP Udp Kestrel Client Client.Proxy; do
  dotnet sln $SL/corpus.sln add src/SuperSocket.$p/SuperSocket.$p.csproj >/dev/null
done
b $SL/corpus.sln net9.0
ls $O
