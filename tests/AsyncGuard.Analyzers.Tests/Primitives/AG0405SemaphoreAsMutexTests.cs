using AsyncGuard.Analyzers.Primitives;
using AsyncGuard.Analyzers.Tests.Verifiers;
using AsyncGuard.CodeFixes.Primitives;
using Xunit;
using static AsyncGuard.Analyzers.Tests.Primitives.PrimitivesSources;

namespace AsyncGuard.Analyzers.Tests.Primitives;

/// <summary>AG0405: a SemaphoreSlim(1, 1) field used only as a mutex, reported (and fixed) only where the runtime is referenced.</summary>
public sealed class AG0405SemaphoreAsMutexTests
{
    private static string InClass(string field, string members) => Usings + $$"""
        class C
        {
            {{field}}
            private int _n;
            static Task WorkAsync() => Task.CompletedTask;
            static void Use(SemaphoreSlim s) { }

        {{members}}
        }
        """;

    private static Task Diagnostics(string source, bool withRuntime = true) => DiagnosticsWithRuntime<AG0405SemaphoreAsMutexAnalyzer>(source, withRuntime);

    private static Task Fix(string before, string after) => FixWithRuntime<AG0405SemaphoreAsMutexAnalyzer, AG0405SemaphoreAsMutexCodeFixProvider>(before, after).RunAsync();

    private const string Pair = "async Task M(CancellationToken ct) { await _gate.WaitAsync(ct); try { _n++; await WorkAsync(); } finally { _gate.Release(); } }";

    [Theory]
    [InlineData("private readonly SemaphoreSlim {|AG0405:_gate|} = new SemaphoreSlim(1, 1);", Pair)]
    [InlineData("private SemaphoreSlim {|AG0405:_gate|} = new(1, 1);", Pair)]
    [InlineData("private readonly SemaphoreSlim {|AG0405:_gate|} = new SemaphoreSlim(maxCount: 1, initialCount: 1);", Pair)]
    [InlineData("private static readonly SemaphoreSlim {|AG0405:_gate|} = new SemaphoreSlim(1, 1);", "static async Task M() { await C._gate.WaitAsync().ConfigureAwait(false); try { await WorkAsync(); } finally { C._gate.Release(); } }")]
    [InlineData("private readonly SemaphoreSlim {|AG0405:_gate|} = new SemaphoreSlim(1, 1);", "async Task M() { await this._gate.WaitAsync(); try { _n++; } catch (InvalidOperationException) { _n--; } finally { this._gate.Release(); } } void Close() { _gate.Dispose(); }")]
    [InlineData("private readonly SemaphoreSlim {|AG0405:_gate|} = new SemaphoreSlim(1, 1);", "Func<Task> M() => async () => { await _gate.WaitAsync(); try { _n++; } finally { _gate.Release(); } }; " + Pair)]
    public Task Reports_a_semaphore_used_only_as_a_mutex(string field, string members) => Diagnostics(InClass(field, members));

    [Theory]
    [InlineData("private readonly SemaphoreSlim _gate = new SemaphoreSlim(2, 2);", Pair)]
    [InlineData("private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);", Pair)]
    [InlineData("private readonly SemaphoreSlim _gate = new SemaphoreSlim(0, 1);", Pair)]
    [InlineData("internal readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);", Pair)]
    [InlineData("protected readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);", Pair)]
    [InlineData("private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);", Pair + " void Pass() => Use(_gate);")]
    [InlineData("private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);", Pair + " SemaphoreSlim Expose() => _gate;")]
    [InlineData("private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);", Pair + " int Count => _gate.CurrentCount;")]
    [InlineData("private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);", Pair + " void Sync() { _gate.Wait(); try { _n++; } finally { _gate.Release(); } }")]
    [InlineData("private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);", Pair + " async Task<bool> Try() { if (!await _gate.WaitAsync(100)) return false; try { _n++; } finally { _gate.Release(); } return true; }")]
    [InlineData("private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);", "async Task Start() { await _gate.WaitAsync(); _ = Task.Run(() => { try { _n++; } finally { _gate.Release(); } }); }")]
    [InlineData("private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);", "async Task Start() { await _gate.WaitAsync(); _n++; } void Done() => _gate.Release();")]
    [InlineData("private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);", "async Task M() { try { await _gate.WaitAsync(); _n++; } finally { _gate.Release(); } }")]
    [InlineData("private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);", "async Task M() { await _gate.WaitAsync(); _n++; try { _n++; } finally { _gate.Release(); } }")]
    [InlineData("private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);", "async Task M() { await _gate.WaitAsync(); try { _n++; } finally { _gate.Release(); _n--; } }")]
    [InlineData("private SemaphoreSlim _gate = new SemaphoreSlim(1, 1);", Pair + " void Reset() => _gate = new SemaphoreSlim(1, 1);")]
    [InlineData("private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);", "void Unused() { }")]
    [InlineData("private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1), _other = new SemaphoreSlim(1, 1);", Pair)]
    public Task Stays_silent(string field, string members) => Diagnostics(InClass(field, members));

    [Fact]
    public Task Silent_without_the_runtime() => Diagnostics(InClass("private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);", Pair), withRuntime: false);

    [Fact]
    public Task Silent_when_another_object_takes_the_field() => Diagnostics(InClass(
        "private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);",
        Pair + " async Task Other(C other) { await other._gate.WaitAsync(); try { } finally { other._gate.Release(); } }"));

    [Fact]
    public Task Silent_when_a_dispose_has_no_counterpart_on_the_lock()
    {
        // The AsyncLock of this runtime shape has no Dispose: `_gate.Dispose()` would not compile after the switch.
        var test = new AnalyzerTest<AG0405SemaphoreAsMutexAnalyzer>
        {
            TestCode = InClass("private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);", Pair + " void Close() => _gate.Dispose();") + RuntimeStandIns,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task Survives_half_typed_code() => Verify<AG0405SemaphoreAsMutexAnalyzer>.DiagnosticsInBrokenCode(Usings + """
        class C
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, );
            private readonly SemaphoreSlim _other = new(1, 1);
            async Task M()
            {
                await _other.WaitAsync(;
                try { } finally { _other.Release( }
                await _gate.WaitAsync();
                try { } finally
            }
        }
        """ + LockAndLazyRuntime);

    [Fact]
    public Task Fix_keeps_the_token_and_the_comments() => Fix("""
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            // one writer at a time
            private readonly SemaphoreSlim {|AG0405:_gate|} = new SemaphoreSlim(1, 1);
            private long _value;

            public async Task UpdateAsync(CancellationToken ct)
            {
                // take the gate
                await _gate.WaitAsync(ct);
                try
                {
                    await Task.Yield(); // let the others in
                    _value++;
                }
                finally
                {
                    _gate.Release();
                }

                _value--;
            }

            public async Task<long> ReadAsync()
            {
                await this._gate.WaitAsync().ConfigureAwait(false);
                try
                {
                    return _value;
                }
                finally
                {
                    this._gate.Release();
                }
            }

            public void Dispose() => _gate.Dispose();
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using AsyncGuard;

        class C
        {
            // one writer at a time
            private readonly AsyncLock _gate = new AsyncLock();
            private long _value;

            public async Task UpdateAsync(CancellationToken ct)
            {
                // take the gate
                using (await _gate.LockAsync(ct))
                {
                    await Task.Yield(); // let the others in
                    _value++;
                }

                _value--;
            }

            public async Task<long> ReadAsync()
            {
                using (await this._gate.LockAsync().ConfigureAwait(false))
                {
                    return _value;
                }
            }

            public void Dispose() => _gate.Dispose();
        }
        """);

    [Fact]
    public Task Fix_nests_a_try_with_catches_and_adds_readonly() => Fix("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using AsyncGuard;

        class C
        {
            private SemaphoreSlim {|AG0405:_gate|} = new(1, 1);
            private int _value;

            public async Task UpdateAsync(CancellationToken cancellationToken)
            {
                await _gate.WaitAsync(cancellationToken: cancellationToken);
                try
                {
                    _value++;
                }
                catch (InvalidOperationException)
                {
                    _value--;
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using AsyncGuard;

        class C
        {
            private readonly AsyncLock _gate = new();
            private int _value;

            public async Task UpdateAsync(CancellationToken cancellationToken)
            {
                using (await _gate.LockAsync(cancellationToken: cancellationToken))
                {
                    try
                    {
                        _value++;
                    }
                    catch (InvalidOperationException)
                    {
                        _value--;
                    }
                }
            }
        }
        """);
}
