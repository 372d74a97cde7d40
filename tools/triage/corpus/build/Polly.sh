#!/bin/bash
# App-vNext/Polly 173d6d1d2e: Polly.Core, Polly.Extensions, Polly.RateLimiting (net8.0), Polly (netstandard2.0)
set -e
. /work/corpus/bin/build/_rb1_common.sh
F=Polly
ag_fresh $F /work/.mirror/App-vNext+Polly/repo 173d6d1d2e
cd /work/corpus/src/$F
rm -f global.json   # pins SDK 10.0.400 (and Cake.Sdk for the build script only)
# SonarAnalyzer.CSharp 10.32.0.713 is not served: dropped; unserved versions raised to the nearest served ones
# (Microsoft.Bcl.AsyncInterfaces 6.0.0 -> 8.0.0, needed by the served Microsoft.Bcl.TimeProvider 8.0.1; package validation
# against the unserved Polly 8.5.2 baseline off)
sed -i '/PackageReference Include="SonarAnalyzer.CSharp"/d' eng/Analyzers.targets
sed -i -E 's/(Include="Microsoft.Bcl.TimeProvider" Version=)"8.0.0"/\1"8.0.1"/; s/(Include="System.ComponentModel.Annotations" Version=)"4.5.0"/\1"4.6.0"/; s/(Include="Microsoft.Bcl.AsyncInterfaces" Version=)"6.0.0"/\1"8.0.0"/' Directory.Packages.props
ag_build $F src/Polly.Extensions/Polly.Extensions.csproj net8.0 -p:EnablePackageValidation=false
ag_build $F src/Polly.RateLimiting/Polly.RateLimiting.csproj net8.0 -p:EnablePackageValidation=false
ag_build $F src/Polly/Polly.csproj netstandard2.0 -p:EnablePackageValidation=false
ag_keep $F Polly.Core.net8.0 Polly.Extensions.net8.0 Polly.RateLimiting.net8.0 Polly.netstandard2.0
