#!/bin/bash
# Remotely 0f023d2d6f (immense/Remotely, snapshot HEAD): the remote-support server and its shared library, net8.0:
# Shared, Server (Remotely_Server: SignalR hubs, Blazor circuits, services). Agent/Desktop clients and tests not replayed.
# Edits (build files only): Bitbound.SimpleMessenger (not served) replaced by a compile-only stand-in project
# _standin/StandIns (the IMessenger/RegistrationCallback/WeakReferenceMessenger signatures, no behaviour) referenced from Server;
# build-time tool packages dropped (TypeScript.MSBuild, LibraryManager.Build, Azure.Containers.Tools.Targets,
# Web.CodeGeneration.Design, EntityFrameworkCore.Tools); CommunityToolkit.Diagnostics 8.3.2 -> served 7.1.2;
# other pins resolve to the next served version (NU1603).
set -e
R=Remotely; SRC=/work/corpus/src/$R; CMD=/work/corpus/cmd/$R
mkdir -p $SRC $CMD
git -C /work/.mirror/immense+Remotely/repo archive 0f023d2d6f | tar -x -C $SRC
cd $SRC
C=Server/Server.csproj
perl -0pi -e 's#<PackageReference Include="(Microsoft\.TypeScript\.MSBuild|Microsoft\.EntityFrameworkCore\.Tools)" Version="[^"]*">.*?</PackageReference>\s*##gs' $C
sed -i -e '/"Microsoft.VisualStudio.Azure.Containers.Tools.Targets"/d' -e '/"Microsoft.VisualStudio.Web.CodeGeneration.Design"/d' \
  -e '/"Microsoft.Web.LibraryManager.Build"/d' \
  -e 's#"CommunityToolkit.Diagnostics" Version="8.3.2"#"CommunityToolkit.Diagnostics" Version="7.1.2"#' \
  -e 's#<PackageReference Include="Bitbound.SimpleMessenger" Version="2.3.14" />#<ProjectReference Include="..\\_standin\\StandIns\\StandIns.csproj" />#' $C
mkdir -p _standin/StandIns
cat > _standin/StandIns/StandIns.csproj <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net8.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
</Project>
XML
cat > _standin/StandIns/StandIns.cs <<'CS'
// Compile-only stand-in for the unserved Bitbound.SimpleMessenger package (signatures only; never run).
using System.Collections.Immutable;
namespace Bitbound.SimpleMessenger;
public delegate Task RegistrationCallback<TMessage>(object subscriber, TMessage message);
public interface IMessenger
{
    bool IsRegistered<TMessage, TChannel>(object subscriber, TChannel channel) where TMessage : class where TChannel : IEquatable<TChannel>;
    bool IsRegistered<TMessage>(object subscriber) where TMessage : class;
    IDisposable Register<TMessage, TChannel>(object subscriber, TChannel channel, RegistrationCallback<TMessage> handler) where TMessage : class where TChannel : IEquatable<TChannel>;
    IDisposable Register<TMessage>(object subscriber, RegistrationCallback<TMessage> handler) where TMessage : class;
    Task<IImmutableList<Exception>> Send<TMessage, TChannel>(TMessage message, TChannel channel) where TMessage : class where TChannel : IEquatable<TChannel>;
    Task<IImmutableList<Exception>> Send<TMessage>(TMessage message) where TMessage : class;
    void Unregister<TMessage, TChannel>(object subscriber, TChannel channel) where TMessage : class where TChannel : IEquatable<TChannel>;
    void Unregister<TMessage>(object subscriber) where TMessage : class;
    void UnregisterAll(object subscriber);
    void UnregisterAll<TChannel>(object subscriber, TChannel channel) where TChannel : IEquatable<TChannel>;
}
public static class WeakReferenceMessenger
{
    public static IMessenger Default => throw new NotSupportedException();
}
CS
B="-c Release -f net8.0 --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD"
dotnet build Server/Server.csproj $B
rm -f $CMD/StandIns.*.rsp
