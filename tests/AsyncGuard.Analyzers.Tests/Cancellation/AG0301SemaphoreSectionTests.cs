using AsyncGuard.Analyzers.Cancellation;
using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// Issue 16, nineteenth pass (held-out Discord.Net's request queue): a private <c>SemaphoreSlim</c> used as a lock whose
/// every holder runs synchronous bookkeeping only (<c>await _gate.WaitAsync(); try { .. } finally { _gate.Release(); }</c>)
/// is the short-lock class: a token adds nothing to a wait that lasts one short section. Silent unless report_short_locks.
/// </summary>
public sealed class AG0301SemaphoreSectionTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private const string Gate = """
        public sealed class TokenQueue : IDisposable
        {
            private readonly SemaphoreSlim _gate;
            private CancellationToken _token;
            private int _count;

            public TokenQueue() { _gate = new SemaphoreSlim(1, 1); }

            private CancellationTokenSource? _linked;

            public async Task SetAsync(CancellationToken cancelToken)
            {
                await _gate.MARK1().ConfigureAwait(false);
                try
                {
                    _token = cancelToken;
                    _count++;
                    _linked?.Dispose();
                    _linked = CancellationTokenSource.CreateLinkedTokenSource(cancelToken, _token);
                }
                finally { _gate.Release(); }
            }

            public async Task ClearAsync(CancellationToken cancellationToken)
            {
                await this._gate.MARK2();
                try
                {
                    _count = 0;
                    cancellationToken.ThrowIfCancellationRequested();
                }
                finally
                {
                    _gate.Release();
                }
            }

            public void Reset()
            {
                _gate.Wait();
                try { _count = 0; }
                finally { _gate.Release(); }
            }

            public void Dispose() => _gate?.Dispose();
        }
        """;

    [Fact]
    public Task Silent_for_a_semaphore_whose_holders_only_do_synchronous_work() =>
        VerifyAG0301.NoDiagnostics(Usings + Gate.Replace("MARK1", "WaitAsync").Replace("MARK2", "WaitAsync"));

    [Fact]
    public Task The_option_reports_them() =>
        VerifyAG0301.DiagnosticsWithOptions(Usings + Gate.Replace("MARK1", "{|AG0301:WaitAsync|}").Replace("MARK2", "{|AG0301:WaitAsync|}"),
            "dotnet_diagnostic.AG0301.report_short_locks = true");

    /// <summary>The nearest cases: a holder that awaits I/O, a semaphore handed out, no try/finally right after the wait.</summary>
    [Fact]
    public Task Reported_where_a_holder_can_wait_or_the_gate_escapes() =>
        VerifyAG0301.Diagnostics(Usings + """
            public sealed class Slow
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
                private readonly SemaphoreSlim _shared = new SemaphoreSlim(1, 1);
                private readonly SemaphoreSlim _loose = new SemaphoreSlim(1, 1);

                public SemaphoreSlim Shared => _shared;

                public async Task SendAsync(System.IO.Stream stream, byte[] data, CancellationToken cancellationToken)
                {
                    await _gate.{|AG0301:WaitAsync|}().ConfigureAwait(false);
                    try { await stream.WriteAsync(data, 0, data.Length, cancellationToken); }
                    finally { _gate.Release(); }
                }

                public async Task NestedAsync(SemaphoreSlim other, CancellationToken cancellationToken)
                {
                    await _loose2.{|AG0301:WaitAsync|}();
                    try { other.Wait(cancellationToken); }
                    finally { _loose2.Release(); }
                }

                private readonly SemaphoreSlim _loose2 = new SemaphoreSlim(1, 1);

                public async Task TouchAsync(CancellationToken cancellationToken)
                {
                    await _shared.{|AG0301:WaitAsync|}();
                    try { }
                    finally { _shared.Release(); }
                }

                public async Task LooseAsync(CancellationToken cancellationToken)
                {
                    await _loose.{|AG0301:WaitAsync|}();
                    Console.WriteLine();
                    try { }
                    finally { _loose.Release(); }
                }
            }
            """);

    [Fact]
    public Task Half_typed_gates_do_not_throw() =>
        VerifyAG0301.DiagnosticsInBrokenCode(Usings + """
            public sealed class Broken
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
                public async Task SetAsync(CancellationToken cancelToken)
                {
                    await _gate.{|AG0301:WaitAsync|}();
                    try { _gate.Missing(); }
                    finally { _gate.Release( }
                }
            }
            """);
}
