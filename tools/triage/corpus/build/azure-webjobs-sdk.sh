#!/bin/bash
# Azure/azure-webjobs-sdk at f79ea0bff7 (the snapshot's HEAD, dev branch; held-out pass ho2). Replayed at netstandard2.0:
# WebJobs (Microsoft.Azure.WebJobs) and WebJobs.Host (the job host: listeners, executors, triggers, singleton locks).
# Built unsigned (-p:SignAssembly=false: delay signing fails in the replay, and no InternalsVisibleTo joins the two). Build-file edits only: global.json (pins SDK 8) removed;
# StyleCop.Analyzers 1.1.0-beta004 (not served) dropped; private feeds of NuGet.Config dropped (nuget.org only).
set -e
F=azure-webjobs-sdk; C=f79ea0bff7
M=/work/.mirror/Azure+azure-webjobs-sdk/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf "$S" "$O"; mkdir -p "$S" "$O"
bash /work/corpus/bin/build/_extract.sh "$M" "$C" "$S"
cd "$S"
rm -f global.json
cat > NuGet.Config <<'X'
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="nuget.org" value="https://api.nuget.org/v3/index.json" /></packageSources></configuration>
X
grep -rl --include=*.csproj 'StyleCop.Analyzers' src | xargs -r perl -0pi -e 's#<PackageReference Include="StyleCop.Analyzers"[^>]*?(/>|>.*?</PackageReference>)##sg'
dotnet build src/Microsoft.Azure.WebJobs.Host/WebJobs.Host.csproj -c Release -f netstandard2.0 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false \
  -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O
cd "$O"; ls | grep -v -E '^WebJobs(\.Host)?\.netstandard2\.0\.rsp$' | xargs -r rm -f
ls "$O"
