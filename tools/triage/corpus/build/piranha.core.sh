#!/bin/bash
# piranha.core e095c504a6 (PiranhaCMS/piranha.core), net9.0 through examples/MvcWeb.
# Edit: the unserved X.Web.Sitemap 2.10.1 PackageReference of core/Piranha.AspNetCore replaced by a ProjectReference to a
# compile-only stand-in (source kept in /work/corpus/bin/standins/piranha.core, copied to _standins/X.Web.Sitemap); its rsp deleted.
set -e
R=piranha.core; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/PiranhaCMS+piranha.core/repo archive e095c504a6 | tar -x -C $SRC
cd $SRC
mkdir -p _standins/X.Web.Sitemap && cp /work/corpus/bin/standins/piranha.core/* _standins/X.Web.Sitemap/
sed -i 's#<PackageReference Include="X.Web.Sitemap" Version="2.10.1" />#<ProjectReference Include="..\\..\\_standins\\X.Web.Sitemap\\X.Web.Sitemap.csproj" />#' core/Piranha.AspNetCore/Piranha.AspNetCore.csproj
B="-c Release -f net9.0 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD"
dotnet build examples/MvcWeb/MvcWeb.csproj $B
rm -f $CMD/X.Web.Sitemap.*.rsp
