#!/bin/bash
# MichaCo/DnsClient.NET f1e7ca33d7: DnsClient (net8.0); no file edits; -p:PublicSign=false
set -e
. /work/corpus/bin/build/_rb1_common.sh
F=DnsClient.NET
ag_fresh $F /work/.mirror/MichaCo+DnsClient.NET/repo f1e7ca33d7
cd /work/corpus/src/$F
rm -f global.json
ag_build $F src/DnsClient/DnsClient.csproj net8.0 -p:PublicSign=false   # public signing needs the key that SignAssembly=false leaves out
ag_keep $F DnsClient.net8.0
