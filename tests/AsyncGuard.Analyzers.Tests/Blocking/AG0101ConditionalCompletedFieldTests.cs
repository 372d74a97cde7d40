using Xunit;
using VerifyAG0101 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0101BlockingWaitAnalyzer>;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// corpus12lib class W3 (issue 16, thirteenth pass; grpc-dotnet's ReadOnlySequenceStream): the completed-field proof of
/// corpus10lib W2 read through `?.` (<c>if (_lastReadTask?.Result == bytesRead) return _lastReadTask; return _lastReadTask = Task.FromResult(bytesRead);</c>).
/// A wait written after `?.` binds to the value before it, which the provenance now follows. Each silence has its nearest
/// reported case beside it.
/// </summary>
public sealed class AG0101ConditionalCompletedFieldTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Waits_through_a_conditional_access_on_completed_fields_are_silent() =>
        VerifyAG0101.NoDiagnostics(Usings + """
            public sealed class SequenceStream
            {
                private static readonly Task<int> Zero = Task.FromResult(0);
                private Task<int>? _lastReadTask;
                private Task? _flushed;

                public Task<int> ReadAsync(int bytesRead, CancellationToken token)
                {
                    if (bytesRead == 0)
                    {
                        return Zero;
                    }

                    if (_lastReadTask?.Result == bytesRead)
                    {
                        return _lastReadTask;
                    }
                    else
                    {
                        return _lastReadTask = Task.FromResult(bytesRead);
                    }
                }

                public async Task<int> PeekAsync()
                {
                    await Task.Yield();
                    _flushed?.Wait();
                    return (_lastReadTask?.Result ?? 0) + (this._lastReadTask?.Result).GetValueOrDefault();
                }

                public void Flushed() => _flushed = Task.CompletedTask;
            }
            """);

    [Fact]
    public Task Waits_through_a_conditional_access_that_may_block_are_reported() =>
        VerifyAG0101.Diagnostics(Usings + """
            public sealed class Holder { public Task<int> Task = System.Threading.Tasks.Task.FromResult(1); }

            public sealed class SequenceStream
            {
                private Task<int>? _lastReadTask;
                private Task? _pending;
                private Holder? _holder;

                public Task<int> ReadAsync(int bytesRead, CancellationToken token)
                {
                    if (_lastReadTask?{|AG0101:.Result|} == bytesRead)
                    {
                        return _lastReadTask;
                    }

                    return _lastReadTask = Task.FromResult(bytesRead);
                }

                public void Refill() => _lastReadTask = Task.Run(() => 1);

                public async Task<int> PeekAsync(Task<int>? given)
                {
                    await Task.Yield();
                    _pending?{|AG0101:.Wait()|};
                    return _holder?{|AG0101:.Task.Result|} ?? given?{|AG0101:.Result|} ?? 0;
                }

                public void Start() => _pending = Task.Delay(10);
            }
            """);

    [Fact]
    public Task AG0103_follows_the_same_conditional_wait() =>
        VerifyAG0103.Diagnostics(Usings + """
            public sealed class SequenceStream
            {
                private Task<int>? _cached;
                private Task<int>? _running;

                public int Peek() => (_cached?.Result ?? 0) + (_running?{|AG0103:.Result|} ?? 0);

                public void Fill(int n) { _cached = Task.FromResult(n); _running = Compute(n); }

                private static async Task<int> Compute(int n) { await Task.Delay(n); return n; }
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0101.DiagnosticsInBrokenCode(Usings + """
        public sealed class SequenceStream
        {
            private Task<int>? _last;
            private Missing? _other;

            public async Task<int> PeekAsync()
            {
                await Task.Yield();
                var a = _last?{|AG0101:.Result|};
                var b = _other?.Result;
                var c = _last?.;
                return 0;
            }

            public void Fill() => _last = Task.FromResult(Unknown());
        }
        """);
}
