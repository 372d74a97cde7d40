#!/bin/bash
# FreeSql bea9e80b2f (dotnetcore/FreeSql, snapshot HEAD): FreeSql at netstandard2.1 (the ORM core: ADO provider, object
# pool, select/insert/update providers, each with a sync file and an async twin), FreeSql.DbContext at net10.0 (DbSet,
# repository, unit of work) and FreeSql.Provider.MySqlConnector at net10.0 (MySQL ADO and bulk copy). Build edits: each
# project's TargetFrameworks cut to the one replayed (the net40/net45 legs need unserved reference-assembly packages);
# MySqlConnector 2.5.0 -> 2.6.2; package generation off; unsigned. Other providers, extensions and tests not replayed.
# Held out, ho5.
set -e
R=FreeSql; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/dotnetcore+FreeSql/repo archive bea9e80b2fc230dae7d80151a99d172e01b74a36 | tar -x -C $SRC
cd $SRC
python3 - <<'PY'
import re
def tfm(p, t):
    s=open(p).read(); s=re.sub(r'<TargetFrameworks>[^<]*</TargetFrameworks>','<TargetFrameworks>%s</TargetFrameworks>'%t,s,count=1); open(p,'w').write(s)
tfm('FreeSql/FreeSql.csproj','netstandard2.1')
tfm('FreeSql.DbContext/FreeSql.DbContext.csproj','net10.0')
p='Providers/FreeSql.Provider.MySqlConnector/FreeSql.Provider.MySqlConnector.csproj'
tfm(p,'net10.0')
s=open(p).read(); s=s.replace('<PackageReference Include="MySqlConnector" Version="2.5.0" />','<PackageReference Include="MySqlConnector" Version="2.6.2" />'); open(p,'w').write(s)
PY
for p in FreeSql.DbContext/FreeSql.DbContext.csproj Providers/FreeSql.Provider.MySqlConnector/FreeSql.Provider.MySqlConnector.csproj; do
  dotnet build $p -c Release -f net10.0 --no-incremental -p:GeneratePackageOnBuild=false -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD
done
