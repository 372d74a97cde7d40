using System.Collections.Immutable;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0101 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0101BlockingWaitAnalyzer>;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// Dual sync/async implementations (one body for the sync and the async API, selected by a flag): code that runs only on
/// the sync side calls sync APIs on purpose, and a call told to run synchronously returns a completed task. AG0101,
/// AG0102 and AG0103 stay silent there; the async side, flag-less methods and flags that select nothing still report.
/// </summary>
public sealed class DualPathSilenceTests
{
    private const string Usings = "using System; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    private const string Shared = """

        enum IOBehavior { Asynchronous, Synchronous }

        sealed class Context { public bool IsSynchronous { get; set; } public Stream Stream { get; } = Stream.Null; }

        static class Core
        {
            public static async Task<int> FillAsync(Stream s, byte[] b, bool async) => async ? await s.ReadAsync(b, 0, b.Length) : s.Read(b, 0, b.Length);
            public static async ValueTask<int> FillAsync(Stream s, byte[] b, IOBehavior ioBehavior) =>
                ioBehavior == IOBehavior.Asynchronous ? await s.ReadAsync(b, 0, b.Length) : s.Read(b, 0, b.Length);
            public static async Task<int> Twin(Stream s, byte[] b, bool fast)
            {
                if (fast) return await s.ReadAsync(b, 0, b.Length);
                else return s.Read(b, 0, b.Length);
            }
            public static Task<int> Compute(bool verbose) => Task.FromResult(verbose ? 1 : 0);
        }
        """;

    private static string Source(string body) => Usings + body + Shared;

    // ---- AG0101: waits on the sync side, and waits on calls told to run synchronously ----

    [Theory]
    [InlineData("if (!async) { t.Wait(); }")]
    [InlineData("if (async == false) t.Wait();")]
    [InlineData("if (async is false) t.Wait();")]
    [InlineData("if (async) { await t; } else { t.Wait(); }")]
    [InlineData("var n = async ? await t : t.Result;")]
    [InlineData("var n = !async ? t.Result : await t;")]
    [InlineData("if (!async && t != null) t.Wait();")]
    [InlineData("if (async || t == null) { } else t.Wait();")]
    [InlineData("if (async) { await t; return; } t.Wait();")]
    [InlineData("if (async) { await t; return; } else if (t.Id > 0) { t.Wait(); }")]
    [InlineData("if (!async) { } else { await t; return; } t.Wait();")]
    [InlineData("if (async) throw new InvalidOperationException(); var n = t.Result;")]
    [InlineData("var n = await Core.FillAsync(Stream.Null, new byte[1], false).ConfigureAwait(false) + Core.FillAsync(Stream.Null, new byte[1], async: false).Result;")]
    [InlineData("Core.FillAsync(Stream.Null, new byte[1], IOBehavior.Synchronous).GetAwaiter().GetResult();")]
    public Task AG0101_is_silent_on_the_sync_side_of_a_bool_flag(string statement) => VerifyAG0101.NoDiagnostics(Source($$"""
        class C
        {
            async Task M(bool async, Task<int> t)
            {
                await Task.Yield();
                {{statement}}
            }
        }
        """));

    [Theory]
    [InlineData("if (ioBehavior == IOBehavior.Synchronous) t.Wait();")]
    [InlineData("if (ioBehavior != IOBehavior.Asynchronous) t.Wait();")]
    [InlineData("if (ioBehavior is IOBehavior.Synchronous) t.Wait();")]
    [InlineData("if (ioBehavior is not IOBehavior.Asynchronous) t.Wait();")]
    [InlineData("if (IOBehavior.Asynchronous == ioBehavior) { await t; } else { t.Wait(); }")]
    [InlineData("switch (ioBehavior) { case IOBehavior.Synchronous: t.Wait(); break; default: await t; break; }")]
    [InlineData("var n = ioBehavior switch { IOBehavior.Synchronous => t.Result, _ => await t };")]
    [InlineData("if (ioBehavior == IOBehavior.Asynchronous) { await t; return; } t.Wait();")]
    [InlineData("var behavior = ioBehavior; if (behavior == IOBehavior.Synchronous) t.Wait();")]
    public Task AG0101_is_silent_on_the_sync_side_of_an_IOBehavior_enum(string statement) => VerifyAG0101.NoDiagnostics(Source($$"""
        class C
        {
            async ValueTask M(IOBehavior ioBehavior, Task<int> t)
            {
                await Task.Yield();
                {{statement}}
            }
        }
        """));

    [Theory]
    [InlineData("if (context.IsSynchronous) t.Wait(); else await t;")]
    [InlineData("if (!context.IsSynchronous) { await t; return; } t.Wait();")]
    public Task AG0101_is_silent_on_the_sync_side_of_a_context_property(string statement) => VerifyAG0101.NoDiagnostics(Source($$"""
        class C
        {
            async Task M(Context context, Task<int> t)
            {
                await Task.Yield();
                {{statement}}
            }
        }
        """));

    [Theory]
    [InlineData("if (async) { {|AG0101:t.Wait()|}; }")]
    [InlineData("var n = async ? {|AG0101:t.Result|} : 0;")]
    [InlineData("if (!async) { await Task.Yield(); return; } {|AG0101:t.Wait()|};")]
    [InlineData("if (!async || t.Id > 0) {|AG0101:t.Wait()|};")]
    [InlineData("if (async && t.Id > 0) { } else {|AG0101:t.Wait()|};")]
    [InlineData("if (!async) { } {|AG0101:t.Wait()|};")]
    [InlineData("{|AG0101:t.Wait()|};")]
    [InlineData("var n = {|AG0101:Core.FillAsync(Stream.Null, new byte[1], true).Result|};")]
    [InlineData("var n = {|AG0101:Core.FillAsync(Stream.Null, new byte[1], async).Result|};")]
    [InlineData("var n = {|AG0101:Core.Compute(false).Result|};")]
    // A [Flags] option enum is not a sync/async selector (e201): ExecuteSynchronously does not complete the continuation.
    [InlineData("{|AG0101:t.ContinueWith(_ => { }, TaskContinuationOptions.ExecuteSynchronously).Wait()|};")]
    public Task AG0101_still_reports_the_async_side_and_unguarded_waits(string statement) => VerifyAG0101.Diagnostics(Source($$"""
        class C
        {
            async Task M(bool async, Task<int> t)
            {
                await Task.Yield();
                {{statement}}
            }
        }
        """));

    [Theory]
    [InlineData("async Task M(bool verbose, Task<int> t) { await Task.Yield(); if (!verbose) {|AG0101:t.Wait()|}; }")]
    [InlineData("async Task M(IOBehavior ioBehavior, Task<int> t) { await Task.Yield(); if (ioBehavior == IOBehavior.Asynchronous) {|AG0101:t.Wait()|}; }")]
    [InlineData("async Task M(Context context, Task<int> t) { await Task.Yield(); if (!context.IsSynchronous) {|AG0101:t.Wait()|}; }")]
    [InlineData("async Task M(Task<int> t) { await Task.Yield(); {|AG0101:t.Wait()|}; }")]
    [InlineData("async Task M(IOBehavior? io, Task<int> t) { await Task.Yield(); if (io != IOBehavior.Synchronous) {|AG0101:t.Wait()|}; }")]
    [InlineData("async Task M(Task<int> t) { await Task.Yield(); var verbose = t.Id > 0; if (!verbose) {|AG0101:t.Wait()|}; }")]
    [InlineData("async Task M(bool async, Task<int> t) { await Task.Yield(); switch (async) { default: {|AG0101:t.Wait()|}; break; } }")]
    public Task AG0101_reports_flags_that_select_nothing_and_flagless_methods(string member) => VerifyAG0101.Diagnostics(Source($$"""
        class C
        {
            {{member}}
        }
        """));

    [Fact]
    public Task AG0101_is_silent_in_a_local_function_called_only_from_the_sync_side() => VerifyAG0101.Diagnostics(Source("""
        class C
        {
            ValueTask<int> ReadAsync(IOBehavior ioBehavior, Task<int> t, bool canTimeout) =>
                ioBehavior == IOBehavior.Asynchronous ? new ValueTask<int>(t) :
                canTimeout ? Sync() :
                SyncOverAsync();

            ValueTask<int> Sync() => new ValueTask<int>(0);

            ValueTask<int> SyncOverAsync() => new ValueTask<int>(0);

            ValueTask<int> Nested(IOBehavior ioBehavior, Task<int> t)
            {
                return ioBehavior == IOBehavior.Asynchronous ? new ValueTask<int>(t) : Blocking();

                ValueTask<int> Blocking() => new ValueTask<int>(t.GetAwaiter().GetResult());
            }

            ValueTask<int> CalledFromBothSides(IOBehavior ioBehavior, Task<int> t)
            {
                Blocking();
                return ioBehavior == IOBehavior.Asynchronous ? new ValueTask<int>(t) : Blocking();

                ValueTask<int> Blocking() => new ValueTask<int>({|AG0101:t.GetAwaiter().GetResult()|});
            }

            ValueTask<int> UsedAsADelegate(IOBehavior ioBehavior, Task<int> t)
            {
                Func<ValueTask<int>> f = Blocking;
                return ioBehavior == IOBehavior.Asynchronous ? new ValueTask<int>(t) : Blocking();

                ValueTask<int> Blocking() => new ValueTask<int>({|AG0101:t.Result|});
            }

            ValueTask<int> CalledFromTheAsyncSide(IOBehavior ioBehavior, Task<int> t)
            {
                return ioBehavior == IOBehavior.Synchronous ? new ValueTask<int>(0) : Blocking();

                ValueTask<int> Blocking() => new ValueTask<int>({|AG0101:t.Result|});
            }
        }
        """));

    // ---- AG0102: sync calls on the sync side ----

    [Theory]
    [InlineData("if (!async) s.Flush(); else await s.FlushAsync();")]
    [InlineData("var n = async ? await s.ReadAsync(b, 0, 1) : s.Read(b, 0, 1);")]
    [InlineData("if (async) { await s.FlushAsync(); return; } s.Flush();")]
    [InlineData("if (!async) { using var f = File.OpenRead(\"x\"); f.Flush(); return; }")]
    public Task AG0102_is_silent_on_the_sync_side(string statement) => VerifyAG0102.NoDiagnostics(Source($$"""
        class C
        {
            async Task M(bool async, Stream s, byte[] b)
            {
                await Task.Yield();
                {{statement}}
            }
        }
        """));

    [Fact]
    public Task AG0102_is_silent_on_the_sync_side_of_an_unhinted_flag_whose_use_selects_twins() => VerifyAG0102.NoDiagnostics(Source("""
        class C
        {
            async Task<int> M(bool fast, Stream s, byte[] b)
            {
                if (fast) { return await s.ReadAsync(b, 0, 1); }
                else { return s.Read(b, 0, 1); }
            }
        }
        """));

    [Fact]
    public Task AG0102_is_silent_in_MySqlConnector_style_IOBehavior_code() => VerifyAG0102.NoDiagnostics(Source("""
        class C
        {
            async ValueTask<int> ReadBytesAsync(IOBehavior ioBehavior, Stream s, byte[] b)
            {
                var n = ioBehavior == IOBehavior.Asynchronous ? await s.ReadAsync(b, 0, 1).ConfigureAwait(false) : s.Read(b, 0, 1);
                switch (ioBehavior)
                {
                    case IOBehavior.Synchronous:
                        s.Flush();
                        break;
                    case IOBehavior.Asynchronous:
                        await s.FlushAsync().ConfigureAwait(false);
                        break;
                }

                return ioBehavior switch { IOBehavior.Synchronous => n + s.Read(b, 0, 1), _ => n };
            }
        }
        """));

    [Theory]
    [InlineData("async Task M(bool async, Stream s) { await Task.Yield(); if (async) {|AG0102:s.Flush()|}; }")]
    [InlineData("async Task M(bool async, Stream s) { await Task.Yield(); if (!async) { s.Flush(); } if (async) { {|AG0102:s.Flush()|}; } }")]
    [InlineData("async Task M(bool async, Stream s) { if (!async) { s.Flush(); return; } {|AG0102:s.Flush()|}; }")]
    [InlineData("async Task M(bool verbose, Stream s) { await Task.Yield(); if (!verbose) {|AG0102:s.Flush()|}; }")]
    [InlineData("async Task M(bool fast, Stream s) { if (fast) { await Task.Yield(); } else {|AG0102:s.Flush()|}; }")]
    [InlineData("async Task M(Stream s) { await Task.Yield(); {|AG0102:s.Flush()|}; }")]
    public Task AG0102_still_reports_the_async_side_and_flags_that_select_nothing(string member) => VerifyAG0102.Diagnostics(Source($$"""
        class C
        {
            {{member}}
        }
        """));

    [Fact]
    public Task AG0102_offers_no_await_in_code_both_paths_run() =>
        VerifyAG0102.NoFix<AsyncGuard.CodeFixes.Blocking.AG0102AsyncAlternativeCodeFixProvider>(Source("""
            class C
            {
                async Task M(bool async, Stream s)
                {
                    {|AG0102:s.Flush()|};
                    if (async) { await s.FlushAsync(); }
                }
            }
            """));

    [Fact]
    public Task AG0102_still_awaits_on_the_async_side_and_in_flagless_methods() =>
        VerifyAG0102.Fix<AsyncGuard.CodeFixes.Blocking.AG0102AsyncAlternativeCodeFixProvider>(
            Source("""
                class C
                {
                    async Task M(bool async, Stream s)
                    {
                        if (async) { {|AG0102:s.Flush()|}; }
                    }

                    async Task N(bool verbose, Stream s)
                    {
                        await Task.Yield();
                        {|AG0102:s.Flush()|};
                    }
                }
                """),
            Source("""
                class C
                {
                    async Task M(bool async, Stream s)
                    {
                        if (async) { await s.FlushAsync(); }
                    }

                    async Task N(bool verbose, Stream s)
                    {
                        await Task.Yield();
                        await s.FlushAsync();
                    }
                }
                """));

    // ---- AG0103: the sync public API over the shared implementation ----

    [Theory]
    [InlineData("int Read(Stream s, byte[] b) => Core.FillAsync(s, b, IOBehavior.Synchronous).GetAwaiter().GetResult();")]
    [InlineData("int Read(Stream s, byte[] b) => Core.FillAsync(s, b, false).GetAwaiter().GetResult();")]
    [InlineData("int Read(Stream s, byte[] b) => Core.FillAsync(s, b, async: false).ConfigureAwait(false).GetAwaiter().GetResult();")]
    [InlineData("int Read(Stream s, byte[] b) => Core.FillAsync(s, b, false).Result;")]
    [InlineData("void Read(Stream s, byte[] b) => Core.FillAsync(s, b, false).Wait();")]
    [InlineData("int Read(Stream s, byte[] b) => (Core.FillAsync(s, b, IOBehavior.Synchronous)).Result;")]
    [InlineData("int Read(Stream s, byte[] b) => Core.FillAsync(s, b, IOBehavior.Synchronous).AsTask().Result;")]
    [InlineData("int Read(Stream s, byte[] b) => Core.Twin(s, b, false).Result;")]
    [InlineData("async Task M(bool async, Task<int> t) { await Task.Yield(); if (!async) { Func<int> f = () => t.Result; f(); } }")]
    [InlineData("void Open() => OpenAsync(IOBehavior.Synchronous).GetAwaiter().GetResult(); async Task OpenAsync(IOBehavior? ioBehavior) { var behavior = ioBehavior ?? IOBehavior.Asynchronous; if (behavior == IOBehavior.Synchronous) Task.Delay(1).Wait(); else await Task.Delay(1); }")]
    [InlineData("async Task M(bool async, Task<int> t) { await Task.Yield(); var isAsync = async; if (!isAsync) { t.Wait(); } }")]
    [InlineData("sealed class Pool { public Context Get(bool isSynchronous) => new Context { IsSynchronous = isSynchronous }; } void Run(Func<Context, Task> callback) { var context = new Pool().Get(isSynchronous: true); callback(context).GetAwaiter().GetResult(); }")]
    [InlineData("void Run(Func<Context, Task> callback) { var context = new Context { IsSynchronous = true }; callback(context).Wait(); }")]
    [InlineData("void Run(Func<Context, Task> callback) => callback(new Context { IsSynchronous = true }).Wait();")]
    public Task AG0103_is_silent_on_a_call_told_to_run_synchronously(string member) => VerifyAG0103.NoDiagnostics(Source($$"""
        class C
        {
            {{member}}
        }
        """));

    [Theory]
    [InlineData("int Read(Stream s, byte[] b) => {|AG0103:Core.FillAsync(s, b, IOBehavior.Asynchronous).GetAwaiter().GetResult()|};")]
    [InlineData("int Read(Stream s, byte[] b) => {|AG0103:Core.FillAsync(s, b, true).Result|};")]
    [InlineData("int Read(Stream s, byte[] b, bool async) => {|AG0103:Core.FillAsync(s, b, async).Result|};")]
    [InlineData("int Read(Stream s, byte[] b) => {|AG0103:Core.Twin(s, b, true).Result|};")]
    [InlineData("int Read() => {|AG0103:Core.Compute(false).Result|};")]
    [InlineData("void Open() => {|AG0103:OpenAsync(IOBehavior.Asynchronous).GetAwaiter().GetResult()|}; async Task OpenAsync(IOBehavior? ioBehavior) { await Task.Yield(); }")]
    [InlineData("void M(bool async, Task t) { if (!async) {|AG0103:t.Wait()|}; }")]
    [InlineData("void Run(Func<Context, Task> callback) { var context = new Context { IsSynchronous = false }; {|AG0103:callback(context).Wait()|}; }")]
    [InlineData("void Run(Func<Context, Task> callback) { var context = new Context { IsSynchronous = true }; context = new Context(); {|AG0103:callback(context).Wait()|}; }")]
    [InlineData("void Run(Func<Context, Task> callback, Context context) { {|AG0103:callback(context).Wait()|}; }")]
    public Task AG0103_still_reports_real_sync_over_async(string member) => VerifyAG0103.Diagnostics(Source($$"""
        class C
        {
            {{member}}
        }
        """));

    [Fact]
    public Task Make_async_all_the_way_never_awaits_on_the_sync_side() =>
        Verify<BlockingAnalyzers>.Fix<AsyncGuard.CodeFixes.Blocking.AG0103SyncOverAsyncCodeFixProvider>(Usings + """
            class C
            {
                private string Load() => {|AG0103:LoadAsync().Result|};

                private static Task<string> LoadAsync() => Task.FromResult("x");

                async Task<int> M(bool async)
                {
                    if (!async)
                    {
                        return Load().Length;
                    }

                    await Task.Yield();
                    return Load().Length;
                }
            }
            """, Usings + """
            class C
            {
                private async Task<string> Load() => await LoadAsync();

                private static Task<string> LoadAsync() => Task.FromResult("x");

                async Task<int> M(bool async)
                {
                    if (!async)
                    {
                        return Load().GetAwaiter().GetResult().Length;
                    }

                    await Task.Yield();
                    return (await Load()).Length;
                }
            }
            """);

    [Fact]
    public async Task Half_typed_dual_code_does_not_throw()
    {
        var source = Usings + """
            enum IOBehavior { Asynchronous, Synchronous }
            class C
            {
                async Task M(bool async, IOBehavior io, Task<int> t, Missing m)
                {
                    if (!async) t.Wait();
                    if (m.IsSynchronous) t.Wait();
                    if (io == ) t.Wait();
                    if (async) { return; } t.Wait(
                    switch (io) { case IOBehavior.: t.Wait(); break; }
                    var n = Unknown(false).Result;
                    var k = async ? : t.Result;
                    await Fill(async: , IOBehavior.);
                }
                Task<int> Fill(bool async, IOBehavior io) => null;
            }
            """;
        var analyzers = Infrastructure.RobustnessRunner.AllAnalyzers.Where(a => a.GetType().Namespace!.EndsWith("Blocking", StringComparison.Ordinal)).ToImmutableArray();
        var diagnostics = await Infrastructure.RobustnessRunner.RunAsync(analyzers, Infrastructure.RobustnessRunner.Compile(new[] { ("Test0.cs", source) }));
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }
}
