#!/bin/bash
# Rebuild corpus repository netdaemon (net-daemon/netdaemon @ e1682fd102). No build-file edits (global.json removed).
# The listed projects are built one by one; the host (NetDaemon.Host.Default) is not built: it pulls in
# NetDaemon.Extensions.Scheduling, which needs the unserved SolarCalculator package.
set -uo pipefail
F=netdaemon; C=e1682fd102; M=/work/.mirror/net-daemon+netdaemon/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf "$S" "$O"; mkdir -p "$S" "$O"
source /work/corpus/bin/build/_extract.sh; extract_tree "$M" "$C" "$S"
rm -f "$S/global.json"
cd "$S"
B=(-c Release --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false
   -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O)
set -e
for p in src/Runtime/NetDaemon.Runtime/NetDaemon.Runtime.csproj \
         src/HassModel/NetDaemon.HassModel.Integration/NetDaemon.HassModel.Integration.csproj \
         src/Extensions/NetDaemon.Extensions.MqttEntityManager/NetDaemon.Extensions.MqttEntityManager.csproj \
         src/Extensions/NetDaemon.Extensions.Tts/NetDaemon.Extensions.Tts.csproj \
         src/Extensions/NetDaemon.Extensions.Logging/NetDaemon.Extensions.Logging.csproj; do
  dotnet build "$p" -f net10.0 "${B[@]}"
done
ls "$O"
