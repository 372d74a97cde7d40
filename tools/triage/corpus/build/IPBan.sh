#!/bin/bash
# IPBan 55be9aae8d (DigitalRuby/IPBan), net10.0 through IPBan/IPBan.csproj.
# Edit: the unserved TaskScheduler 2.12.2 PackageReference of IPBanCore replaced by a ProjectReference to a compile-only
# stand-in (source in /work/corpus/bin/standins/IPBan, copied to _standins/TaskScheduler); its rsp deleted.
# Note: the rsp is named after the project file (IPBanCore.net10.0), the manifest names the assembly (DigitalRuby.IPBanCore).
set -e
R=IPBan; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/DigitalRuby+IPBan/repo archive 55be9aae8d | tar -x -C $SRC
cd $SRC
mkdir -p _standins/TaskScheduler && cp /work/corpus/bin/standins/IPBan/* _standins/TaskScheduler/
sed -i 's#<PackageReference Include="TaskScheduler" Version="2.12.2" />#<ProjectReference Include="..\\_standins\\TaskScheduler\\TaskScheduler.csproj" />#' IPBanCore/IPBanCore.csproj
dotnet build IPBan/IPBan.csproj -c Release -f net10.0 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD
rm -f $CMD/TaskScheduler.*.rsp
