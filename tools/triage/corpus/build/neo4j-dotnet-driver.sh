#!/bin/bash
# Corpus build of neo4j-dotnet-driver (needs the fetched mirror of github:neo4j/neo4j-dotnet-driver; snapshot HEAD c826f5f947).
# Neo4j.Driver (the Bolt driver: connection pool, sessions, transactions, routing) at net8.0. No edits. Held out (ho6).
F=neo4j-dotnet-driver; C=c826f5f947; GH=neo4j/neo4j-dotnet-driver
. /work/corpus/bin/build/_rb3_lib.sh
extract
B Neo4j.Driver/Neo4j.Driver/Neo4j.Driver.csproj net8.0
keep Neo4j.Driver.net8.0
