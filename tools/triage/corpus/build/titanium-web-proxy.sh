#!/bin/bash
# Corpus build of titanium-web-proxy (needs the fetched mirror of github:justcoding121/titanium-web-proxy).
# Edits: the unserved BrotliSharpLib package replaced by a compile-only stand-in project (BrotliStream : Stream, net6.0);
# built at net6.0 only (-p:TargetFrameworks=net6.0; the project's own value is "net60").
F=titanium-web-proxy; C=902504a324; GH=justcoding121/titanium-web-proxy
. /work/corpus/bin/build/_rb3_lib.sh
extract
mkdir -p corpus-standins/BrotliSharpLib
cat > corpus-standins/BrotliSharpLib/BrotliSharpLib.csproj <<'X'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFrameworks>net6.0</TargetFrameworks><Nullable>disable</Nullable></PropertyGroup>
</Project>
X
cat > corpus-standins/BrotliSharpLib/BrotliStream.cs <<'X'
// Compile-only stand-in for the unserved BrotliSharpLib package (corpus build; never run).
using System;
using System.IO;
using System.IO.Compression;
namespace BrotliSharpLib
{
    public class BrotliStream : Stream
    {
        public BrotliStream(Stream stream, CompressionMode mode) : this(stream, mode, false) { }
        public BrotliStream(Stream stream, CompressionMode mode, bool leaveOpen) { }
        public override bool CanRead => throw new NotImplementedException();
        public override bool CanSeek => false;
        public override bool CanWrite => throw new NotImplementedException();
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => throw new NotImplementedException();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotImplementedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotImplementedException();
    }
}
X
sed -i 's|<PackageReference Include="BrotliSharpLib" Version="0.3.3" />|<ProjectReference Include="../../corpus-standins/BrotliSharpLib/BrotliSharpLib.csproj" />|' src/Titanium.Web.Proxy/Titanium.Web.Proxy.csproj
grep -n BrotliSharpLib src/Titanium.Web.Proxy/Titanium.Web.Proxy.csproj
B examples/Titanium.Web.Proxy.Examples.Basic/Titanium.Web.Proxy.Examples.Basic.csproj net6.0 -p:TargetFrameworks=net6.0
keep Titanium.Web.Proxy.net6.0 Titanium.Web.Proxy.Examples.Basic.net6.0
