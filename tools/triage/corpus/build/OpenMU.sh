#!/bin/bash
# Rebuild corpus repository OpenMU (MUnique/OpenMU @ b29338b78e).
# Edit: the unserved System.ComponentModel.Annotations 6.0.0-preview.4.21253.7 pinned to the served 5.0.0
# (src/Directory.Packages.props).
# Built through the five servers (Connect, Chat via Friend, Login, Friend, Guild) at net10.0, which compile Network,
# Network.Packets, Interfaces, PlugIns, DataModel, Persistence, AttributeSystem and Annotations; .rsp files of
# projects the manifest does not list (source generators) are deleted. -p:ci=true (the project's own switch) skips the
# pre-build steps that regenerate committed sources with npx and a generator run.
set -uo pipefail
F=OpenMU; C=b29338b78e; M=/work/.mirror/MUnique+OpenMU/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf "$S" "$O"; mkdir -p "$S" "$O"
source /work/corpus/bin/build/_extract.sh; extract_tree "$M" "$C" "$S"
rm -f "$S/global.json"
cd "$S"
sed -i 's#"System.ComponentModel.Annotations" Version="6.0.0-preview.4.21253.7"#"System.ComponentModel.Annotations" Version="5.0.0"#' src/Directory.Packages.props
grep -q '"System.ComponentModel.Annotations" Version="5.0.0"' src/Directory.Packages.props
B=(-c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:ci=true
   -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O)
set -e
for p in FriendServer/MUnique.OpenMU.FriendServer.csproj GuildServer/MUnique.OpenMU.GuildServer.csproj \
         ConnectServer/MUnique.OpenMU.ConnectServer.csproj LoginServer/MUnique.OpenMU.LoginServer.csproj; do
  dotnet build "src/$p" -f net10.0 "${B[@]}"
done
rm -f "$O"/MUnique.OpenMU.SourceGenerators.*.rsp "$O"/MUnique.OpenMU.Persistence.SourceGenerator.*.rsp
ls "$O"
