#!/bin/bash
# Corpus build of Telegram.Bot (needs the fetched mirror of github:TelegramBots/Telegram.Bot). Built at net8.0
# (-p:TargetFrameworks=net8.0: its net6.0 code). Edits: the unserved Meziantou.Analyzer 2.0.* and the `Required`
# polyfill package references dropped; no package on build.
F=Telegram.Bot; C=6191ea76dd; GH=TelegramBots/Telegram.Bot
. /work/corpus/bin/build/_rb3_lib.sh
extract
sed -i '/<PackageReference Include="Required" /d; /<PackageReference Include="Meziantou.Analyzer" /d' src/Telegram.Bot/Telegram.Bot.csproj
B src/Telegram.Bot/Telegram.Bot.csproj net8.0 -p:TargetFrameworks=net8.0 -p:GeneratePackageOnBuild=false
keep Telegram.Bot.net8.0
