#!/bin/bash
# Rebuild corpus repository oqtane (oqtane/oqtane.framework @ c7096eaf58).
# Edit: the unserved 10.0.11 Microsoft packages raised to the served 10.0.12 (else MySql.EntityFrameworkCore 10.0.12,
# taken for the unserved 10.0.7, makes NU1605 a downgrade error); other unserved versions resolve upward (NU1603).
# Oqtane.Package/nuget.exe is absent from the mirror: excluded from the extraction.
set -uo pipefail
F=oqtane; C=c7096eaf58; M=/work/.mirror/oqtane+oqtane.framework/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf "$S" "$O"; mkdir -p "$S" "$O"
source /work/corpus/bin/build/_extract.sh; extract_tree "$M" "$C" "$S"
rm -f "$S/global.json"
cd "$S"
sed -i 's/Version="10.0.11"/Version="10.0.12"/' Oqtane.Server/Oqtane.Server.csproj Oqtane.Client/Oqtane.Client.csproj Oqtane.Shared/Oqtane.Shared.csproj
B=(-c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false
   -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O)
set -e
dotnet build Oqtane.Server/Oqtane.Server.csproj -f net10.0 "${B[@]}"   # compiles Oqtane.Client and Oqtane.Shared too
ls "$O"
