#!/bin/bash
# DnsServer aa9044d4df (TechnitiumSoftware/DnsServer) with its support library TechnitiumLibrary 63efb5f8e6, reference only.
# No build-file edits. TechnitiumLibrary goes to /work/corpus/src/TechnitiumLibrary (the csproj HintPaths expect ../../TechnitiumLibrary/bin)
# and is built without capture. Replayed: DnsServerCore, .HttpApi, .ApplicationCommon, DnsServerApp and every DNS app that restores
# (26 of 27: LogExporterApp needs the unserved Serilog.Sinks.Http/SyslogMessages). Unserved versions resolve upward (NU1603 warnings).
set -e
SRC=/work/corpus/src; CMD=/work/corpus/cmd/DnsServer
mkdir -p $SRC/DnsServer $SRC/TechnitiumLibrary $CMD
git -C /work/.mirror/TechnitiumSoftware+TechnitiumLibrary/repo archive 63efb5f8e6 | tar -x -C $SRC/TechnitiumLibrary
git -C /work/.mirror/TechnitiumSoftware+DnsServer/repo archive aa9044d4df | tar -x -C $SRC/DnsServer
cd $SRC/TechnitiumLibrary
for p in TechnitiumLibrary.ByteTree TechnitiumLibrary.Net TechnitiumLibrary.Security.OTP TechnitiumLibrary.Net.Mail; do
  dotnet build $p/$p.csproj -c Release -p:TreatWarningsAsErrors=false -p:RunAnalyzers=false
done
B="-c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD"
cd $SRC/DnsServer
dotnet build DnsServerApp/DnsServerApp.csproj -f net10.0 $B
T=$(mktemp -d); (cd $T && dotnet new sln -n apps --format sln >/dev/null && dotnet sln apps.sln add $SRC/DnsServer/Apps/*/*.csproj >/dev/null \
  && dotnet sln apps.sln remove $SRC/DnsServer/Apps/LogExporterApp/LogExporterApp.csproj >/dev/null && dotnet build apps.sln $B); rm -rf $T
