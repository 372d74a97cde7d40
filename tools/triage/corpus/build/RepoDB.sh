#!/bin/bash
# Corpus build of RepoDB (needs the fetched mirror of github:mikependon/RepoDB). No edits; the two bulk-operation
# projects build RepoDb, RepoDb.PostgreSql and RepoDb.SqlServer through their references.
F=RepoDB; C=81f15fad5e; GH=mikependon/RepoDB
. /work/corpus/bin/build/_rb3_lib.sh
extract
B RepoDb.Extensions/RepoDb.PostgreSql.BulkOperations/RepoDb.PostgreSql.BulkOperations/RepoDb.PostgreSql.BulkOperations.csproj net10.0
B RepoDb.Extensions/RepoDb.SqlServer.BulkOperations/RepoDb.SqlServer.BulkOperations/RepoDb.SqlServer.BulkOperations.csproj net10.0
keep RepoDb.net10.0 RepoDb.PostgreSql.net10.0 RepoDb.SqlServer.net10.0 RepoDb.PostgreSql.BulkOperations.net10.0 RepoDb.SqlServer.BulkOperations.net10.0
