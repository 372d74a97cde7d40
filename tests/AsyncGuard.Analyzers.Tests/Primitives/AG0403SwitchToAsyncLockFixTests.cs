using AsyncGuard.Analyzers.Primitives;
using AsyncGuard.Analyzers.Tests.Verifiers;
using AsyncGuard.CodeFixes.Primitives;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Primitives;

/// <summary>AG0403's fix: the private monitor field becomes an AsyncLock, offered only with the AsyncGuard runtime referenced.</summary>
public sealed class AG0403SwitchToAsyncLockFixTests
{
    // The runtime's AsyncLock with its real shape, in a file of its own (the fix finds it by metadata name).
    private const string Runtime = """
        namespace AsyncGuard
        {
            public sealed class AsyncLock
            {
                public System.Threading.Tasks.ValueTask<Releaser> LockAsync(System.Threading.CancellationToken cancellationToken = default) => default;

                public readonly struct Releaser : System.IDisposable, System.IAsyncDisposable
                {
                    public void Dispose() { }
                    public System.Threading.Tasks.ValueTask DisposeAsync() => default;
                }
            }
        }
        """;

    private static Task Fix(string before, string after, int? iterations = null)
    {
        var test = new CodeFixTest<AG0403ThreadAffineLockAcrossAwaitAnalyzer, AG0403SwitchToAsyncLockCodeFixProvider> { TestCode = before, FixedCode = after };
        test.TestState.Sources.Add(("Runtime.cs", Runtime));
        test.FixedState.Sources.Add(("Runtime.cs", Runtime));
        if (iterations is { } n)
        {
            test.NumberOfIncrementalIterations = n;
            test.NumberOfFixAllIterations = 1;
        }

        return test.RunAsync();
    }

    private static Task NoFix(string source, bool withRuntime = true)
    {
        var test = new CodeFixTest<AG0403ThreadAffineLockAcrossAwaitAnalyzer, AG0403SwitchToAsyncLockCodeFixProvider> { TestCode = source, FixedCode = source };
        if (withRuntime)
        {
            test.TestState.Sources.Add(("Runtime.cs", Runtime));
            test.FixedState.Sources.Add(("Runtime.cs", Runtime));
        }

        test.FixedState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync();
    }

    [Fact]
    public Task Monitor_enter_try_finally_forwards_the_token_and_keeps_trivia() => Fix("""
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            // the gate
            private readonly object _gate = new object();
            private int _value;

            public async Task UpdateAsync(CancellationToken ct)
            {
                // take the gate
                {|AG0403:Monitor.Enter(_gate)|};
                try
                {
                    await Task.Delay(1, ct); // wait
                    _value++;
                }
                finally
                {
                    Monitor.Exit(_gate);
                }

                _value--;
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using AsyncGuard;

        class C
        {
            // the gate
            private readonly AsyncLock _gate = new AsyncLock();
            private int _value;

            public async Task UpdateAsync(CancellationToken ct)
            {
                // take the gate
                using (await _gate.LockAsync(ct))
                {
                    await Task.Delay(1, ct); // wait
                    _value++;
                }

                _value--;
            }
        }
        """);

    [Fact]
    public Task Lock_taken_form_without_a_token() => Fix("""
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            private object _gate = new();

            public async Task<int> ReadAsync()
            {
                bool lockTaken = false;
                try
                {
                    {|AG0403:Monitor.Enter(_gate, ref lockTaken)|};
                    await Task.Yield();
                    return 1;
                }
                finally
                {
                    if (lockTaken)
                    {
                        Monitor.Exit(_gate);
                    }
                }
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using AsyncGuard;

        class C
        {
            private readonly AsyncLock _gate = new();

            public async Task<int> ReadAsync()
            {
                using (await _gate.LockAsync())
                {
                    await Task.Yield();
                    return 1;
                }
            }
        }
        """);

    [Fact]
    public Task Threading_lock_enter_exit_and_lock_statements_elsewhere() => Fix("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            private static readonly Lock s_gate = new Lock();
            private static int s_count;

            public static async Task AddAsync(CancellationToken cancellationToken)
            {
                {|AG0403:s_gate.Enter()|};
                try
                {
                    await Task.Delay(1, cancellationToken);
                    s_count++;
                }
                finally
                {
                    s_gate.Exit();
                }
            }

            public static async Task ResetAsync()
            {
                lock (s_gate)
                {
                    s_count = 0;
                }

                using (C.s_gate.EnterScope())
                {
                    s_count = 1;
                }

                await Task.Yield();
            }

            public Func<Task> Later() => async () =>
            {
                lock (s_gate) s_count = 2;
                await Task.Yield();
            };
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using AsyncGuard;

        class C
        {
            private static readonly AsyncLock s_gate = new AsyncLock();
            private static int s_count;

            public static async Task AddAsync(CancellationToken cancellationToken)
            {
                using (await s_gate.LockAsync(cancellationToken))
                {
                    await Task.Delay(1, cancellationToken);
                    s_count++;
                }
            }

            public static async Task ResetAsync()
            {
                using (await s_gate.LockAsync())
                {
                    s_count = 0;
                }

                using (await C.s_gate.LockAsync())
                {
                    s_count = 1;
                }

                await Task.Yield();
            }

            public Func<Task> Later() => async () =>
            {
                using (await s_gate.LockAsync()) s_count = 2;
                await Task.Yield();
            };
        }
        """);

    [Fact]
    public Task Configure_await_false_where_the_function_uses_it() => Fix("""
        using System.Threading;
        using System.Threading.Tasks;
        using AsyncGuard;

        class C
        {
            private readonly object _gate = new object();

            public async Task SaveAsync(CancellationToken ct)
            {
                Monitor.Enter(this._gate);
                try
                {
                    await Task.Delay(1, ct).ConfigureAwait(false);
                }
                finally
                {
                    Monitor.Exit(this._gate);
                }
            }
        }
        """.Replace("Monitor.Enter(this._gate)", "{|AG0403:Monitor.Enter(this._gate)|}"), """
        using System.Threading;
        using System.Threading.Tasks;
        using AsyncGuard;

        class C
        {
            private readonly AsyncLock _gate = new AsyncLock();

            public async Task SaveAsync(CancellationToken ct)
            {
                using (await this._gate.LockAsync(ct).ConfigureAwait(false))
                {
                    await Task.Delay(1, ct).ConfigureAwait(false);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_all_converts_two_methods_and_changes_the_field_once() => Fix("""
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            private readonly object _gate = new object();
            private int _value;

            public async Task IncrementAsync()
            {
                {|AG0403:Monitor.Enter(_gate)|};
                try
                {
                    await Task.Yield();
                    _value++;
                }
                finally
                {
                    Monitor.Exit(_gate);
                }
            }

            public async Task DecrementAsync(CancellationToken token)
            {
                {|AG0403:Monitor.Enter(_gate)|};
                try
                {
                    await Task.Yield();
                    _value--;
                }
                finally
                {
                    Monitor.Exit(_gate);
                }
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using AsyncGuard;

        class C
        {
            private readonly AsyncLock _gate = new AsyncLock();
            private int _value;

            public async Task IncrementAsync()
            {
                using (await _gate.LockAsync())
                {
                    await Task.Yield();
                    _value++;
                }
            }

            public async Task DecrementAsync(CancellationToken token)
            {
                using (await _gate.LockAsync(token))
                {
                    await Task.Yield();
                    _value--;
                }
            }
        }
        """, iterations: 1);

    [Fact]
    public Task Control_for_the_no_fix_cases_below() => Fix("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            object _gate = new object();

            async Task M()
            {
                {|AG0403:Monitor.Enter(_gate)|};
                try { await Task.Yield(); } finally { Monitor.Exit(_gate); }
            }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using AsyncGuard;

        class C
        {
            readonly AsyncLock _gate = new AsyncLock();

            async Task M()
            {
                using (await _gate.LockAsync()) { await Task.Yield(); }
            }
        }
        """);

    [Fact]
    public Task Qualifies_the_name_when_another_AsyncLock_is_in_scope() => Fix("""
        using System.Threading;
        using System.Threading.Tasks;
        using Other;

        namespace Other
        {
            public sealed class AsyncLock { }
        }

        class C
        {
            private readonly object _gate = new object();

            async Task M(CancellationToken ct)
            {
                {|AG0403:Monitor.Enter(_gate)|};
                try
                {
                    await Task.Delay(1, ct);
                }
                finally
                {
                    Monitor.Exit(_gate);
                }
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using Other;

        namespace Other
        {
            public sealed class AsyncLock { }
        }

        class C
        {
            private readonly AsyncGuard.AsyncLock _gate = new AsyncGuard.AsyncLock();

            async Task M(CancellationToken ct)
            {
                using (await _gate.LockAsync(ct))
                {
                    await Task.Delay(1, ct);
                }
            }
        }
        """);

    [Fact]
    public Task Not_offered_without_the_runtime() => NoFix("""
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            private readonly object _gate = new object();

            async Task M()
            {
                {|AG0403:Monitor.Enter(_gate)|};
                try { await Task.Yield(); } finally { Monitor.Exit(_gate); }
            }
        }
        """, withRuntime: false);

    [Theory]
    // A synchronous `lock` elsewhere cannot take an AsyncLock, and two locks would not exclude each other.
    [InlineData("private readonly object _gate = new object();", "void Sync() { lock (_gate) { } }")]
    [InlineData("private readonly object _gate = new object();", "void Sync() { Monitor.Enter(_gate); try { } finally { Monitor.Exit(_gate); } }")]
    [InlineData("private readonly object _gate = new object();", "Task NotAsync() { lock (_gate) { } return Task.CompletedTask; }")]
    [InlineData("private readonly object _gate = new object();", "async Task Other() { lock (_gate) { Monitor.Wait(_gate); } await Task.Yield(); }")]
    [InlineData("private readonly object _gate = new object();", "object Expose() => _gate;")]
    [InlineData("private readonly object _gate = new object();", "void Sync() { Action a = () => { lock (_gate) { } }; }")]
    // Re-entry: AsyncLock is not re-entrant where Monitor is.
    [InlineData("private readonly object _gate = new object();", "async Task Inner() { lock (_gate) { } await Task.Yield(); } async Task Outer() { lock (_gate) { Inner(); } await Task.Yield(); }")]
    [InlineData("private readonly object _gate = new object();", "async Task Nested() { lock (_gate) { lock (_gate) { } } await Task.Yield(); }")]
    [InlineData("private readonly object _gate = new object();", "async Task Span() { lock (_gate) { } Span<int> s = stackalloc int[1]; s[0] = 1; await Task.Yield(); }")]
    // Fields the fix cannot own: visible outside, assigned elsewhere, not created here.
    [InlineData("public readonly object _gate = new object();", "")]
    [InlineData("internal readonly object _gate = new object();", "")]
    [InlineData("private object _gate = new object();", "void Reset() { _gate = new object(); }")]
    [InlineData("private readonly object _gate;", "C() { _gate = new object(); }")]
    [InlineData("private readonly object _gate = new string('x', 1);", "")]
    [InlineData("private readonly object _gate = new object(), _other = new object();", "")]
    public Task Not_offered_when_a_use_cannot_be_converted(string field, string member) => NoFix($$"""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            {{field}}

            async Task M()
            {
                {|AG0403:Monitor.Enter(_gate)|};
                try { await Task.Yield(); } finally { Monitor.Exit(_gate); }
            }

            {{member}}
        }
        """);

    [Theory]
    [InlineData("private readonly Mutex _m = new Mutex();", "{|AG0403:_m.WaitOne()|}; try { await Task.Yield(); } finally { _m.ReleaseMutex(); }")]
    [InlineData("private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();", "{|AG0403:_rw.EnterWriteLock()|}; try { await Task.Yield(); } finally { _rw.ExitWriteLock(); }")]
    [InlineData("private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();", "{|AG0403:_rw.EnterReadLock()|}; try { await Task.Yield(); } finally { _rw.ExitReadLock(); }")]
    [InlineData("private SpinLock _spin = new SpinLock();", "bool t = false; {|AG0403:_spin.Enter(ref t)|}; try { await Task.Yield(); } finally { if (t) _spin.Exit(); }")]
    [InlineData("", "object local = new object(); {|AG0403:Monitor.Enter(local)|}; try { await Task.Yield(); } finally { Monitor.Exit(local); }")]
    [InlineData("", "{|AG0403:Monitor.Enter(this)|}; try { await Task.Yield(); } finally { Monitor.Exit(this); }")]
    [InlineData("", "{|AG0403:Monitor.Enter(typeof(C))|}; try { await Task.Yield(); } finally { Monitor.Exit(typeof(C)); }")]
    [InlineData("private readonly object _gate = new object();", "if ({|AG0403:Monitor.TryEnter(_gate, 10)|}) { try { await Task.Yield(); } finally { Monitor.Exit(_gate); } }")]
    [InlineData("private readonly object _gate = new object();", "{|AG0403:Monitor.Enter(_gate)|}; await Task.Yield(); Monitor.Exit(_gate);")]
    [InlineData("private readonly object _gate = new object();", "{|AG0403:Monitor.Enter(_gate)|}; try { await Task.Yield(); } catch (Exception) { } finally { Monitor.Exit(_gate); }")]
    [InlineData("private readonly object _gate = new object();", "{|AG0403:Monitor.Enter(_gate)|}; try { await Task.Yield(); } finally { Monitor.Exit(_gate); Console.WriteLine(); }")]
    [InlineData("private readonly object _gate = new object();", "{|AG0403:Monitor.Enter(_gate)|}; { try { await Task.Yield(); } finally { Monitor.Exit(_gate); } }")]
    [InlineData("private readonly object _gate = new object();", "bool t = false; try { {|AG0403:Monitor.Enter(_gate, ref t)|}; await Task.Yield(); } finally { if (t) Monitor.Exit(_gate); } Console.WriteLine(t);")]
    [InlineData("private readonly object _gate = new object(); private readonly object _other = new object();", "lock (_other) { } {|AG0403:Monitor.Enter(_gate)|}; try { await Task.Yield(); } finally { Monitor.Exit(_other); Monitor.Exit(_gate); }")]
    // A ref-struct local alive around the site: the new await would keep it across an await (CS4007).
    [InlineData("private readonly object _gate = new object();", "ReadOnlySpan<char> s = \"ab\".AsSpan(); {|AG0403:Monitor.Enter(_gate)|}; try { await Task.Yield(); } finally { Monitor.Exit(_gate); }")]
    public Task Not_offered_for_other_locks_and_shapes(string field, string body) => NoFix($$"""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            {{field}}

            async Task M()
            {
                {{body}}
            }
        }
        """);

    [Fact]
    public Task Not_offered_when_another_lock_surrounds_the_site() => NoFix("""
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            private readonly object _gate = new object();
            private readonly object _outer = new object();

            async Task M()
            {
                {|AG0403:Monitor.Enter(_gate)|};
                try { await Task.Yield(); } finally { Monitor.Exit(_gate); }
            }

            async Task N()
            {
                lock (_outer)
                {
                    lock (_gate) { }
                }

                await Task.Yield();
            }
        }
        """);

    [Fact]
    public async Task Survives_half_typed_code()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            class C
            {
                private readonly object _gate = new object();

                async Task M()
                {
                    {|AG0403:Monitor.Enter(_gate)|};
                    try { await Task.Yield(); } finally { Monitor.Exit(_gate) }
                }

                async Task N() { lock (_gate { } await Task.Yield(); }
            }
            """;
        var test = new CodeFixTest<AG0403ThreadAffineLockAcrossAwaitAnalyzer, AG0403SwitchToAsyncLockCodeFixProvider>
        {
            TestCode = source,
            FixedCode = source,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        test.TestState.Sources.Add(("Runtime.cs", Runtime));
        test.FixedState.Sources.Add(("Runtime.cs", Runtime));
        await test.RunAsync();
    }
}
