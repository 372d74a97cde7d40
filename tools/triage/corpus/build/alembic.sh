#!/bin/bash
# Rebuild corpus repository alembic (throw-if-null/alembic @ 48ad71cf3a).
# Edit: Alembic.Common's Microsoft.Extensions.* 5.0.* raised to 6.0.* (Hosting 5.0.x is not served; 6.0.0 in its place
# made NU1605 downgrade errors against the other 5.0 references).
# Built through the host Alembic at net5.0 (compiles Alembic.Common, .Docker, .Reporting).
set -uo pipefail
F=alembic; C=48ad71cf3a; M=/work/.mirror/throw-if-null+alembic/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf "$S" "$O"; mkdir -p "$S" "$O"
source /work/corpus/bin/build/_extract.sh; extract_tree "$M" "$C" "$S"
rm -f "$S/global.json"
cd "$S"
sed -i '/Microsoft.Extensions/s/Version="5.0.\*"/Version="6.0.*"/' src/Alembic.Common/Alembic.Common.csproj
B=(-c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false
   -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O)
set -e
dotnet build src/Alembic/Alembic.csproj -f net5.0 "${B[@]}"
ls "$O"
