#!/bin/bash
# Rebuild Newtonsoft.Json for the corpus (needs the mirror: fetch github:JamesNK/Newtonsoft.Json)
set -e
F=Newtonsoft.Json; C=09bb545d72; M=/work/.mirror/JamesNK+Newtonsoft.Json/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf $S $O; mkdir -p $S
# the mirror may lack large blobs (a test's large.json): extract everything else
EX=$(git -C $M ls-tree -r $C | awk '$2=="blob"{print $3" "$4}' | while read h p; do git -C $M cat-file -e $h 2>/dev/null || echo ":(exclude)$p"; done)
git -C $M archive $C -- . $EX | tar -x -C $S
cd $S; rm -f global.json Src/global.json
b() { dotnet build "$1" -c Release -f "$2" --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O "${@:3}"; }
b Src/Newtonsoft.Json/Newtonsoft.Json.csproj net8.0 -p:LibraryFrameworks=net8.0
ls $O
