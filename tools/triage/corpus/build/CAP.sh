#!/bin/bash
# Corpus build of CAP (needs the fetched mirror of github:dotnetcore/CAP). No edits. DotNetCore.CAP and .PostgreSql at
# net10.0; .RabbitMQ, .InMemoryStorage, .Kafka, .RedisStreams target net8.0 only and are captured at net8.0.
F=CAP; C=e52b8508e5; GH=dotnetcore/CAP
. /work/corpus/bin/build/_rb3_lib.sh
extract
B src/DotNetCore.CAP.PostgreSql/DotNetCore.CAP.PostgreSql.csproj net10.0
for p in RabbitMQ InMemoryStorage Kafka RedisStreams; do B src/DotNetCore.CAP.$p/DotNetCore.CAP.$p.csproj net8.0; done
keep DotNetCore.CAP.net10.0 DotNetCore.CAP.PostgreSql.net10.0 DotNetCore.CAP.RabbitMQ.net8.0 DotNetCore.CAP.InMemoryStorage.net8.0 DotNetCore.CAP.Kafka.net8.0 DotNetCore.CAP.RedisStreams.net8.0
