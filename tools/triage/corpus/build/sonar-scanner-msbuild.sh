#!/bin/bash
# Corpus build of sonar-scanner-msbuild (needs the fetched mirror of github:SonarSource/sonar-scanner-msbuild).
# Edits: the unserved SonarAnalyzer.CSharp.Styling reference dropped (CodeAnalysis.targets); NuGet.Config's private feed
# (with its credentials and signature requirement) replaced by nuget.org. PreProcessor builds Common.
F=sonar-scanner-msbuild; C=2695104610; GH=SonarSource/sonar-scanner-msbuild
. /work/corpus/bin/build/_rb3_lib.sh
extract
python3 - <<'X'
import re
p='CodeAnalysis.targets'; s=open(p).read()
s=re.sub(r'\s*<PackageReference Include="SonarAnalyzer.CSharp.Styling".*?</PackageReference>','',s,flags=re.S)
open(p,'w').write(s)
X
cat > NuGet.Config <<'X'
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
</configuration>
X
B src/SonarScanner.MSBuild.PreProcessor/SonarScanner.MSBuild.PreProcessor.csproj netstandard2.0
keep SonarScanner.MSBuild.PreProcessor.netstandard2.0 SonarScanner.MSBuild.Common.netstandard2.0
