#!/bin/bash
# Rebuild smtp4dev for the corpus (needs the mirror: fetch github:rnwood/smtp4dev); its SMTP server only
set -e
F=smtp4dev; C=738a75ffb7; M=/work/.mirror/rnwood+smtp4dev/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf $S $O; mkdir -p $S
# the mirror lacks a few blobs (the web client's patch files): extract every top-level entry that archives whole
git -C $M ls-tree --name-only $C | while read -r e; do
  if git -C $M archive $C -- "$e" >/dev/null 2>&1; then git -C $M archive $C -- "$e" | tar -x -C $S; else echo "skipped (blobs missing): $e"; fi
done
test -f $S/smtpserver/Rnwood.SmtpServer/Rnwood.SmtpServer.csproj
cd $S; rm -f global.json
b() { dotnet build "$1" -c Release -f "$2" --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O "${@:3}"; }
b smtpserver/Rnwood.SmtpServer/Rnwood.SmtpServer.csproj net10.0
ls $O
