#!/bin/bash
# Corpus build of Thor (needs the fetched mirror of github:AIDotNet/Thor). Edit: an added CorpusThor.slnx with the
# replayed projects (Abstractions, Domain.Shared, 16 provider extensions, Rabbit, LocalEvent, LocalMemory.Cache and
# the two BuildingBlocks projects they use); the NuGet.Config mirror feed dropped (nuget.org kept);
# two package versions in Thor.LocalMemory.Cache raised (below).
F=Thor; C=ea89b22f4b; GH=AIDotNet/Thor
. /work/corpus/bin/build/_rb3_lib.sh
extract
sed -i '/nuget.cdn.com/d' NuGet.Config
# Microsoft.Extensions.Caching.Memory 9.0.2 is not served (9.0.3 comes instead): its two sibling packages raised to 9.0.3 (NU1605)
sed -i 's|"Microsoft.Extensions.Caching.Abstractions" Version="9.0.2"|"Microsoft.Extensions.Caching.Abstractions" Version="9.0.3"|; s|"Microsoft.Extensions.DependencyInjection.Abstractions" Version="9.0.2"|"Microsoft.Extensions.DependencyInjection.Abstractions" Version="9.0.3"|' src/framework/Thor.LocalMemory.Cache/Thor.LocalMemory.Cache.csproj
P="src/Thor.Abstractions/Thor.Abstractions.csproj src/Thor.Domain.Shared/Thor.Domain.Shared.csproj"
for e in OpenAI CustomOpenAI AzureOpenAI AzureDatabricks Claude GCPClaude Gemini SparkDesk SiliconFlow Moonshot GiteeAI DeepSeek VolCenGine MiniMax Ollama MetaGLM; do P="$P src/extensions/Thor.$e/Thor.$e.csproj"; done
P="$P src/framework/Thor.Stack.Rabbit/Thor.Rabbit.csproj src/framework/Thor.LocalEvent/Thor.LocalEvent.csproj src/framework/Thor.LocalMemory.Cache/Thor.LocalMemory.Cache.csproj src/framework/Thor.BuildingBlocks.Event/Thor.BuildingBlocks.Event.csproj src/framework/Thor.BuildingBlocks.Cache/Thor.BuildingBlocks.Cache.csproj"
{ echo '<Solution>'; for p in $P; do echo "  <Project Path=\"$p\" />"; done; echo '</Solution>'; } > CorpusThor.slnx
B CorpusThor.slnx net9.0 -m:1
ls "$CMD"
