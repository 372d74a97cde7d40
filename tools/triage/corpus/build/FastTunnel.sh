#!/bin/bash
# Corpus build of FastTunnel (needs the fetched mirror of github:FastTunnel/FastTunnel). No edits; Server builds Core
# (with -p:WarningsAsErrors= : the served Microsoft.Extensions.* 8.0.1 trip NU1605),
# Client builds Core.Client. FastTunnel.Api is left out (it does not compile at this commit).
F=FastTunnel; C=d10123fad7; GH=FastTunnel/FastTunnel
. /work/corpus/bin/build/_rb3_lib.sh
extract
B FastTunnel.Server/FastTunnel.Server.csproj net8.0 -p:WarningsAsErrors=
B FastTunnel.Client/FastTunnel.Client.csproj net8.0
keep FastTunnel.Core.net8.0 FastTunnel.Server.net8.0 FastTunnel.Core.Client.net8.0 FastTunnel.Client.net8.0
