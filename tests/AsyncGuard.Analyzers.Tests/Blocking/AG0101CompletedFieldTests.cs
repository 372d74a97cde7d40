using Xunit;
using VerifyAG0101 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0101BlockingWaitAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// corpus10lib class W2 (issue 16, twelfth pass): AG0101 on a field of the compilation that is only ever written with
/// completed tasks (MimeKit's cached read result: <c>if (_last is null || _last.Result != n) _last = Task.FromResult(n);</c>).
/// The proof is AG0103's task provenance over every write to an effectively private field. Each silence has its nearest
/// reported case beside it.
/// </summary>
public sealed class AG0101CompletedFieldTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Fields_written_only_with_completed_tasks_are_silent() =>
        VerifyAG0101.NoDiagnostics(Usings + """
            public class BlockReader
            {
                private static readonly Task<bool> Done = Task.FromResult(true);
                private Task<int>? _last;
                private Task _flushed = Task.CompletedTask;

                public Task<int> ReadAsync(int n, CancellationToken ct)
                {
                    if (_last is null || _last.Result != n)
                        _last = Task.FromResult<int>(n);

                    return _last;
                }

                public async Task<bool> CheckAsync()
                {
                    await Task.Yield();
                    _flushed.Wait();
                    _flushed.GetAwaiter().GetResult();
                    return Done.Result;
                }

                public void Reset(int n) => _last = Task.FromResult(n);
            }
            """);

    [Fact]
    public Task Fields_that_may_hold_pending_tasks_are_reported() =>
        VerifyAG0101.Diagnostics(Usings + """
            public class BlockReader
            {
                private Task<int>? _last;
                private Task<int>? _swapped;
                public Task<int>? Shared;

                public Task<int> ReadAsync(int n, CancellationToken ct)
                {
                    if (_last is null || {|AG0101:_last.Result|} != n)
                        _last = Task.FromResult(n);

                    return _last;
                }

                public void Start() => _last = Task.Run(() => 1);

                public async Task<int> SwappedAsync()
                {
                    await Task.Yield();
                    Interlocked.Exchange(ref _swapped, Task.Run(() => 2));
                    return {|AG0101:_swapped.Result|} + {|AG0101:Shared!.Result|};
                }

                public void Fill() => Shared = Task.FromResult(3);
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0101.DiagnosticsInBrokenCode(Usings + """
        public class BlockReader
        {
            private Task<int>? _last;
            private Missing _other;

            public async Task<int> ReadAsync(int n)
            {
                await Task.Yield();
                _last = Unknown(n);
                return {|AG0101:_last.Result|} + _other.Result;
            }
        }
        """);
}
