using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// AG0301 (issue 16, held-out DSharpPlus): a token property that only returns `source.Token` of a source member of its type
/// is re-created with that source. Before the method assigns the source, the property reads the previous step's source (or
/// none), so it is not offered there; after the assignment it is, as a source field read directly is. Still reported: a
/// property over a source the method does not assign, and a property whose getter does more than read `source.Token`.
/// </summary>
public sealed class AG0301SourceBackedTokenTests
{
    private const string Usings = "using System; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Not_offered_before_the_method_creates_the_source_behind_it() =>
        VerifyAG0301.Diagnostics(Usings + """
            sealed class Gate
            {
                private SemaphoreSlim Semaphore { get; } = new SemaphoreSlim(1);
                private CancellationTokenSource TimeoutSource { get; set; }
                private CancellationToken Timeout => this.TimeoutSource.Token;
                private Task Expiry { get; set; }

                public async Task LockAsync()
                {
                    await this.Semaphore.WaitAsync();
                    this.TimeoutSource = new CancellationTokenSource();
                    this.Expiry = Task.Delay(TimeSpan.FromSeconds(30), this.Timeout);
                    await this.Semaphore.{|AG0301:WaitAsync|}();
                }
            }
            """);

    [Fact]
    public Task Not_offered_before_the_source_is_made_with_a_block_getter_or_an_accessor_arrow() =>
        VerifyAG0301.Diagnostics(Usings + """
            sealed class Pump
            {
                private CancellationTokenSource _step;
                private CancellationTokenSource _other;
                private readonly Stream _stream = Stream.Null;
                private CancellationToken StepToken { get { return _step.Token; } }
                private CancellationToken OtherToken { get => (_other.Token); }

                public async Task StepAsync()
                {
                    await _stream.FlushAsync();
                    _step = new CancellationTokenSource(1000);
                    await _stream.WriteAsync(new byte[1], 0, 1, StepToken);
                }

                public async Task OtherAsync()
                {
                    await _stream.FlushAsync();
                    _other = new CancellationTokenSource(1000);
                    await _stream.WriteAsync(new byte[1], 0, 1, OtherToken);
                }
            }
            """);

    [Fact]
    public Task Reported_for_a_source_the_method_does_not_make_or_a_getter_that_does_more() =>
        VerifyAG0301.Diagnostics(Usings + """
            sealed class Worker
            {
                private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
                private CancellationTokenSource _linked = new CancellationTokenSource();
                private readonly Stream _stream = Stream.Null;
                private CancellationToken Stopping => _stopping.Token;
                private CancellationToken Linked => CancellationTokenSource.CreateLinkedTokenSource(_linked.Token).Token;

                public async Task RunAsync()
                {
                    await _stream.{|AG0301:FlushAsync|}();
                    await _stream.WriteAsync(new byte[1], 0, 1, Stopping);
                }

                public async Task LinkedAsync()
                {
                    await _stream.{|AG0301:FlushAsync|}();
                    _linked = new CancellationTokenSource();
                    await _stream.WriteAsync(new byte[1], 0, 1, Linked);
                }
            }
            """);

    [Theory]
    // An unknown source, a missing semicolon (still read as `_source.Token`), an empty return, an unfinished access: the
    // getter is not known to read the source the method makes, so the earlier call stays reported. Nothing throws.
    [InlineData("private CancellationToken Timeout => this.Missing.Token;", "{|AG0301:FlushAsync|}")]
    [InlineData("private CancellationToken Timeout => _source.Token", "FlushAsync")]
    [InlineData("private CancellationToken Timeout { get { return; } }", "{|AG0301:FlushAsync|}")]
    [InlineData("private CancellationToken Timeout => _source.;", "{|AG0301:FlushAsync|}")]
    public Task Never_throws_on_half_typed_code(string property, string flush) =>
        VerifyAG0301.DiagnosticsInBrokenCode(Usings + $$"""
            sealed class Gate
            {
                private CancellationTokenSource _source;
                private readonly Stream _stream = Stream.Null;
                {{property}}

                public async Task LockAsync()
                {
                    await _stream.{{flush}}();
                    _source = new CancellationTokenSource();
                    await _stream.WriteAsync(new byte[1], 0, 1, Timeout);
                }
            }
            """);
}
