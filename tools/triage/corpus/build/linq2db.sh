#!/bin/bash
# linq2db 7727630832 (linq2db/linq2db, snapshot HEAD): LinqToDB at net10.0 (the LINQ to DB core: data connection, query
# runner, bulk copy of every provider, remote service; sync and async twins throughout), built with -f net10.0.
# Build edits: global.json dropped; Data/, Tests/ and Redist/ not extracted (absent from the snapshot or not needed);
# analyzer/polyfill/SourceLink packages dropped from Directory.Build.props (Lindhart.Analyser.MissingAwaitWarning and
# Meziantou.Polyfill unserved); Microsoft.CodeAnalysis.CSharp/.Analyzers 5.6.0 -> 5.9.0 (the SDK's compiler); the
# CodeGenerators source generator retargeted from netstandard2.0 to net10.0 (it used Meziantou.Polyfill for HashCode and
# IsExternalInit); LinqToDB's packaging-only reference to LinqToDB.Analyzers.CodeFixes dropped; the pomelo nightly feed
# dropped; package validation off; unsigned. Satellite packages and tests not replayed. Held out, ho5.
set -e
R=linq2db; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R; M=/work/.mirror/linq2db+linq2db/repo; C=7727630832ccba233161347f2dfaa8abba956dc3
mkdir -p $SRC $CMD
git -C $M archive $C $(git -C $M ls-tree --name-only $C | grep -v -E '^(Data|Tests|Redist)$') | tar -x -C $SRC
cd $SRC
rm -f global.json
python3 - <<'PY'
import re
p='Directory.Build.props'; s=open(p).read()
for pk in ['AsyncFixer','Lindhart.Analyser.MissingAwaitWarning','Meziantou.Analyzer','Meziantou.Polyfill','Microsoft.CodeAnalysis.BannedApiAnalyzers','Microsoft.SourceLink.GitHub']:
    s=re.sub(r'\n\s*<PackageReference Include="%s" PrivateAssets="All" />'%re.escape(pk),'',s)
open(p,'w').write(s)
p='Directory.Packages.props'; s=open(p).read()
s=re.sub(r'(<PackageVersion Include="Microsoft.CodeAnalysis.(CSharp|Analyzers)"\s+Version=")5.6.0"',r'\g<1>5.9.0"',s)
open(p,'w').write(s)
p='Source/CodeGenerators/CodeGenerators.csproj'; s=open(p).read()
s=s.replace('<TargetFramework>netstandard2.0</TargetFramework>','<TargetFramework>net10.0</TargetFramework>')
s=re.sub(r'\s*<PackageReference Include="Meziantou.Polyfill" PrivateAssets="All" />','',s)
open(p,'w').write(s)
p='Source/LinqToDB/LinqToDB.csproj'; s=open(p).read()
s=s.replace('<ProjectReference Include="../LinqToDB.Analyzers.CodeFixes/LinqToDB.Analyzers.CodeFixes.csproj" PrivateAssets="contentfiles;build" />','')
open(p,'w').write(s)
p='nuget.config'; s=open(p).read()
s=re.sub(r'\s*<add key="pomelo-nightly"[^>]*/>','',s)
open(p,'w').write(s)
PY
dotnet build Source/LinqToDB/LinqToDB.csproj -c Release -f net10.0 --no-incremental -p:EnablePackageValidation=false -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD
rm -f $CMD/CodeGenerators.*.rsp
