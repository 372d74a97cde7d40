#!/bin/bash
# Rebuild CliWrap for the corpus (needs the mirror: fetch github:Tyrrrz/CliWrap)
set -e
F=CliWrap; C=98ae959b02; M=/work/.mirror/Tyrrrz+CliWrap/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf $S $O; mkdir -p $S
git -C $M archive $C | tar -x -C $S
cd $S; rm -f global.json
# edits (CliWrap/CliWrap.csproj only):
#  - PolyShim (source polyfills, not served) and CSharpier.MsBuild (formatter) dropped
#  - the net35 signaler project (its reference assemblies are not served) and its embedded exe dropped
python3 - <<'PY'
import re
p='CliWrap/CliWrap.csproj'; s=open(p).read()
s=re.sub(r'\s*<PackageReference Include="(PolyShim|CSharpier.MsBuild)"[^>]*/>','',s)
s=re.sub(r'\s*<ProjectReference Include="..\\CliWrap.Signaler\\CliWrap.Signaler.csproj">.*?</ProjectReference>','',s,flags=re.S)
s=re.sub(r'\s*<EmbeddedResource Include="../CliWrap.Signaler/.*?</EmbeddedResource>','',s,flags=re.S)
assert 'PolyShim' not in s and 'Signaler.csproj' not in s and 'Signaler.exe' not in s
open(p,'w').write(s)
PY
b() { dotnet build "$1" -c Release -f "$2" --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O "${@:3}"; }
b CliWrap/CliWrap.csproj net10.0 -p:TargetFrameworks=net10.0
ls $O
