#!/bin/bash
# Corpus build of Pipelines.Sockets.Unofficial (needs the fetched mirror of github:mgravell/Pipelines.Sockets.Unofficial).
# No edits; net10.0 only (-p:TargetFrameworks=net10.0).
F=Pipelines.Sockets.Unofficial; C=dbcd7d9fed; GH=mgravell/Pipelines.Sockets.Unofficial
. /work/corpus/bin/build/_rb3_lib.sh
extract
B src/Pipelines.Sockets.Unofficial/Pipelines.Sockets.Unofficial.csproj net10.0 -p:TargetFrameworks=net10.0
keep Pipelines.Sockets.Unofficial.net10.0
