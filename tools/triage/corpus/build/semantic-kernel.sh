#!/bin/bash
# Corpus build of semantic-kernel (needs the fetched mirror of github:microsoft/semantic-kernel). Its .NET core only:
# SemanticKernel.Core (net10.0) builds SemanticKernel.Abstractions. Edits (build files only): dotnet/global.json removed;
# in dotnet/Directory.Packages.props the analyzer packages at unserved versions (Microsoft.VisualStudio.Threading.Analyzers
# 17.14.15, Moq.Analyzers 0.3.1, Roslynator.* [4.13.1]) removed; in dotnet/Directory.Build.targets the
# Microsoft.Build.CentralPackageVersions SDK line dropped (ManagePackageVersionsCentrally stays on).
# -p:EnablePackageValidation=false (its baseline package 1.79.0 is not served); -p:GITHUB_ACTIONS=corpus skips the repository's "dotnet format on Release build" target (it formats, compiles nothing).
F=semantic-kernel; C=b39d95a344; GH=microsoft/semantic-kernel
. /work/corpus/bin/build/_rb3_lib.sh
extract
rm -f dotnet/global.json
python3 - <<'X'
import re
p='dotnet/Directory.Packages.props'; s=open(p).read()
for n in ['Microsoft.VisualStudio.Threading.Analyzers','Moq.Analyzers','Roslynator.Analyzers','Roslynator.CodeAnalysis.Analyzers','Roslynator.Formatting.Analyzers']:
    s2=re.sub(r'\s*<PackageVersion Include="%s" Version="[^"]*" />' % re.escape(n),'',s)
    s2=re.sub(r'\s*<PackageReference Include="%s">.*?</PackageReference>' % re.escape(n),'',s2,flags=re.S)
    assert s2!=s, n; s=s2
open(p,'w').write(s)
p='dotnet/Directory.Build.targets'; s=open(p).read()
s2=re.sub(r'\s*<Sdk Name="Microsoft.Build.CentralPackageVersions" Version="[^"]*" />','',s); assert s2!=s; open(p,'w').write(s2)
X
B dotnet/src/SemanticKernel.Core/SemanticKernel.Core.csproj net10.0 -p:GITHUB_ACTIONS=corpus -p:EnablePackageValidation=false
keep SemanticKernel.Abstractions.net10.0 SemanticKernel.Core.net10.0
