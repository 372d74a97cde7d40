using AsyncGuard.Analyzers.Cancellation;
using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// Issue 16 (debatable share): the acquisition of a short internal lock. Every critical section of a private lock field
/// waits only on a condition over that lock, given the token: waiting for the lock lasts as long as a holder's short
/// section, so the token would add nothing.
/// </summary>
public sealed class AG0301ShortLockTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    private const string Primitives = """
        public sealed class Mutex2
        {
            public IDisposable Lock() => null!;
            public IDisposable Lock(CancellationToken ct) => null!;
            public Task<IDisposable> LockAsync() => Task.FromResult<IDisposable>(null!);
            public Task<IDisposable> LockAsync(CancellationToken ct) => Task.FromResult<IDisposable>(null!);
        }
        public sealed class Condition2
        {
            public Condition2(Mutex2 mutex) { }
            public void Wait(CancellationToken ct) { }
            public Task WaitAsync(CancellationToken ct) => Task.CompletedTask;
            public void Notify() { }
        }
        """;

    private static Task With(string editorconfig, string source)
    {
        var test = new Verifiers.AnalyzerTest<AG0301ForwardTokenAnalyzer> { TestCode = Usings + source };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + editorconfig + "\n"));
        return test.RunAsync();
    }

    private const string Queue = """
        public sealed class Queue2<T>
        {
            private readonly Mutex2 _mutex;
            private readonly Condition2 _notEmpty;
            private readonly Queue<T> _items = new Queue<T>();

            public Queue2()
            {
                _mutex = new Mutex2();
                _notEmpty = new Condition2(_mutex);
            }

            public void Add(T item)
            {
                using (_mutex.Lock())
                {
                    _items.Enqueue(item);
                    _notEmpty.Notify();
                }
            }

            internal async Task<T> DoTakeAsync(CancellationToken cancellationToken, bool sync)
            {
                using (sync ? MARK1 : await MARK2.ConfigureAwait(false))
                {
                    while (_items.Count == 0)
                    {
                        if (sync)
                            _notEmpty.Wait(cancellationToken);
                        else
                            await _notEmpty.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }

                    return _items.Dequeue();
                }
            }

            public async Task ClearAsync(CancellationToken cancellationToken)
            {
                using var held = await this._mutex.LockAsync();
                _items.Clear();
            }
        }
        """;

    [Fact]
    public Task Silent_for_a_short_internal_lock_whose_sections_wait_only_on_its_conditions() =>
        VerifyAG0301.NoDiagnostics(Usings + Queue.Replace("MARK1", "_mutex.Lock()").Replace("MARK2", "_mutex.LockAsync()") + Primitives);

    [Fact]
    public Task The_option_reports_short_locks() =>
        With("dotnet_diagnostic.AG0301.report_short_locks = true",
            Queue.Replace("MARK1", "_mutex.{|AG0301:Lock|}()").Replace("MARK2", "_mutex.{|AG0301:LockAsync|}()")
                .Replace("await this._mutex.LockAsync()", "await this._mutex.{|AG0301:LockAsync|}()") + Primitives);

    /// <summary>The nearest cases: a section that awaits something else, a lock others can reach, a condition wait without the token.</summary>
    [Fact]
    public Task Reported_where_a_holder_can_wait_for_something_else() =>
        VerifyAG0301.Diagnostics(Usings + """
            public sealed class SlowSection
            {
                private readonly Mutex2 _mutex = new Mutex2();
                private readonly Condition2 _ready;
                public SlowSection() { _ready = new Condition2(_mutex); }

                public async Task TakeAsync(CancellationToken cancellationToken)
                {
                    using (await _mutex.{|AG0301:LockAsync|}())
                    {
                        await _ready.WaitAsync(cancellationToken);
                    }
                }

                public async Task FlushAsync(CancellationToken cancellationToken)
                {
                    using (await _mutex.{|AG0301:LockAsync|}())
                    {
                        await Task.Delay(1000, cancellationToken);
                    }
                }
            }

            public sealed class SharedLock
            {
                internal readonly Mutex2 Mutex = new Mutex2();

                public async Task TakeAsync(CancellationToken cancellationToken)
                {
                    using (await Mutex.{|AG0301:LockAsync|}())
                    {
                    }
                }
            }

            public sealed class UntokenedWait
            {
                private readonly Mutex2 _mutex = new Mutex2();
                private readonly Condition2 _ready;
                public UntokenedWait() { _ready = new Condition2(_mutex); }

                public async Task TakeAsync(CancellationToken cancellationToken)
                {
                    using (await _mutex.{|AG0301:LockAsync|}())
                    {
                        await _ready.WaitAsync(CancellationToken.None);
                    }
                }
            }

            public sealed class HandedOut
            {
                private readonly Mutex2 _mutex = new Mutex2();
                public Mutex2 Expose() => _mutex;

                public async Task TakeAsync(CancellationToken cancellationToken)
                {
                    using (await _mutex.{|AG0301:LockAsync|}())
                    {
                    }
                }
            }

            public sealed class NotInUsing
            {
                private readonly Mutex2 _mutex = new Mutex2();

                public async Task TakeAsync(CancellationToken cancellationToken)
                {
                    var held = await _mutex.{|AG0301:LockAsync|}();
                    held.Dispose();
                }
            }
            """ + Primitives);
}
