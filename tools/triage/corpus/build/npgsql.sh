#!/bin/bash
# Rebuild corpus repository npgsql (npgsql/npgsql @ 3cb5804b76). No build-file edits (global.json removed;
# unserved package versions resolve upward with NU1603). The source generator project's .rsp is deleted;
# the generator is rebuilt with CopyLocalLockFileAssemblies so the replay finds Scriban.Signed.dll beside it.
set -uo pipefail
F=npgsql; C=3cb5804b76; M=/work/.mirror/npgsql+npgsql/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf "$S" "$O"; mkdir -p "$S" "$O"
source /work/corpus/bin/build/_extract.sh; extract_tree "$M" "$C" "$S"
rm -f "$S/global.json"
cd "$S"
B=(-c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false
   -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O)
set -e
dotnet build src/Npgsql/Npgsql.csproj -f net10.0 "${B[@]}"
# the replay loads generators from their bin folder: copy the generator's package dependencies (Scriban) beside it
dotnet build src/Npgsql.SourceGenerators/Npgsql.SourceGenerators.csproj -c Release -p:CopyLocalLockFileAssemblies=true -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false
rm -f "$O"/Npgsql.SourceGenerators.*.rsp
ls "$O"
