#!/bin/bash
# Corpus build of FluentFTP (needs the fetched mirror of github:robinrodricks/FluentFTP)
F=FluentFTP; C=e6d1f4e164; GH=robinrodricks/FluentFTP
. /work/corpus/bin/build/_rb3_lib.sh
extract
B FluentFTP/FluentFTP.csproj net9.0 -p:TargetFrameworks=net9.0 -p:GeneratePackageOnBuild=false
keep FluentFTP.net9.0
