#!/bin/bash
# Corpus build of Discord.Net (needs the fetched mirror of github:discord-net/Discord.Net; snapshot HEAD 8b929690a9).
# Built through src/Discord.Net.WebSocket at net6.0, which builds Discord.Net.Core and Discord.Net.Rest.
# Edit: the analyzer package IDisposableAnalyzers 4.0.7 (unserved; build-time only) dropped from Discord.Net.Core.csproj.
# Built with -p:LangVersion=12 (the repository says latest; under C# 14 an array .Reverse() in Rest binds to the in-place span
# overload and stops compiling). Held out (ho6).
F=Discord.Net; C=8b929690a9; GH=discord-net/Discord.Net
. /work/corpus/bin/build/_rb3_lib.sh
extract
sed -i '/<PackageReference Include="IDisposableAnalyzers"/,/<\/PackageReference>/d' src/Discord.Net.Core/Discord.Net.Core.csproj
B src/Discord.Net.WebSocket/Discord.Net.WebSocket.csproj net6.0 -p:LangVersion=12
keep Discord.Net.Core.net6.0 Discord.Net.Rest.net6.0 Discord.Net.WebSocket.net6.0
