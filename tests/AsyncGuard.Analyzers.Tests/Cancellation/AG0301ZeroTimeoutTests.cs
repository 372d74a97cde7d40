using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// Issue 16, corpus7lib (nats.net W2): a framework wait given a zero timeout tests the state and returns at once, so a
/// token has nothing to cancel. Waits that can block (a non-zero or unknown timeout, no timeout) and a library's own
/// `timeout` parameter (zero may mean "none" there) are still reported.
/// </summary>
public sealed class AG0301ZeroTimeoutTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    [Theory]
    [InlineData("if (!_sem.Wait(0)) return;")]
    [InlineData("if (!_sem.Wait(millisecondsTimeout: 0)) return;")]
    [InlineData("if (!_sem.Wait(TimeSpan.Zero)) return;")]
    [InlineData("if (!_sem.Wait(default(TimeSpan))) return;")]
    [InlineData("if (!_sem.Wait(new TimeSpan())) return;")]
    [InlineData("if (!_sem.Wait(TimeSpan.FromMilliseconds(0))) return;")]
    [InlineData("if (!await _sem.WaitAsync(0).ConfigureAwait(false)) return;")]
    [InlineData("if (!await _sem.WaitAsync(TimeSpan.Zero)) return;")]
    [InlineData("if (!_gate.Wait(0)) return;")]
    [InlineData("if (!_countdown.Wait(0)) return;")]
    public Task Zero_timeout_try_of_a_framework_primitive_is_silent(string statement) =>
        VerifyAG0301.NoDiagnostics(Usings + $$"""
            class C
            {
                private readonly SemaphoreSlim _sem = new SemaphoreSlim(1);
                private readonly ManualResetEventSlim _gate = new ManualResetEventSlim();
                private readonly CountdownEvent _countdown = new CountdownEvent(1);

                async Task M(CancellationToken ct)
                {
                    await Task.Yield();
                    {{statement}}
                }
            }
            """);

    [Theory]
    [InlineData("if (!_sem.{|AG0301:Wait|}(1)) return;")]
    [InlineData("if (!_sem.{|AG0301:Wait|}(timeout)) return;")]
    [InlineData("if (!_sem.{|AG0301:Wait|}(TimeSpan.FromMilliseconds(5))) return;")]
    [InlineData("if (!_sem.{|AG0301:Wait|}(Timeout.Infinite)) return;")]
    [InlineData("if (!_sem.{|AG0301:Wait|}(TimeSpan.MaxValue)) return;")]
    [InlineData("await _sem.{|AG0301:WaitAsync|}().ConfigureAwait(false);")]
    [InlineData("if (!await _sem.{|AG0301:WaitAsync|}(100)) return;")]
    [InlineData("if (!_gate.{|AG0301:Wait|}(timeout)) return;")]
    [InlineData("await _client.{|AG0301:ReceiveAsync|}(0);")]
    public Task Waits_that_can_block_are_still_reported(string statement) =>
        VerifyAG0301.Diagnostics(Usings + $$"""
            class Client
            {
                public Task ReceiveAsync(int timeout) => Task.CompletedTask;
                public Task ReceiveAsync(int timeout, CancellationToken ct) => Task.CompletedTask;
            }

            class C
            {
                private readonly SemaphoreSlim _sem = new SemaphoreSlim(1);
                private readonly ManualResetEventSlim _gate = new ManualResetEventSlim();
                private readonly Client _client = new Client();

                async Task M(int timeout, CancellationToken ct)
                {
                    await Task.Yield();
                    {{statement}}
                }
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0301.DiagnosticsInBrokenCode(Usings + """
        class C
        {
            private readonly SemaphoreSlim _sem = new SemaphoreSlim(1);

            async Task M(CancellationToken ct)
            {
                if (!_sem.Wait(0 return;
                if (!_sem.Wait(TimeSpan.Zero, )) return;
                _sem.{|AG0301:Wait|}(TimeSpan.FromMilliseconds());
                _sem.Wait(Unknown.Zero);
                await _sem.WaitAsync(missing);
            }
        }
        """);
}
