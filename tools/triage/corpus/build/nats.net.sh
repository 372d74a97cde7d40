#!/bin/bash
# Corpus build of nats.net (needs the fetched mirror of github:nats-io/nats.net). No edits; public-signed with the repository key
# (the InternalsVisibleTo grants name it; full signing fails in the in-process replay), with
# -p:WarningsAsErrors= (unserved versions resolve higher and trip NU1605 in the netstandard targets); NATS.Net
# builds the ten other replayed projects through its references.
F=nats.net; C=0033cfd7ab; GH=nats-io/nats.net
. /work/corpus/bin/build/_rb3_lib.sh
extract
B src/NATS.Net/NATS.Net.csproj net10.0 -p:WarningsAsErrors= -p:SignAssembly=true -p:PublicSign=true
keep NATS.Client.Abstractions.net10.0 NATS.Client.Core.net10.0 NATS.Client.Hosting.net10.0 NATS.Client.JetStream.net10.0 NATS.Client.KeyValueStore.net10.0 NATS.Client.ObjectStore.net10.0 NATS.Client.Serializers.Json.net10.0 NATS.Client.Services.net10.0 NATS.Client.Simplified.net10.0 NATS.Extensions.Microsoft.DependencyInjection.net10.0 NATS.Net.net10.0
