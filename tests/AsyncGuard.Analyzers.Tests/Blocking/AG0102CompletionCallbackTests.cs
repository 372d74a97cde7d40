using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// corpus12web wrong class (live-streaming-server-net, ISessionHandle.Send): a void sync member with an optional
/// completion callback (`Action&lt;bool&gt;? callback = null`, `Action`, `Action&lt;Exception?&gt;`) queues its work and
/// returns; the async member without the callback is that enqueue plus a wait for completion, not the same operation
/// without blocking. Each silence has its nearest reported case beside it.
/// </summary>
public sealed class AG0102CompletionCallbackTests
{
    private const string Usings = "#nullable enable\nusing System; using System.Threading; using System.Threading.Tasks;\n";

    private const string Session = """
        interface IBuffer { }
        interface ISession
        {
            void Send(IBuffer buffer, Action<bool>? callback = null);
            ValueTask SendAsync(IBuffer buffer);
            void Post(IBuffer buffer, Action? onSent = null);
            Task PostAsync(IBuffer buffer, CancellationToken cancellationToken = default);
            void Enqueue(IBuffer buffer, Action<Exception?>? completed = null);
            Task EnqueueAsync(IBuffer buffer);
        }
        """;

    [Fact]
    public Task Silent_for_a_sync_member_that_reports_completion_through_an_optional_callback() =>
        VerifyAG0102.Diagnostics(Usings + Session + """
            class Handler
            {
                private readonly ISession _session;
                Handler(ISession session) => _session = session;

                async Task HandleAsync(IBuffer buffer, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    _session.Send(buffer);
                    _session.Send(buffer, callback: null);
                    _session.Post(buffer);
                    _session.Enqueue(buffer);
                    this._session.Send(buffer: buffer);
                }

                async ValueTask OnReadyAsync(IBuffer buffer)
                {
                    await Task.Delay(1);
                    Func<Task> later = async () => { await Task.Yield(); _session.Send(buffer); };
                    await later();
                }
            }
            """);

    /// <summary>Nearest reported: a progress callback (a number), a callback the alternative keeps, a sync member that returns a value, an alternative with a result.</summary>
    [Fact]
    public Task Reported_where_the_callback_is_no_completion_report_or_the_twin_matches() =>
        VerifyAG0102.Diagnostics(Usings + """
            interface IBuffer { }
            class Channel
            {
                public void Upload(IBuffer buffer, Action<long>? progress = null) { }
                public Task UploadAsync(IBuffer buffer, CancellationToken cancellationToken = default) => Task.CompletedTask;
                public void Flush(Action<bool>? callback = null) { }
                public Task FlushAsync(Action<bool>? callback = null) => Task.CompletedTask;
                public int Write(IBuffer buffer, Action<bool>? callback = null) => 0;
                public Task<int> WriteAsync(IBuffer buffer) => Task.FromResult(0);
                public void Push(IBuffer buffer, Action? done = null) { }
                public Task<bool> PushAsync(IBuffer buffer) => Task.FromResult(true);
                public void Close() { }
                public Task CloseAsync() => Task.CompletedTask;
            }
            class C
            {
                async Task M(Channel channel, IBuffer buffer)
                {
                    await Task.Yield();
                    {|AG0102:channel.Upload(buffer)|};
                    {|AG0102:channel.Flush()|};
                    {|AG0102:channel.Write(buffer)|};
                    {|AG0102:channel.Push(buffer)|};
                    {|AG0102:channel.Close()|};
                }
            }
            """);
}
