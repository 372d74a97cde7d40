#!/bin/bash
# Corpus build of MySqlConnector (needs the fetched mirror of github:mysql-net/MySqlConnector)
F=MySqlConnector; C=61366757a2; GH=mysql-net/MySqlConnector
. /work/corpus/bin/build/_rb3_lib.sh
extract
B src/MySqlConnector/MySqlConnector.csproj net10.0 -p:TargetFrameworks=net10.0 -p:EnablePackageValidation=false -p:SignAssembly=true
keep MySqlConnector.net10.0
