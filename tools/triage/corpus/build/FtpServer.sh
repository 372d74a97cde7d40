#!/bin/bash
# FtpServer 8bfbe96e0a (FubarDevelopment/FtpServer), netstandard2.1.
# Edit: Microsoft.AspNetCore.Http.Features 5.0.17 (unserved) lowered to 5.0.14 in src/FubarDev.FtpServer.Abstractions.
set -e
R=FtpServer; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/FubarDevelopment+FtpServer/repo archive 8bfbe96e0a | tar -x -C $SRC
cd $SRC
sed -i 's#"Microsoft.AspNetCore.Http.Features" Version="5.0.17"#"Microsoft.AspNetCore.Http.Features" Version="5.0.14"#' src/FubarDev.FtpServer.Abstractions/FubarDev.FtpServer.Abstractions.csproj
B="-c Release -f netstandard2.1 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD"
for p in FubarDev.FtpServer FubarDev.FtpServer.FileSystem.DotNet FubarDev.FtpServer.FileSystem.Unix; do dotnet build src/$p/$p.csproj $B; done
