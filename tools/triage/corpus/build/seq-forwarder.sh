#!/bin/bash
# Rebuild seq-forwarder for the corpus (needs the mirror: fetch github:datalust/seq-forwarder); `src` only
set -e
F=seq-forwarder; C=a7198caaa2; M=/work/.mirror/datalust+seq-forwarder/repo
S=/work/corpus/src/$F; O=/work/corpus/cmd/$F
rm -rf $S $O; mkdir -p $S
git -C $M archive $C -- src | tar -x -C $S
cd $S; rm -f global.json
# edit: the unserved LightningDB 0.10.0 (0.24 has another API) replaced by a compile-only stand-in project
# with the members the forwarder uses (not analyzed: its .rsp is deleted below)
mkdir -p corpus-standin/LightningDB
cat > corpus-standin/LightningDB/LightningDB.csproj <<'X'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net8.0</TargetFramework><AssemblyName>LightningDB</AssemblyName><Nullable>disable</Nullable></PropertyGroup>
</Project>
X
cat > corpus-standin/LightningDB/StandIn.cs <<'X'
// Compile-only stand-in for the LightningDB 0.10.0 API surface used by the corpus; every member throws.
using System;
using System.Collections.Generic;
namespace LightningDB
{
    public enum TransactionBeginFlags { None = 0, ReadOnly = 0x20000 }
    public class LightningEnvironment : IDisposable
    {
        public LightningEnvironment(string path) { throw new NotSupportedException(); }
        public long MapSize { get; set; }
        public void Open() { throw new NotSupportedException(); }
        public LightningTransaction BeginTransaction() { throw new NotSupportedException(); }
        public LightningTransaction BeginTransaction(TransactionBeginFlags beginFlags) { throw new NotSupportedException(); }
        public IntPtr Handle() { throw new NotSupportedException(); }
        public void Dispose() { }
    }
    public class LightningTransaction : IDisposable
    {
        public LightningDatabase OpenDatabase(string name = null) { throw new NotSupportedException(); }
        public LightningCursor CreateCursor(LightningDatabase db) { throw new NotSupportedException(); }
        public void Put(LightningDatabase db, byte[] key, byte[] value) { throw new NotSupportedException(); }
        public long GetEntriesCount(LightningDatabase db) { throw new NotSupportedException(); }
        public void Commit() { throw new NotSupportedException(); }
        public IntPtr Handle() { throw new NotSupportedException(); }
        public void Dispose() { }
    }
    public class LightningDatabase : IDisposable
    {
        public uint Handle() { throw new NotSupportedException(); }
        public void Dispose() { }
    }
    public class LightningCursor : IDisposable
    {
        public bool MoveToFirst() { throw new NotSupportedException(); }
        public bool MoveToLast() { throw new NotSupportedException(); }
        public bool MoveNext() { throw new NotSupportedException(); }
        public KeyValuePair<byte[], byte[]> GetCurrent() { throw new NotSupportedException(); }
        public void Delete() { throw new NotSupportedException(); }
        public void Dispose() { }
    }
}
namespace LightningDB.Native
{
    public struct MDBStat { public uint ms_psize; public uint ms_depth; public IntPtr ms_branch_pages; public IntPtr ms_leaf_pages; public IntPtr ms_overflow_pages; public IntPtr ms_entries; }
    public struct MDBEnvInfo { public IntPtr me_mapaddr; public IntPtr me_mapsize; public IntPtr me_last_pgno; public IntPtr me_last_txnid; public uint me_maxreaders; public uint me_numreaders; }
    public static class Lmdb
    {
        public static int mdb_env_info(IntPtr env, out MDBEnvInfo stat) { throw new NotSupportedException(); }
        public static int mdb_stat(IntPtr txn, uint dbi, out MDBStat stat) { throw new NotSupportedException(); }
        public static string mdb_strerror(int err) { throw new NotSupportedException(); }
    }
}
X
sed -i 's|<PackageReference Include="lightningdb" Version="0.10.0" />|<ProjectReference Include="../../corpus-standin/LightningDB/LightningDB.csproj" />|' src/Seq.Forwarder/Seq.Forwarder.csproj
grep -q 'corpus-standin/LightningDB' src/Seq.Forwarder/Seq.Forwarder.csproj
b() { dotnet build "$1" -c Release -f "$2" --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$O "${@:3}"; }
b src/Seq.Forwarder/Seq.Forwarder.csproj net8.0
rm -f $O/LightningDB.*.rsp
ls $O
