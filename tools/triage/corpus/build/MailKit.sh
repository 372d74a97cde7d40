#!/bin/bash
# Rebuild MailKit for the corpus (needs the mirror: fetch github:jstedfast/MailKit)
set -e
F=MailKit; C=d1f7aa7655; M=/work/.mirror/jstedfast+MailKit/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf $S $O; mkdir -p $S
git -C $M archive $C | tar -x -C $S
cd $S; rm -f global.json
# edit: the MimeKit submodule is not in the archive: reference the served MimeKit 4.18.2 package instead
sed -i 's|<ProjectReference Include="..\\submodules\\MimeKit\\MimeKit\\MimeKit.csproj" />|<PackageReference Include="MimeKit" Version="4.18.2" />|' MailKit/MailKit.csproj
# edit: System.Formats.Asn1 10.0.0 raised to 10.0.13 (the MimeKit package needs >= 10.0.13; NU1605 otherwise)
sed -i 's|"System.Formats.Asn1" Version="10.0.0"|"System.Formats.Asn1" Version="10.0.13"|' MailKit/MailKit.csproj
grep -q 'Include="MimeKit" Version="4.18.2"' MailKit/MailKit.csproj
b() { dotnet build "$1" -c Release -f "$2" --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O "${@:3}"; }
# only net10.0 is restored (the net47 reference assemblies are not served)
b MailKit/MailKit.csproj net10.0 -p:TargetFrameworks=net10.0
ls $O
