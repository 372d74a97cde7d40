#!/bin/bash
# JoshClose/CsvHelper 33970e5183: CsvHelper (net9.0); no file edits; built with -p:TargetFrameworks=net9.0
set -e
. /work/corpus/bin/build/_rb1_common.sh
F=CsvHelper
ag_fresh $F /work/.mirror/JoshClose+CsvHelper/repo 33970e5183
cd /work/corpus/src/$F
rm -f global.json
ag_build $F src/CsvHelper/CsvHelper.csproj net9.0 -p:TargetFrameworks=net9.0 -p:PublicSign=false   # the net4x reference assemblies are not served; public signing needs the key SignAssembly=false leaves out
ag_keep $F CsvHelper.net9.0
