#!/bin/bash
# Corpus build of coravel (needs the fetched mirror of github:jamesmh/coravel). Src/Coravel only. Edit: its TargetFramework
# value ".net6.0" made "net6.0"; no package on build.
F=coravel; C=4072e04182; GH=jamesmh/coravel
. /work/corpus/bin/build/_rb3_lib.sh
extract
sed -i 's|<TargetFramework>.net6.0</TargetFramework>|<TargetFramework>net6.0</TargetFramework>|' Src/Coravel/Coravel.csproj
B Src/Coravel/Coravel.csproj net6.0 -p:GeneratePackageOnBuild=false
keep Coravel.net6.0
