#!/bin/bash
# Open-NET-Libraries/Open.ChannelExtensions 2c1f38c236: Open.ChannelExtensions (net9.0); no edits
# (System.Threading.Channels 6.0.0, for the netstandard targets, is not served: restore takes 7.0.0 with warning NU1603)
set -e
. /work/corpus/bin/build/_rb1_common.sh
F=Open.ChannelExtensions
ag_fresh $F /work/.mirror/Open-NET-Libraries+Open.ChannelExtensions/repo 2c1f38c236
cd /work/corpus/src/$F
ag_build $F Open.ChannelExtensions/Open.ChannelExtensions.csproj net9.0
ag_keep $F Open.ChannelExtensions.net9.0
