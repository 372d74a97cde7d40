#!/bin/bash
# FirebirdSQL/NETProvider 34acfda601: FirebirdSql.Data.FirebirdClient (net9.0)
set -e
. /work/corpus/bin/build/_rb1_common.sh
F=NETProvider
ag_fresh $F /work/.mirror/FirebirdSQL+NETProvider/repo 34acfda601
cd /work/corpus/src/$F
# ConfigureAwaitChecker.Analyzer is not served: reference dropped
perl -0 -i -pe 's#\s*<PackageReference Include="ConfigureAwaitChecker.Analyzer".*?</PackageReference>##s' src/FirebirdSql.Data.FirebirdClient/FirebirdSql.Data.FirebirdClient.csproj
ag_build $F src/FirebirdSql.Data.FirebirdClient/FirebirdSql.Data.FirebirdClient.csproj net9.0 -p:GeneratePackageOnBuild=false
ag_keep $F FirebirdSql.Data.FirebirdClient.net9.0
