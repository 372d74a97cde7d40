using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

public sealed class AG0102AsyncAlternativeAnalyzerTests
{
    private const string Usings = "using System; using System.Diagnostics; using System.IO; using System.Linq; using System.Threading; using System.Threading.Tasks;\n";

    /// <summary>A user type with sync and async pairs, and the traps of the issue.</summary>
    private const string Repo = """
        public class Repo
        {
            public void Save() { }
            public Task SaveAsync(CancellationToken ct = default) => Task.CompletedTask;
            public T Load<T>(string key) => default!;
            public Task<T> LoadAsync<T>(string key) => Task.FromResult(default(T)!);
            public int Count() => 0;
            public Task CountAsync() => Task.CompletedTask;
            public void Bar(int x) { }
            public Task BarAsync(long x) => Task.CompletedTask;
            public void Baz(string s) { }
            public Task BazAsync(object s) => Task.CompletedTask;
            public void Qux(int x) { }
            public Task QuxAsync(int x, string required) => Task.CompletedTask;
            public void Old() { }
            [Obsolete("use New")] public Task OldAsync() => Task.CompletedTask;
            public void Sync() { }
            public void Sync(CancellationToken ct) { }
            public Task Sync(int x, CancellationToken ct) => Task.CompletedTask;
            public void Sync(int x) { }
            public void Ext() { }
        }

        public static class RepoExtensions
        {
            public static Task PublishAsync(this Repo repo) => Task.CompletedTask;
            public static void Publish(this Repo repo) { }
        }

        """;

    [Theory]
    [InlineData("var s = {|AG0102:File.ReadAllText(path)|};")]
    [InlineData("{|AG0102:File.WriteAllText(path, \"x\")|};")]
    [InlineData("var b = {|AG0102:File.ReadAllBytes(path)|}.Length;")]
    [InlineData("var n = {|AG0102:fs.Read(buffer, 0, 10)|};")]
    [InlineData("{|AG0102:fs.Flush()|};")]
    [InlineData("{|AG0102:fs.CopyTo(fs)|};")]
    [InlineData("var line = {|AG0102:reader.ReadLine()|};")]
    [InlineData("var all = {|AG0102:reader.ReadToEnd()|};")]
    [InlineData("{|AG0102:writer.WriteLine(\"x\")|};")]
    [InlineData("{|AG0102:Thread.Sleep(100)|};")]
    [InlineData("{|AG0102:Thread.Sleep(TimeSpan.FromSeconds(1))|};")]
    [InlineData("{|AG0102:gate.Wait()|};")]
    [InlineData("if ({|AG0102:gate.Wait(100)|}) { }")]
    [InlineData("{|AG0102:process.WaitForExit()|};")]
    [InlineData("{|AG0102:repo.Save()|};")]
    [InlineData("var v = {|AG0102:repo.Load<int>(\"k\")|};")]
    [InlineData("{|AG0102:repo.Publish()|};")]
    [InlineData("{|AG0102:repo.Sync(1)|};")]
    [InlineData("{|AG0102:using|} (var f = File.OpenWrite(path)) { }")]
    [InlineData("{|AG0102:using|} var w = new StreamWriter(File.OpenWrite(path));")]
    [InlineData("{|AG0102:using|} Stream s = fs;")]
    public Task Flags_sync_calls_with_an_async_alternative(string statement) =>
        VerifyAG0102.Diagnostics(Usings + Repo + $$"""
            class C
            {
                async Task M(string path, FileStream fs, StreamReader reader, StreamWriter writer, SemaphoreSlim gate, Process process, Repo repo, CancellationToken ct)
                {
                    var buffer = new byte[10];
                    await Task.Yield();
                    {{statement}}
                }
            }
            """);

    [Fact]
    public Task Flags_every_async_capable_form() =>
        VerifyAG0102.Diagnostics("using System.Collections.Generic;\n" + Usings + Repo + """
            class C
            {
                Task<string> NotAsyncYet(string p) => Task.FromResult({|AG0102:File.ReadAllText(p)|});
                async void Handler(Repo r) => {|AG0102:r.Save()|};
                async IAsyncEnumerable<string> Lines(StreamReader r)
                {
                    await Task.Yield();
                    yield return {|AG0102:r.ReadLine()|}!;
                }
                void Lambdas(Repo r)
                {
                    Func<Task> a = async () => {|AG0102:r.Save()|};
                    Func<Task> b = () => { {|AG0102:r.Save()|}; return Task.CompletedTask; };
                    async Task Local() => {|AG0102:Thread.Sleep(1)|};
                }
                async Task Chain(string p) => Console.WriteLine({|AG0102:File.ReadAllText(p)|}.Trim());
            }
            """);

    [Fact]
    public Task Flags_extension_calls_with_arguments_and_extensions_imported_from_another_namespace() =>
        VerifyAG0102.Diagnostics(Usings + """
            namespace Store
            {
                public class Box { }
                public static class BoxExtensions
                {
                    public static void Put(this Box box, int n, string label) { }
                    public static Task PutAsync(this Box box, int n, string label, CancellationToken ct = default) => Task.CompletedTask;
                }
            }

            namespace Store.Remote
            {
                public static class RemoteBoxExtensions
                {
                    public static void Send(this Store.Box box, int n) { }
                }

                public static class RemoteAsync
                {
                    public static Task SendAsync(this Store.Box box, int n) => Task.CompletedTask;
                }
            }

            namespace App
            {
                using Store;
                using Store.Remote;

                class C
                {
                    async Task M(Box box, CancellationToken ct)
                    {
                        await Task.Yield();
                        {|AG0102:box.Put(1, "a")|};
                        {|AG0102:BoxExtensions.Put(box, 2, "b")|};
                        {|AG0102:box.Send(3)|};
                    }
                }
            }
            """);

    [Fact]
    public Task Calls_of_one_shape_are_decided_by_their_own_scope_and_calling_type() =>
        VerifyAG0102.Diagnostics(Usings + """
            namespace Store
            {
                public class Box
                {
                    public void Seal() { }
                    protected Task SealAsync() => Task.CompletedTask;
                }

                public static class BoxExtensions
                {
                    public static void Mark(this Box box) { }
                }
            }

            namespace Store.Async
            {
                public static class AsyncBoxExtensions
                {
                    public static Task MarkAsync(this Store.Box box) => Task.CompletedTask;
                }
            }

            namespace App.Importing
            {
                using Store;
                using Store.Async;

                class C
                {
                    async Task M(Box box) { await Task.Yield(); {|AG0102:box.Mark()|}; box.Seal(); }
                }
            }

            namespace App.Plain
            {
                using Store;

                class D
                {
                    // Same call shape as above, but Store.Async is not imported here.
                    async Task M(Box box) { await Task.Yield(); box.Mark(); box.Seal(); }
                }

                class SpecialBox : Box
                {
                    // SealAsync is protected: visible from the derived type only, and only through `this`.
                    async Task M(SpecialBox other) { await Task.Yield(); {|AG0102:this.Seal()|}; {|AG0102:other.Seal()|}; }
                }
            }
            """);

    [Fact]
    public Task Silent_for_linq_whose_async_namesakes_take_other_receivers() =>
        VerifyAG0102.NoDiagnostics("using System.Collections.Generic;\n" + Usings + """
            namespace Store
            {
                public class Box { }
                public class Crate { }
                public static class CrateExtensions
                {
                    public static void Ship(this Box box) { }
                    public static Task ShipAsync(this Crate crate) => Task.CompletedTask;
                    public static void Mark(this Box box) { }
                }
            }

            namespace Elsewhere
            {
                public static class Hidden
                {
                    public static Task MarkAsync(this Store.Box box) => Task.CompletedTask;
                }
            }

            namespace App
            {
                using Store;

                class C
                {
                    async Task<int> M(List<int> items, IEnumerable<string> names, Box box, CancellationToken ct)
                    {
                        await Task.Yield();
                        var total = items.Sum() + items.Count() + names.Count(n => n.Length > 2);
                        var first = names.First();
                        var any = items.Any() && items.ToList().Count > 0;
                        box.Ship();
                        // Hidden's MarkAsync is not imported here: `box.MarkAsync()` would not bind.
                        box.Mark();
                        return total + first.Length + (any ? 1 : 0);
                    }
                }
            }
            """);

    [Fact]
    public Task Flags_top_level_statements() =>
        VerifyAG0102.Diagnostics(Usings + """
            var text = {|AG0102:File.ReadAllText("a.txt")|};
            {|AG0102:Thread.Sleep(10)|};
            await Task.Yield();
            """, OutputKind.ConsoleApplication);

    [Fact]
    public Task The_message_names_the_call_and_the_alternative()
    {
        var test = new AnalyzerTest<AG0102AsyncAlternativeAnalyzer>
        {
            TestCode = Usings + """
                class C
                {
                    async Task M(string p)
                    {
                        await Task.Yield();
                        {|#0:File.ReadAllText(p)|};
                        {|#1:Thread.Sleep(1)|};
                        {|#2:using|} var s = File.OpenWrite(p);
                    }
                }
                """,
        };
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult(AG0102AsyncAlternativeAnalyzer.Rule).WithLocation(0).WithArguments("File.ReadAllText", "await ReadAllTextAsync"));
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult(AG0102AsyncAlternativeAnalyzer.Rule).WithLocation(1).WithArguments("Thread.Sleep", "await Task.Delay"));
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult(AG0102AsyncAlternativeAnalyzer.Rule).WithLocation(2).WithArguments("using of FileStream", "await using"));
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_for_in_memory_io_console_and_lock_bodies() =>
        VerifyAG0102.NoDiagnostics(Usings + """
            class C
            {
                readonly object _gate = new();
                async Task M(MemoryStream ms, StringReader sr, StringWriter sw, string p)
                {
                    await Task.Yield();
                    ms.Write(new byte[1], 0, 1);
                    ms.Flush();
                    sr.ReadLine();
                    sw.WriteLine("x");
                    Stream local = new MemoryStream();
                    local.Flush();
                    var buffered = new BufferedStream(new MemoryStream());
                    buffered.Flush();
                    new MemoryStream().CopyTo(ms);
                    using var owned = new MemoryStream();
                    using (var reader = new StringReader("x")) { }
                    Console.WriteLine("x");
                    Console.Out.WriteLine("x");
                    Console.Out.Flush();
                    var line = Console.In.ReadLine();
                    var err = Console.Error;
                    err.WriteLine("x");
                    lock (_gate)
                    {
                        File.ReadAllText(p);
                        Thread.Sleep(1);
                    }
                }
            }
            """);

    [Fact]
    public Task Silent_for_test_assertions_and_Entity_Framework_Add() =>
        VerifyAG0102.NoDiagnostics(Usings + """
            namespace Xunit
            {
                public static class Assert
                {
                    public static Exception Throws<T>(Action a) => null!;
                    public static Task<T> ThrowsAsync<T>(Action a) where T : Exception => null!;
                    public static void Equal(int a, int b) { }
                    public static Task EqualAsync(int a, int b) => Task.CompletedTask;
                }
            }
            namespace NUnit.Framework
            {
                public static class Assert
                {
                    public static void That(bool b) { }
                    public static Task ThatAsync(bool b) => Task.CompletedTask;
                }
            }
            namespace Microsoft.EntityFrameworkCore
            {
                public class DbContext
                {
                    public object Add(object o) => o;
                    public ValueTask<object> AddAsync(object o, CancellationToken ct = default) => new(o);
                    public void AddRange(params object[] o) { }
                    public Task AddRangeAsync(params object[] o) => Task.CompletedTask;
                }
            }
            namespace App
            {
                class Tests
                {
                    async Task M(Microsoft.EntityFrameworkCore.DbContext db, CancellationToken ct)
                    {
                        await Task.Yield();
                        Xunit.Assert.Throws<Exception>(() => { });
                        Xunit.Assert.Equal(1, 1);
                        NUnit.Framework.Assert.That(true);
                        db.Add(1);
                        db.AddRange(1, 2);
                    }
                }
            }
            """);

    /// <summary>
    /// A call deep in a `?.` chain (`x?.A.M()`): the await cannot stand inside the chain, and the rewritten call must not be
    /// bound on its own (the compiler's binder throws on a `.A` cut off from its `?`). The same call without `?.` is reported.
    /// </summary>
    [Fact]
    public Task Silent_for_calls_inside_a_conditional_access_chain() =>
        VerifyAG0102.Diagnostics(Usings + Repo + """
            class Holder { public Repo Inner = new Repo(); public Holder? Next; }
            class C
            {
                async Task M(Holder? holder, Holder sure)
                {
                    await Task.Yield();
                    holder?.Inner.Save();
                    holder?.Next?.Inner.Save();
                    var n = holder?.Inner.Load<int>("k");
                    {|AG0102:sure.Inner.Save()|};
                }
            }
            """);

    /// <summary>
    /// Corpus class (garnet): the sync member takes a `bool` switch the async one cannot receive (`Commit(spinWait)`
    /// only issues the commit, `CommitAsync()` waits for it): not a twin. The nearest cases, where the switch is kept
    /// under the same name or the sync member has none, stay reported.
    /// </summary>
    [Fact]
    public Task Silent_where_the_sync_member_has_a_switch_the_alternative_lacks() =>
        VerifyAG0102.Diagnostics(Usings + """
            class Log
            {
                public void Commit(bool spinWait = false, byte[] cookie = null) { }
                public Task CommitAsync(byte[] cookie = null, CancellationToken token = default) => Task.CompletedTask;
                public void Close(bool abort) { }
                public Task CloseAsync(bool abort, CancellationToken token = default) => Task.CompletedTask;
                public void Flush() { }
                public Task FlushAsync(CancellationToken token = default) => Task.CompletedTask;
                public void Send(int count, bool flush = true) { }
                public Task SendAsync(int count, bool flush = true) => Task.CompletedTask;
            }
            class C
            {
                async Task M(Log log)
                {
                    await Task.Yield();
                    log.Commit();
                    log.Commit(true);
                    log.Commit(spinWait: false, cookie: null);
                    {|AG0102:log.Close(false)|};
                    {|AG0102:log.Flush()|};
                    {|AG0102:log.Send(1)|};
                }
            }
            """);

    /// <summary>
    /// Corpus class (SSH.NET): a privately set `Stream` property (or private field) that only ever holds a source stream
    /// type not overriding DisposeAsync (the base's DisposeAsync just calls Dispose): disposing it gains nothing from the
    /// async form. Nearest reported: a public setter, a second concrete type, a type that overrides DisposeAsync, a value
    /// that is not a `new`.
    /// </summary>
    [Fact]
    public Task Silent_for_disposal_of_a_member_that_only_holds_a_stream_without_DisposeAsync() =>
        VerifyAG0102.Diagnostics(Usings + """
            class Pipe : Stream
            {
                public override bool CanRead => true; public override bool CanSeek => false; public override bool CanWrite => true;
                public override long Length => 0; public override long Position { get => 0; set { } }
                public override void Flush() { }
                public override int Read(byte[] b, int o, int c) => 0;
                public override long Seek(long o, SeekOrigin s) => 0;
                public override void SetLength(long v) { }
                public override void Write(byte[] b, int o, int c) { }
            }
            class Device : Pipe
            {
                public override ValueTask DisposeAsync() => default;
            }
            class Command
            {
                private Stream _input = new Pipe();
                private Stream _device = new Device();
                private Stream _mixed = new Pipe();
                public Stream Output { get; private set; }
                public Stream Error { get; set; }
                public Stream Opened { get; private set; }
                public Command() { Output = new Pipe(); Error = new Pipe(); Opened = File.OpenRead("x"); }
                void Reset() { Output = new Pipe(); _mixed = new Device(); _input = null; }
                async Task RunAsync()
                {
                    await Task.Yield();
                    Output.Dispose();
                    this.Output.Dispose();
                    _input.Dispose();
                    {|AG0102:_device.Dispose()|};
                    {|AG0102:_mixed.Dispose()|};
                    {|AG0102:Error.Dispose()|};
                    {|AG0102:Opened.Dispose()|};
                }
            }
            """);

    [Fact]
    public Task Silent_where_the_alternative_does_not_fit() =>
        VerifyAG0102.NoDiagnostics(Usings + Repo + """
            class C
            {
                async Task M(Repo repo, FileStream fs, Task t, Task<int> u, CancellationToken ct)
                {
                    await Task.Yield();
                    var n = repo.Count();           // CountAsync returns Task, not Task<int>
                    repo.Bar(1);                    // BarAsync(long): different parameter type
                    repo.Baz("s");                  // BazAsync(object): different parameter type
                    repo.Qux(1);                    // QuxAsync needs a second argument
                    repo.Old();                     // OldAsync is [Obsolete]
                    repo.Ext();                     // nothing named ExtAsync
                    fs.Read(new byte[1].AsSpan());  // ReadAsync takes Memory<byte>
                    repo?.Save();                   // `await repo?.SaveAsync()` would throw on null
                    await File.ReadAllTextAsync("x");
                    t.Wait();                       // AG0101's, even though WaitAsync exists
                    t.Wait(ct);
                    var r = u.GetAwaiter().GetResult();
                    Task.WaitAll(t);
                }

                public void Save() { }

                // Recursion: the alternative is the enclosing method itself.
                public async Task SaveAsync(CancellationToken ct = default)
                {
                    await Task.Yield();
                    Save();
                }

                void Sync(string p) { File.ReadAllText(p); Thread.Sleep(1); using var s = File.OpenRead(p); }

                async Task SyncLambda(string p)
                {
                    await Task.Yield();
                    Func<string> f = () => File.ReadAllText(p);
                    Action a = () => Thread.Sleep(1);
                }
            }

            class PlainStream : MemoryStream { }
            class OwnStream : Stream
            {
                public override bool CanRead => false; public override bool CanSeek => false; public override bool CanWrite => false;
                public override long Length => 0; public override long Position { get; set; }
                public override void Flush() { }
                public override int Read(byte[] buffer, int offset, int count) => 0;
                public override long Seek(long offset, SeekOrigin origin) => 0;
                public override void SetLength(long value) { }
                public override void Write(byte[] buffer, int offset, int count) { }
                static async Task Use()
                {
                    await Task.Yield();
                    using var own = new OwnStream();   // DisposeAsync not overridden: it would only call Dispose
                    using var plain = new PlainStream();
                }
            }
            """);

    [Fact]
    public async Task Users_exclude_types_and_methods_through_editorconfig_and_globalconfig()
    {
        var source = Usings + Repo + """
            class C
            {
                async Task M(Repo repo, string p, StreamReader reader)
                {
                    await Task.Yield();
                    File.ReadAllText(p);
                    repo.Save();
                    {|AG0102:repo.Publish()|};
                    reader.ReadLine();
                }
            }
            """;
        var global = new AnalyzerTest<AG0102AsyncAlternativeAnalyzer> { TestCode = source };
        global.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\ndotnet_diagnostic.AG0102.excluded_symbols = System.IO.File, Repo.Save, System.IO.TextReader\n"));
        await global.RunAsync();

        var editorConfig = new AnalyzerTest<AG0102AsyncAlternativeAnalyzer> { TestCode = source };
        editorConfig.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.AG0102.excluded_symbols = global::System.IO.File,Repo.Save,System.IO.StreamReader\n"));
        await editorConfig.RunAsync();
    }

    [Fact]
    public Task An_excluded_list_in_another_folder_does_not_apply() =>
        new AnalyzerTest<AG0102AsyncAlternativeAnalyzer>
        {
            TestCode = Usings + "class C { async Task M(string p) { await Task.Yield(); {|AG0102:File.ReadAllText(p)|}; } }",
            TestState = { AnalyzerConfigFiles = { ("/elsewhere/.editorconfig", "[*.cs]\ndotnet_diagnostic.AG0102.excluded_symbols = System.IO.File\n") } },
        }.RunAsync();

    private const string StreamBody = """
            public override bool CanRead => true; public override bool CanSeek => false; public override bool CanWrite => true;
            public override long Length => 0; public override long Position { get; set; }
            public override long Seek(long offset, SeekOrigin origin) => 0;
            public override void SetLength(long value) { }
            public override int Read(byte[] buffer, int offset, int count) => 0;
            public override void Write(byte[] buffer, int offset, int count) { }
            public override void Flush() { }
        """;

    [Fact]
    public Task Silent_where_the_alternative_is_the_caller_or_its_override_slot() =>
        VerifyAG0102.NoDiagnostics(Usings + $$"""
            class OwnStream : Stream
            {
                {{StreamBody}}
                // The override of the async counterpart runs the sync member on purpose: `await FlushAsync` would recurse.
                public override Task FlushAsync(CancellationToken cancellationToken) { Flush(); return Task.CompletedTask; }
                public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                    Task.FromResult(Read(buffer, offset, count));
                public override ValueTask DisposeAsync() { Dispose(); return default; }
            }

            class DerivedStream : OwnStream
            {
                public override async Task FlushAsync(CancellationToken cancellationToken) { await Task.Yield(); this.Flush(); base.Flush(); }
                public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
                {
                    Write(buffer, offset, count);
                    return Task.CompletedTask;
                }
            }

            public class Box
            {
                public void Put() { }
                public Task PutAsync() => PutAsync(default);
                public virtual Task PutAsync(CancellationToken ct) => Task.CompletedTask;
            }

            class SpecialBox : Box
            {
                public override async Task PutAsync(CancellationToken ct) { await Task.Yield(); Put(); }
            }

            interface IStore { void Save(); Task SaveAsync(); }

            class Store : IStore
            {
                void IStore.Save() { }
                Task IStore.SaveAsync() { ((IStore)this).Save(); return Task.CompletedTask; }
            }

            class Repo
            {
                public void Save() { }
                public void Load() { }

                // The alternative calls the enclosing method: directly, or through private helpers.
                public Task SaveAsync() => SaveCoreAsync();
                private async Task SaveCoreAsync() { await Task.Yield(); Save(); }

                public Task LoadAsync() => Run();
                private Task Run() => this.LoadCoreAsync();
                private async Task LoadCoreAsync() { await Task.Yield(); Load(); }
            }
            """);

    [Fact]
    public Task Flags_the_nearest_cases_where_the_alternative_does_not_come_back() =>
        VerifyAG0102.Diagnostics(Usings + $$"""
            class Wrapper : Stream
            {
                private readonly Stream _inner = Stream.Null;
                {{StreamBody}}
                // Another instance: awaiting its FlushAsync is no recursion.
                public override async Task FlushAsync(CancellationToken cancellationToken) { await Task.Yield(); {|AG0102:_inner.Flush()|}; }
                // Another pair on this instance: WriteAsync is not FlushAsync.
                public async Task FlushTwiceAsync(byte[] b, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    {|AG0102:Write(b, 0, 1)|};
                }
            }

            interface IStore { void Save(); Task SaveAsync(); }

            class Decorator : IStore
            {
                private readonly IStore _inner;
                public Decorator(IStore inner) => _inner = inner;
                public void Save() => _inner.Save();
                public async Task SaveAsync() { await Task.Yield(); {|AG0102:_inner.Save()|}; }
            }

            class Repo
            {
                public void Save() { }
                public Task SaveAsync() => Helper();
                private Task Helper() => Task.CompletedTask;

                // SaveAsync never calls ProcessAsync.
                async Task ProcessAsync() { await Task.Yield(); {|AG0102:Save()|}; }
            }
            """);

    private const string Connections = """
        public class LiteConnection : System.Data.Common.DbConnection
        {
            public override string ConnectionString { get; set; } = "";
            public override string Database => "";
            public override string DataSource => "";
            public override string ServerVersion => "";
            public override System.Data.ConnectionState State => System.Data.ConnectionState.Open;
            public override void ChangeDatabase(string databaseName) { }
            public override void Close() { }
            public override void Open() { }
            protected override System.Data.Common.DbTransaction BeginDbTransaction(System.Data.IsolationLevel isolationLevel) => null!;
            protected override System.Data.Common.DbCommand CreateDbCommand() => null!;
        }

        public class NetConnection : LiteConnection
        {
            public override Task OpenAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            public override async ValueTask DisposeAsync() => await Task.Yield();   // real asynchronous work (a sync-completed one is silent since corpus10app)
        }

        """;

    [Fact]
    public Task Silent_for_calls_that_do_not_block() =>
        VerifyAG0102.NoDiagnostics("using System.IO.Pipelines;\n" + Usings + Connections + """
            class C
            {
                private readonly StreamWriter _err = new StreamWriter(Console.OpenStandardError());
                private TextWriter Out { get; } = new StreamWriter(Console.OpenStandardOutput());

                async Task M(SemaphoreSlim gate, Pipe pipe, IDuplexPipe duplex, PipeReader reader, CancellationTokenSource cts, CancellationToken ct, FileStream fs, object o)
                {
                    await Task.Yield();
                    // Try-acquire with a zero timeout returns at once.
                    if (gate.Wait(0)) { }
                    if (gate.Wait(TimeSpan.Zero)) { }
                    if (gate.Wait(0, ct)) { }
                    if (gate.Wait(millisecondsTimeout: 0)) { }
                    // Completing an in-memory pipe.
                    pipe.Writer.Complete();
                    pipe.Reader.Complete();
                    duplex.Output.Complete();
                    reader.Complete(new Exception());
                    // Sync-preferred: silent by default.
                    cts.Cancel();
                    using var registration = ct.Register(() => { });
                    using (ct.UnsafeRegister(_ => { }, null)) { }
                    // Console I/O through the application's own writers.
                    var stdout = new StreamWriter(Console.OpenStandardOutput());
                    stdout.WriteLine("x");
                    stdout.Flush();
                    Stream raw = Console.OpenStandardOutput();
                    raw.Flush();
                    _err.WriteLine("x");
                    this.Out.Flush();
                    // A writer over memory.
                    var text = new StreamWriter(new MemoryStream());
                    text.Flush();
                    // Dispose() where `is IAsyncDisposable` was false.
                    if (fs is IAsyncDisposable a) await a.DisposeAsync(); else fs.Dispose();
                    if (fs is not IAsyncDisposable) fs.Dispose();
                    if (fs is IAsyncDisposable d)
                    {
                        await d.DisposeAsync();
                        return;
                    }

                    fs.Dispose();
                }

                async Task Rows(System.Data.Common.DbDataReader reader, System.Data.Common.DbCommand command)
                {
                    // The current row is buffered after ReadAsync unless the command ran with SequentialAccess.
                    while (await reader.ReadAsync())
                    {
                        var name = reader.IsDBNull(0) ? null : reader.GetFieldValue<string>(0);
                    }

                    await using var rows = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow);
                    if (!rows.IsDBNull(1)) { }
                }

                async Task Data()
                {
                    // The base DbConnection.OpenAsync and DisposeAsync just run Open and Dispose.
                    using var lite = new LiteConnection();
                    lite.Open();
                    lite.Dispose();
                    await Task.Yield();
                }
            }
            """);

    [Fact]
    public Task Flags_the_nearest_calls_that_do_block() =>
        VerifyAG0102.Diagnostics("using System.IO.Pipelines;\n" + Usings + Connections + """
            class C
            {
                private StreamWriter _log = new StreamWriter(Console.OpenStandardError());   // not readonly: may be replaced
                private readonly StreamWriter _file = new StreamWriter("log.txt");

                async Task M(SemaphoreSlim gate, Stream stream, FileStream fs, int timeout, CancellationToken ct)
                {
                    await Task.Yield();
                    if ({|AG0102:gate.Wait(1)|}) { }
                    if ({|AG0102:gate.Wait(timeout)|}) { }
                    if ({|AG0102:gate.Wait(TimeSpan.FromSeconds(1))|}) { }
                    var writer = PipeWriter.Create(stream);
                    {|AG0102:writer.Complete()|};
                    {|AG0102:_log.WriteLine("x")|};
                    {|AG0102:_file.WriteLine("x")|};
                    var text = new StreamWriter(stream);
                    {|AG0102:text.Flush()|};
                    if (fs is IAsyncDisposable) { }
                    {|AG0102:fs.Dispose()|};
                }

                async Task Sequential(System.Data.Common.DbCommand command, System.Data.CommandBehavior behavior)
                {
                    await using var rows = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess).ConfigureAwait(false);
                    if (!{|AG0102:rows.IsDBNull(1)|}) { }
                    await using var unknown = await command.ExecuteReaderAsync(behavior);
                    var v = {|AG0102:unknown.GetFieldValue<int>(0)|};
                }

                async Task Data(Func<System.Data.Common.DbConnection> open)
                {
                    await Task.Yield();
                    {|AG0102:using|} var net = new NetConnection();
                    {|AG0102:net.Open()|};
                    {|AG0102:using|} var any = open();
                    {|AG0102:any.Open()|};
                }
            }
            """);

    [Fact]
    public Task Reports_sync_preferred_calls_when_configured() =>
        new AnalyzerTest<AG0102AsyncAlternativeAnalyzer>
        {
            TestCode = Usings + """
                class C
                {
                    async Task M(CancellationTokenSource cts, CancellationToken ct, SemaphoreSlim gate)
                    {
                        await Task.Yield();
                        {|AG0102:cts.Cancel()|};
                        {|AG0102:using|} var registration = ct.Register(() => { });
                        if (gate.Wait(0)) { }
                    }
                }
                """,
            TestState = { AnalyzerConfigFiles = { ("/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.AG0102.report_sync_preferred = true\n") } },
        }.RunAsync();

    [Fact]
    public Task Flags_the_misses_seen_in_peer_test_suites() =>
        VerifyAG0102.Diagnostics(Usings + Connections + """
            public class Channel
            {
                public Task SendAsync(string message) => Task.CompletedTask;
                public Task PingAsync(int count) => Task.CompletedTask;
            }

            public static class ChannelExtensions
            {
                public static void Send(this Channel channel, string message) { }
                public static void Ping(this Channel channel, string count) { }
            }

            public sealed class Lease : IDisposable
            {
                public void Dispose() { }
                public ValueTask DisposeAsync() => default;
            }

            public sealed class NotALease : IDisposable
            {
                public void Dispose() { }
                public ValueTask DisposeAsync(int timeout) => default;
                internal ValueTask DisposeAsync() => default;
            }

            [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(object))]
            public class Job { }

            public class NotAJob { }

            class C
            {
                async Task M(Channel channel, LiteConnection connection)
                {
                    await Task.Yield();
                    // An extension method with an instance alternative on the receiver.
                    {|AG0102:channel.Send("x")|};
                    channel.Ping("1");                      // PingAsync takes an int
                    // `await using` takes a pattern-based DisposeAsync (CS8410's rule).
                    {|AG0102:using|} var lease = new Lease();
                    using var notALease = new NotALease();
                    // `using` of an abstract DbConnection (not of a DbCommand).
                    using var command = connection.CreateCommand();   // DbCommand disposal does no I/O
                    {|AG0102:using|} System.Data.Common.DbConnection any = new NetConnection();
                }

                // A task-like return type ([AsyncMethodBuilder]) makes the function async-capable.
                Job Run(string p)
                {
                    {|AG0102:File.ReadAllText(p)|};
                    return new Job();
                }

                NotAJob Plain(string p)
                {
                    File.ReadAllText(p);
                    return new NotAJob();
                }
            }
            """);

    [Fact]
    public Task Silent_for_console_writes_through_the_applications_own_streams_declared_elsewhere()
    {
        var test = new AnalyzerTest<AG0102AsyncAlternativeAnalyzer>
        {
            TestCode = Usings + """
                class App
                {
                    private readonly IStandardStreams _streams;
                    private readonly IMixedStreams _mixed;
                    private readonly ILog _log;
                    public App(IStandardStreams streams, IMixedStreams mixed, ILog log) { _streams = streams; _mixed = mixed; _log = log; }

                    async Task RunAsync()
                    {
                        await Task.Yield();
                        _streams.Error.WriteLine("warning");
                        _streams.Out.Flush();
                        _streams.Raw.Flush();
                        // A file, and an interface one of whose implementations writes to a file, stay reported.
                        {|AG0102:_log.Log.WriteLine("x")|};
                        {|AG0102:_mixed.Out.WriteLine("x")|};
                    }
                }
                """,
        };
        test.TestState.Sources.Add(("Streams.cs", Usings + """
            public interface IStandardStreams { TextWriter Out { get; } TextWriter Error { get; } Stream Raw { get; } }
            public interface IMixedStreams { TextWriter Out { get; } }
            public interface ILog { TextWriter Log { get; } }

            public class StandardStreams : IStandardStreams
            {
                private TextWriter? _out;
                private TextWriter? _error;
                public TextWriter Out
                {
                    get
                    {
                        if (_out == null)
                        {
                            _out = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
                        }

                        return _out;
                    }
                }

                public TextWriter Error => _error ??= new StreamWriter(Console.OpenStandardError());
                public Stream Raw { get; } = Console.OpenStandardOutput();
            }

            public class ConsoleOut : IMixedStreams { public TextWriter Out => Console.Out; }
            public class FileOut : IMixedStreams { public TextWriter Out { get; } = new StreamWriter("out.txt"); }
            public class FileLog : ILog { public TextWriter Log { get; } = new StreamWriter("log.txt"); }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_for_timer_disposal_and_alternatives_that_wrap_the_sync_member() =>
        VerifyAG0102.Diagnostics(Usings + """
            public class Schema
            {
                public int Columns() => 0;
                public Task<int> ColumnsAsync(CancellationToken ct = default)
                {
                    ct.ThrowIfCancellationRequested();
                    return Task.FromResult(Columns());
                }

                public int Rows() => 0;
                public ValueTask<int> RowsAsync() => new ValueTask<int>(Rows());

                public int Size() => 0;
                public Task<int> SizeAsync() => Task.FromResult(Columns());   // wraps another member

                public int Count() => 0;
                public async Task<int> CountAsync() { await Task.Yield(); return Count(); }
            }

            class C
            {
                private readonly Timer _timer = new Timer(_ => { });

                async Task M(Schema schema, CancellationToken ct)
                {
                    await Task.Yield();
                    _timer.Dispose();                 // returns at once; DisposeAsync would wait for callbacks
                    using var local = new Timer(_ => { });
                    var columns = schema.Columns();
                    var rows = schema.Rows();
                    var size = {|AG0102:schema.Size()|};
                    var count = {|AG0102:schema.Count()|};
                }
            }
            """);

    /// <summary>Issue 16's crash: a member access after `?.` whose async twin exists (AD0001 in a user's build).</summary>
    private const string Journal = """
        public class Journal
        {
            public void Commit() { }
            public Task CommitAsync(CancellationToken ct = default) => Task.CompletedTask;
            public int Count() => 0;
            public Task<int> CountAsync() => Task.FromResult(0);
            public Journal Next => this;
            public Journal Get() => this;
            public Journal this[int i] => this;
        }
        public class Log { public Journal Journal { get; } = new Journal(); }
        public class Db { public Log? Log { get; set; } }
        public struct Holder { public Journal Journal => new Journal(); }

        """;

    [Fact]
    public Task Silent_and_never_throws_for_calls_deep_in_a_conditional_access_chain() =>
        VerifyAG0102.NoDiagnostics("using System.Collections.Generic;\n" + Usings + Journal + """
            class C
            {
                async Task M(Db db, Journal? j, Journal[]? all, Holder? h, List<Journal>? list)
                {
                    await Task.Yield();
                    db.Log?.Journal.Commit();
                    j?.Next.Next.Commit();
                    j?.Get().Commit();
                    all?[0].Commit();
                    j?[1].Next.Commit();
                    db.Log?.Journal!.Commit();
                    h?.Journal.Commit();
                    db?.Log?.Journal.Get()?.Next.Commit();
                    var n = j?.Next.Count() ?? 0;
                    Func<Task> f = async () => db.Log?.Journal.Commit();
                }

                async Task Bodied(Db db) => db.Log?.Journal.Commit();

                Task<int> NotAsyncYet(Journal? j) => Task.FromResult(j?.Next.Count() ?? 0);
            }
            """);

    [Fact]
    public Task Silent_after_a_conditional_access_where_nothing_binds_or_the_call_is_the_binding() =>
        VerifyAG0102.NoDiagnostics(Usings + Journal + """
            class Other { public void Commit() { } public Other? Next => this; }
            class C
            {
                async Task M(Db db, Journal? j, Other? o)
                {
                    await Task.Yield();
                    j?.Commit();                    // `await j?.CommitAsync()` would throw on null
                    j?.Next?.Commit();
                    o?.Next?.Commit();              // Other has no CommitAsync
                    o?.Next!.Commit();
                    Action a = () => db.Log?.Journal.Commit();  // sync lambda
                }

                void Sync(Db db) => db.Log?.Journal.Commit();
            }
            """);

    [Theory]
    [InlineData("class C { async Task M() { File.ReadAllText(")]
    [InlineData("class C { async Task M() { Thread.Sleep(; File.ReadAllText( } }")]
    [InlineData("class C { async Task M() { using (var s = File.OpenRead(")]
    [InlineData("class C { async Task M() { using var s = ; } }")]
    [InlineData("class C { async Task M(Undefined u) { u.Save(); u.Read(1, 2); using var x = u; } }")]
    [InlineData("class C { async Task M(CancellationToken ct) { File.ReadAllText(path: , ct); } }")]
    [InlineData("async Task M() => File.ReadAllText(\"x\"); }")]
    public async Task Half_typed_code_does_not_crash(string source)
    {
        var diagnostics = await RobustnessRunner.RunAsync(new AG0102AsyncAlternativeAnalyzer(), Usings + source);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    [Fact]
    public Task Silent_for_the_AsyncGuard_lock_releaser_whose_release_never_waits() =>
        VerifyAG0102.NoDiagnostics("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            namespace AsyncGuard
            {
                public sealed class AsyncLock
                {
                    public ValueTask<Releaser> LockAsync(CancellationToken ct = default) => default;
                    public readonly struct Releaser : IDisposable, IAsyncDisposable
                    {
                        public void Dispose() { }
                        public ValueTask DisposeAsync() => default;
                    }
                }
            }
            class C
            {
                async Task M(AsyncGuard.AsyncLock gate)
                {
                    using (await gate.LockAsync()) { }
                    using var held = await gate.LockAsync();
                }
            }
            """);
}
