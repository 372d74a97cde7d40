using Xunit;
using VerifyAG0101 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0101BlockingWaitAnalyzer>;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// Held-out class (ho5, FreeSql's include loader): the sync API of a dual sync/async implementation keeps the task of the
/// call given the sync constant in a local, checks it for a fault, then reads its Result. The local always holds that
/// call's completed task, as the direct `FillAsync(false).Result` form the dual-path silence already knew, provided the
/// callee never writes the parameters given constants (npgsql turns its flag over with `ref async` to move a large send to
/// another scheduler). Each silence has its nearest reported case beside it.
/// </summary>
public sealed class AG0103DualCallLocalTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    private const string Loader = """
        static class Loader
        {
            public static async Task<List<int>> LoadSyncOrAsync(bool isAsync, Stream s)
            {
                var b = new byte[4];
                var n = isAsync ? await s.ReadAsync(b, 0, b.Length) : s.Read(b, 0, b.Length);
                return new List<int> { n };
            }

            public static async Task<int> SendSyncOrAsync(bool async, Stream s)
            {
                if (!async && Schedule(ref async)) await Task.Yield();
                return async ? await s.ReadAsync(new byte[1], 0, 1) : s.Read(new byte[1], 0, 1);
            }

            private static bool Schedule(ref bool async) { async = true; return true; }

            public static async ValueTask<int> FillAsync(Stream s, bool async)
            {
                if (async) return await s.ReadAsync(new byte[1], 0, 1);
                return s.Read(new byte[1], 0, 1);
            }
        }
        """;

    [Fact]
    public Task A_local_holding_the_sync_side_call_is_silent() => VerifyAG0103.NoDiagnostics(Usings + Loader + """
        static class Api
        {
            public static List<int> Load(Stream s)
            {
                var task = Loader.LoadSyncOrAsync(false, s);
                if (task.Exception != null) throw task.Exception.InnerException ?? task.Exception;
                return task.Result;
            }

            public static int Fill(Stream s)
            {
                // Explicit type, a named argument, the awaiter form through ConfigureAwait.
                ValueTask<int> pending = Loader.FillAsync(s, async: false);
                return pending.ConfigureAwait(false).GetAwaiter().GetResult();
            }

            public static void Warm(Stream s)
            {
                Task<List<int>> warm = (Loader.LoadSyncOrAsync(isAsync: false, s));
                warm.Wait();
            }
        }
        """);

    [Fact]
    public Task The_async_constant_an_unknown_flag_and_a_reassigned_local_are_still_reported() => VerifyAG0103.Diagnostics(Usings + Loader + """
        static class Api
        {
            public static List<int> Async(Stream s)
            {
                var task = Loader.LoadSyncOrAsync(true, s);
                return {|AG0103:task.Result|};
            }

            public static List<int> Unknown(Stream s, bool flag)
            {
                var task = Loader.LoadSyncOrAsync(flag, s);
                return {|AG0103:task.Result|};
            }

            public static List<int> Reassigned(Stream s)
            {
                var task = Loader.LoadSyncOrAsync(false, s);
                if (s.CanSeek) task = Loader.LoadSyncOrAsync(true, s);
                return {|AG0103:task.Result|};
            }

            public static List<int> ByRef(Stream s)
            {
                var task = Loader.LoadSyncOrAsync(false, s);
                Swap(ref task, s);
                return {|AG0103:task.Result|};
            }

            private static void Swap(ref Task<List<int>> task, Stream s) => task = Loader.LoadSyncOrAsync(true, s);

            public static int Turned(Stream s)
            {
                // The callee may turn its flag over (a ref pass): the sync constant proves nothing.
                var send = Loader.SendSyncOrAsync(false, s);
                return {|AG0103:send.GetAwaiter().GetResult()|};
            }

            public static List<int> Declared(Stream s)
            {
                Task<List<int>> task;
                task = Loader.LoadSyncOrAsync(false, s);
                return {|AG0103:task.Result|};
            }
        }
        """);

    [Fact]
    public Task AG0101_is_silent_on_the_same_local_in_an_async_function() => VerifyAG0101.Diagnostics(Usings + Loader + """
        static class Api
        {
            public static async Task<int> CountAsync(Stream s)
            {
                await Task.Yield();
                var sync = Loader.LoadSyncOrAsync(false, s);
                var async = Loader.LoadSyncOrAsync(true, s);
                return sync.Result.Count + {|AG0101:async.Result|}.Count;
            }
        }
        """);

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0103.DiagnosticsInBrokenCode(Usings + Loader + """
        static class Api
        {
            public static List<int> Load(Stream s)
            {
                var task = Loader.LoadSyncOrAsync(false, s);
                var other = Missing.Make(false);
                var x = other.Result;
                return task.Result;
            }

            public static List<int> Broken(Stream s)
            {
                var task = Loader.LoadSyncOrAsync(Unknown, s);
                return {|AG0103:task.Result|};
            }
        }
        """);
}
