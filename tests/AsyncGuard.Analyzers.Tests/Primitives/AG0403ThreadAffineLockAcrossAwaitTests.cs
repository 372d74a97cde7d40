using Microsoft.CodeAnalysis;
using Xunit;
using static AsyncGuard.Analyzers.Tests.Primitives.PrimitivesSources;
using VerifyAG0403 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Primitives.AG0403ThreadAffineLockAcrossAwaitAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Primitives;

public sealed class AG0403ThreadAffineLockAcrossAwaitTests
{
    private static string InClass(string body) => Usings + $$"""
        class C
        {
            private readonly object _gate = new object();
            private readonly Mutex _mutex = new Mutex();
            private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
            private SpinLock _spin = new SpinLock();
            private readonly Lock _lock = new Lock();
            static Task WorkAsync() => Task.CompletedTask;
            static void Work() { }

        {{body}}
        }
        """;

    [Theory]
    [InlineData("async Task M() { {|AG0403:Monitor.Enter(_gate)|}; try { await WorkAsync(); } finally { Monitor.Exit(_gate); } }")]
    [InlineData("async Task M() { bool taken = false; try { {|AG0403:Monitor.Enter(_gate, ref taken)|}; await Task.Delay(1); } finally { if (taken) Monitor.Exit(_gate); } }")]
    [InlineData("async Task M() { if ({|AG0403:Monitor.TryEnter(_gate, 100)|}) { await WorkAsync(); Monitor.Exit(_gate); } }")]
    [InlineData("async Task M() { {|AG0403:_mutex.WaitOne()|}; await WorkAsync(); _mutex.ReleaseMutex(); }")]
    [InlineData("async Task M() { {|AG0403:_rw.EnterWriteLock()|}; try { await WorkAsync(); } finally { _rw.ExitWriteLock(); } }")]
    [InlineData("async Task M() { {|AG0403:_rw.EnterReadLock()|}; await foreach (var x in Items()) { } _rw.ExitReadLock(); } static async System.Collections.Generic.IAsyncEnumerable<int> Items() { await Task.Yield(); yield return 1; }")]
    [InlineData("async Task M() { bool taken = false; {|AG0403:_spin.Enter(ref taken)|}; await WorkAsync(); _spin.Exit(); }")]
    [InlineData("async Task M() { {|AG0403:_lock.Enter()|}; try { await WorkAsync(); } finally { _lock.Exit(); } }")]
    [InlineData("async Task M() { {|AG0403:Monitor.Enter(_gate)|}; await WorkAsync(); }")]
    [InlineData("Func<Task> M() => async () => { {|AG0403:Monitor.Enter(_gate)|}; await WorkAsync(); Monitor.Exit(_gate); };")]
    public Task Reports_a_lock_held_at_an_await(string member) => VerifyAG0403.Diagnostics(InClass(member));

    [Theory]
    [InlineData("async Task M() { Monitor.Enter(_gate); try { Work(); } finally { Monitor.Exit(_gate); } await WorkAsync(); }")]
    [InlineData("async Task M() { await WorkAsync(); _rw.EnterReadLock(); try { Work(); } finally { _rw.ExitReadLock(); } }")]
    [InlineData("void M() { Monitor.Enter(_gate); try { Work(); } finally { Monitor.Exit(_gate); } }")]
    [InlineData("async Task M() { Monitor.Enter(_gate); Func<Task> f = async () => await WorkAsync(); Monitor.Exit(_gate); await f(); }")]
    [InlineData("async Task M(object other) { Monitor.Enter(_gate); Monitor.Exit(_gate); Monitor.Enter(other); Monitor.Exit(other); await WorkAsync(); }")]
    [InlineData("async Task M(WaitHandle h) { h.WaitOne(); await WorkAsync(); }")]
    [InlineData("async Task M(SemaphoreSlim s) { await s.WaitAsync(); try { await WorkAsync(); } finally { s.Release(); } }")]
    [InlineData("Task M() { Monitor.Enter(_gate); Monitor.Exit(_gate); return WorkAsync(); }")]
    public Task Stays_silent(string member) => VerifyAG0403.NoDiagnostics(InClass(member));

    [Fact]
    public Task Works_in_top_level_statements() => VerifyAG0403.Diagnostics("""
        using System.Threading;
        using System.Threading.Tasks;
        var gate = new object();
        {|AG0403:Monitor.Enter(gate)|};
        await Task.Delay(1);
        Monitor.Exit(gate);
        """, OutputKind.ConsoleApplication);

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0403.DiagnosticsInBrokenCode(Usings + """
        class C
        {
            async Task M(object o)
            {
                Monitor.Enter(;
                Monitor.Enter(o
                await Task.Delay(1);
                missing.EnterWriteLock();
                await Task.Delay(1);
            }
        }
        """);
}
