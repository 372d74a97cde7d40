#!/bin/bash
# Rebuild TwitchDownloader for the corpus (needs the mirror: fetch github:lay295/TwitchDownloader)
set -e
F=TwitchDownloader; C=a9386f3e95; M=/work/.mirror/lay295+TwitchDownloader/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf $S $O; mkdir -p $S
# the mirror lacks two large blobs (emoji zip archives, not used by the compile): extract everything else
EX=$(git -C $M ls-tree -r $C | awk '$2=="blob"{print $3" "$4}' | while read h p; do git -C $M cat-file -e $h 2>/dev/null || echo ":(exclude)$p"; done)
git -C $M archive $C -- . $EX | tar -x -C $S
cd $S; rm -f global.json
# the resx links the two missing zips: empty placeholder files stand in (resources only, no C# effect)
for x in $EX; do touch "${x#:(exclude)}"; done
# no build-file edits: HarfBuzzSharp 14.2.1.1 resolves to the served 14.2.1.6 (NU1603 warning)
b() { dotnet build "$1" -c Release -f "$2" --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O "${@:3}"; }
b TwitchDownloaderCore/TwitchDownloaderCore.csproj net10.0 -p:GeneratePackageOnBuild=false
ls $O
