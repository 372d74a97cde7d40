#!/bin/bash
# nilaoda/BBDown d869225aed: BBDown.Core, BBDown (net9.0)
set -e
. /work/corpus/bin/build/_rb1_common.sh
F=BBDown
ag_fresh $F /work/.mirror/nilaoda+BBDown/repo d869225aed
cd /work/corpus/src/$F
# Google.Protobuf 3.28.3 is not served: the nearest served version above it
sed -i -E 's/(Include="Google.Protobuf" Version=)"3.28.3"/\1"3.30.2"/' BBDown.Core/BBDown.Core.csproj
ag_build $F BBDown/BBDown.csproj net9.0
ag_keep $F BBDown.Core.net9.0 BBDown.net9.0
