#!/bin/bash
# sshnet/SSH.NET 3e12c96317: Renci.SshNet (net8.0)
set -e
. /work/corpus/bin/build/_rb1_common.sh
F=SSH.NET
ag_fresh $F /work/.mirror/sshnet+SSH.NET/repo 3e12c96317
cd /work/corpus/src/$F
rm -f global.json   # pins SDK 8.0.100
# unserved: Meziantou.Analyzer 2.0.163 dropped; PolySharp 1.14.1 -> 1.15.0; Nerdbank.GitVersioning 3.7.70-alpha -> 3.9.50
# (its ThisAssembly class is used by the code), run without git (the extracted tree has no .git)
sed -i '/PackageReference Include="Meziantou.Analyzer"/d' Directory.Build.props
sed -i -E 's/(Include="PolySharp" Version=)"1.14.1"/\1"1.15.0"/; s/(Include="Nerdbank.GitVersioning" Version=)"3.7.70-alpha"/\1"3.9.50"/' Directory.Packages.props
ag_build $F src/Renci.SshNet/Renci.SshNet.csproj net8.0 -p:NBGV_GitEngine=Disabled
ag_keep $F Renci.SshNet.net8.0
