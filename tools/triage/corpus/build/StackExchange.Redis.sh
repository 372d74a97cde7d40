#!/bin/bash
# StackExchange/StackExchange.Redis 90bbf1fcba: RESPite, StackExchange.Redis (net10.0); built unsigned with the PublicKey property emptied, so the InternalsVisibleTo items carry no key and the replay compiles without signing
set -e
. /work/corpus/bin/build/_rb1_common.sh
F=StackExchange.Redis
ag_fresh $F /work/.mirror/StackExchange+StackExchange.Redis/repo 90bbf1fcba
cd /work/corpus/src/$F
# global.json pins no version: kept. Microsoft.CodeAnalysis.CSharp 4.3.0 (for the repository's own build analyzer/generator) is not served: 4.3.1
sed -i -E 's/(Include="Microsoft.CodeAnalysis.CSharp" Version=)"4.3.0"/\1"4.3.1"/' Directory.Packages.props
ag_build $F src/StackExchange.Redis/StackExchange.Redis.csproj net10.0 -p:PublicKey=
ag_keep $F RESPite.net10.0 StackExchange.Redis.net10.0
