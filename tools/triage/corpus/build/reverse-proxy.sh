#!/bin/bash
# Rebuild corpus repository reverse-proxy (microsoft/reverse-proxy @ 202cca96df).
# Edits (build files only): the Arcade SDK (not served) is dropped: Directory.Build.props imports eng/Versions.props
# in place of Arcade's Sdk.props, Directory.Build.targets loses Arcade's Sdk.targets; NuGet.config (private dnceng
# feeds) removed; global.json removed. Built: Yarp.ReverseProxy at net8.0.
set -uo pipefail
F=reverse-proxy; C=202cca96df; M=/work/.mirror/microsoft+reverse-proxy/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf "$S" "$O"; mkdir -p "$S" "$O"
source /work/corpus/bin/build/_extract.sh; extract_tree "$M" "$C" "$S"
rm -f "$S/global.json" "$S/NuGet.config"
cd "$S"
sed -i 's#<Import Project="Sdk.props" Sdk="Microsoft.DotNet.Arcade.Sdk" />#<Import Project="eng/Versions.props" />#' Directory.Build.props
sed -i '/<Import Project="Sdk.targets" Sdk="Microsoft.DotNet.Arcade.Sdk" \/>/d' Directory.Build.targets
! grep -q Arcade Directory.Build.props Directory.Build.targets
B=(-c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false
   -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O)
set -e
dotnet build src/ReverseProxy/Yarp.ReverseProxy.csproj -f net8.0 "${B[@]}"
ls "$O"
