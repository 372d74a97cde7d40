#!/bin/bash
# Rebuild Dapper for the corpus (needs the mirror: fetch github:DapperLib/Dapper)
set -e
F=Dapper; C=6d48ef664a; M=/work/.mirror/DapperLib+Dapper/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf $S $O; mkdir -p $S
git -C $M archive $C | tar -x -C $S
cd $S; rm -f global.json
b() { dotnet build "$1" -c Release -f "$2" --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O "${@:3}"; }
# edit: the unserved ReferenceTrimmer global package reference dropped (build-time check only)
sed -i "/GlobalPackageReference Include=\"ReferenceTrimmer\"/d" Directory.Packages.props
! grep -q ReferenceTrimmer Directory.Packages.props
b Dapper/Dapper.csproj net10.0
ls $O
