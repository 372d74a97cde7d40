#!/bin/bash
# quartznet/quartznet d97e7822f2: Quartz, Quartz.Jobs, Quartz.Plugins (net10.0)
set -e
. /work/corpus/bin/build/_rb1_common.sh
F=quartznet
ag_fresh $F /work/.mirror/quartznet+quartznet/repo d97e7822f2
cd /work/corpus/src/$F
rm -f global.json
# Meziantou.Analyzer 3.0.140 is not served: drop the analyzer
sed -i '/GlobalPackageReference Include="Meziantou.Analyzer"/d' Directory.Packages.props
# keep signing: Quartz grants InternalsVisibleTo to the signed Quartz.Plugins
AG_SIGN=1 ag_build $F src/Quartz.Plugins/Quartz.Plugins.csproj net10.0
ag_keep $F Quartz.net10.0 Quartz.Jobs.net10.0 Quartz.Plugins.net10.0
