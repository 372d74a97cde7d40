using AsyncGuard.CodeFixes.Blocking;
using Xunit;
using VerifyAG0104 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0104DualPathMismatchAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

public sealed class AG0104DualPathMismatchTests
{
    private const string Usings = "using System; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    private const string Shared = """

        enum IOBehavior { Asynchronous, Synchronous }

        sealed class Context { public bool IsSynchronous { get; set; } }

        static class Core
        {
            public static async Task<int> FillAsync(Stream s, bool async) => async ? await s.ReadAsync(new byte[1], 0, 1) : s.Read(new byte[1], 0, 1);
            public static async ValueTask<int> ReadBytes(Stream s, IOBehavior ioBehavior) =>
                ioBehavior == IOBehavior.Asynchronous ? await s.ReadAsync(new byte[1], 0, 1) : s.Read(new byte[1], 0, 1);
            public static async Task<int> Twin(Stream s, bool fast)
            {
                if (fast) return await s.ReadAsync(new byte[1], 0, 1);
                else return s.Read(new byte[1], 0, 1);
            }
            public static Task<int> Compute(bool verbose) => Task.FromResult(verbose ? 1 : 0);
            public static Task Log(string text, bool async) => Task.CompletedTask;
        }
        """;

    private static string Source(string members) => Usings + "class C\n{\n" + members + "\n}\n" + Shared;

    [Theory]
    [InlineData("async Task<int> M(Stream s, bool async) => await Core.FillAsync(s, {|AG0104:false|});")]
    [InlineData("async Task<int> M(Stream s, bool async) => await Core.FillAsync(s, async: {|AG0104:false|}).ConfigureAwait(false);")]
    [InlineData("async Task<int> M(Stream s, bool async) { if (async) { return await Core.FillAsync(s, {|AG0104:false|}); } return 0; }")]
    [InlineData("async Task<int> M(Stream s, bool async) { if (!async) return 0; return await Core.FillAsync(s, {|AG0104:false|}); }")]
    [InlineData("async Task<int> M(Stream s, bool async) => async ? await Core.FillAsync(s, {|AG0104:false|}) : 0;")]
    [InlineData("async Task<int> M(Stream s, IOBehavior ioBehavior) => await Core.ReadBytes(s, {|AG0104:IOBehavior.Synchronous|});")]
    [InlineData("async Task<int> M(Stream s, IOBehavior ioBehavior) { switch (ioBehavior) { case IOBehavior.Asynchronous: return await Core.ReadBytes(s, {|AG0104:IOBehavior.Synchronous|}); default: return 0; } }")]
    [InlineData("async Task<int> M(Stream s, bool async) => await Core.ReadBytes(s, {|AG0104:IOBehavior.Synchronous|});")]
    [InlineData("async Task<int> M(Stream s, IOBehavior ioBehavior) => await Core.FillAsync(s, {|AG0104:false|});")]
    [InlineData("async Task<int> M(Stream s, bool async) => await Core.Twin(s, {|AG0104:false|});")]
    [InlineData("async Task M(Stream s, bool async) { Func<Task<int>> f = () => Core.FillAsync(s, {|AG0104:false|}); await f(); }")]
    [InlineData("async Task M(Stream s, bool async) { await Local(); async Task Local() => await Core.FillAsync(s, {|AG0104:false|}); }")]
    [InlineData("async Task M(Context context) { if (context.IsSynchronous) return; await Core.Log(\"x\", {|AG0104:false|}); }")]
    public Task Reports_the_sync_constant_on_the_async_path(string member) => VerifyAG0104.Diagnostics(Source(member));

    [Theory]
    [InlineData("async Task<int> M(Stream s, bool async) { if (!async) return Core.FillAsync(s, {|AG0104:true|}).GetAwaiter().GetResult(); return await Core.FillAsync(s, true); }")]
    [InlineData("async Task<int> M(Stream s, bool async) => async ? await Core.FillAsync(s, true) : Core.FillAsync(s, {|AG0104:true|}).Result;")]
    [InlineData("async Task<int> M(Stream s, IOBehavior io) { if (io == IOBehavior.Synchronous) { Core.ReadBytes(s, {|AG0104:IOBehavior.Asynchronous|}).AsTask().Wait(); } return 0; }")]
    [InlineData("async Task<int> M(Stream s, IOBehavior io) { if (io == IOBehavior.Asynchronous) return 1; return (Core.ReadBytes(s, {|AG0104:IOBehavior.Asynchronous|}).ConfigureAwait(false)).GetAwaiter().GetResult(); }")]
    public Task Reports_blocking_on_the_async_constant_on_the_sync_path(string member) => VerifyAG0104.Diagnostics(Source(member));

    [Theory]
    [InlineData("async Task<int> M(Stream s, bool async) => await Core.FillAsync(s, async);")]
    [InlineData("async Task<int> M(Stream s, bool async) { if (!async) return await Core.FillAsync(s, false); return await Core.FillAsync(s, true); }")]
    [InlineData("async Task<int> M(Stream s, bool async) => async ? await Core.FillAsync(s, true) : Core.FillAsync(s, false).Result;")]
    [InlineData("async Task<int> M(Stream s, IOBehavior io) => io == IOBehavior.Synchronous ? Core.ReadBytes(s, IOBehavior.Synchronous).Result : await Core.ReadBytes(s, io);")]
    [InlineData("async Task<int> M(Stream s) => await Core.FillAsync(s, false);")]
    [InlineData("int M(Stream s, bool async) => Core.FillAsync(s, false).Result;")]
    [InlineData("async Task<int> M(Stream s, bool verbose) => await Core.FillAsync(s, false);")]
    [InlineData("async Task<int> M(bool async) => await Core.Compute(false);")]
    [InlineData("async Task<int> M(Stream s, bool async) { if (!async) { var t = Core.FillAsync(s, true); return 0; } return 1; }")]
    [InlineData("async Task<int> M(Stream s, bool async) => await Core.FillAsync(s, true);")]
    [InlineData("async Task M(Context context) { await Core.Log(\"x\", false); }")]
    [InlineData("async Task M(Stream s, bool async) { await Local(); static async Task<int> Local() => await Core.FillAsync(Stream.Null, false); }")]
    [InlineData("async Task M(Stream s, bool async) { if (!async) { await Local(); } async Task Local() { await Task.Yield(); } }")]
    public Task Stays_silent_where_the_flag_matches_or_there_is_no_flag(string member) => VerifyAG0104.NoDiagnostics(Source(member));

    [Theory]
    [InlineData(
        "async Task<int> M(Stream s, bool async) => await Core.FillAsync(s, {|AG0104:false|});",
        "async Task<int> M(Stream s, bool async) => await Core.FillAsync(s, async);")]
    [InlineData(
        "async Task<int> M(Stream s, bool async) => await Core.FillAsync(s, async: {|AG0104:false|});",
        "async Task<int> M(Stream s, bool async) => await Core.FillAsync(s, async: async);")]
    [InlineData(
        "async Task<int> M(Stream s, bool sync) => await Core.FillAsync(s, {|AG0104:false|});",
        "async Task<int> M(Stream s, bool sync) => await Core.FillAsync(s, !sync);")]
    [InlineData(
        "async Task<int> M(Stream s, IOBehavior ioBehavior) => await Core.ReadBytes(s, {|AG0104:IOBehavior.Synchronous|});",
        "async Task<int> M(Stream s, IOBehavior ioBehavior) => await Core.ReadBytes(s, ioBehavior);")]
    [InlineData(
        "async Task<int> M(Stream s, bool async) => await Core.ReadBytes(s, {|AG0104:IOBehavior.Synchronous|});",
        "async Task<int> M(Stream s, bool async) => await Core.ReadBytes(s, async ? IOBehavior.Asynchronous : IOBehavior.Synchronous);")]
    [InlineData(
        "async Task<int> M(Stream s, IOBehavior ioBehavior) => await Core.FillAsync(s, {|AG0104:false|});",
        "async Task<int> M(Stream s, IOBehavior ioBehavior) => await Core.FillAsync(s, ioBehavior == IOBehavior.Asynchronous);")]
    [InlineData(
        "async Task M(Context context) { if (context.IsSynchronous) return; await Core.Log(\"x\", {|AG0104:false|}); }",
        "async Task M(Context context) { if (context.IsSynchronous) return; await Core.Log(\"x\", !context.IsSynchronous); }")]
    [InlineData(
        "async Task<int> M(Stream s, bool async) { if (!async) return Core.FillAsync(s, {|AG0104:true|}).GetAwaiter().GetResult(); return 0; }",
        "async Task<int> M(Stream s, bool async) { if (!async) return Core.FillAsync(s, async).GetAwaiter().GetResult(); return 0; }")]
    public Task Fix_forwards_the_own_flag(string before, string after) =>
        VerifyAG0104.Fix<AG0104DualPathMismatchCodeFixProvider>(Source(before), Source(after));

    [Fact]
    public Task Fix_all_forwards_the_flag_everywhere() => VerifyAG0104.Fix<AG0104DualPathMismatchCodeFixProvider>(
        Source("""
            async Task<int> A(Stream s, bool async) => await Core.FillAsync(s, {|AG0104:false|}) + await Core.FillAsync(s, async: {|AG0104:false|});
            async Task<int> B(Stream s, IOBehavior io) { if (io == IOBehavior.Synchronous) return Core.ReadBytes(s, {|AG0104:IOBehavior.Asynchronous|}).Result; return await Core.ReadBytes(s, {|AG0104:IOBehavior.Synchronous|}); }
            """),
        Source("""
            async Task<int> A(Stream s, bool async) => await Core.FillAsync(s, async) + await Core.FillAsync(s, async: async);
            async Task<int> B(Stream s, IOBehavior io) { if (io == IOBehavior.Synchronous) return Core.ReadBytes(s, io).Result; return await Core.ReadBytes(s, io); }
            """));
}
