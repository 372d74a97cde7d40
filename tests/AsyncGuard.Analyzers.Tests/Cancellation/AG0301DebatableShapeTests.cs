using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// Issue 16 (deb301): shapes an expert would leave without the token, silent by default and reported on request:
/// a token handed back to its owner (<c>report_owner_tokens</c>; and the token of the object an extension method
/// extends, a member token), the event's token to a call settling the event
/// (<c>report_event_settlements</c>), a type's token to a timed task wait (<c>report_bounded_waits</c>), a delegate that
/// ignores the token it is handed (<c>report_ignored_delegate_tokens</c>), a write of memory to a file the function opens
/// (<c>report_local_file_writes</c>), a delay that is a race's timeout or a timer's wait (<c>report_timer_delays</c>) and
/// the answer to the peer's WebSocket close (<c>report_close_answers</c>). Each with the nearest case still reported.
/// </summary>
public sealed class AG0301DebatableShapeTests
{
    private const string Usings = "using System; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    // ---- a token handed back to its owner ----

    private const string Connector = """
        class Connector
        {
            internal CancellationToken UserCancellationToken { get; set; }
            public Buffer Output { get; } = new Buffer();
            internal Task WriteQuery(string sql, bool async, CancellationToken cancellationToken = default) => Task.CompletedTask;
            internal Task Flush(bool async, CancellationToken cancellationToken = default) => Task.CompletedTask;
        }

        class Buffer
        {
            internal Task Flush(CancellationToken cancellationToken = default) => Task.CompletedTask;
        }

        class Gate
        {
            internal Task EnterAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
        }

        """;

    private static string OnConnector(string statement) => Usings + Connector + $$"""
        class Loader
        {
            private readonly Gate _gate = new Gate();

            internal async Task Load(Connector conn, bool async)
            {
                await Task.Yield();
                {{statement}}
            }
        }
        """;

    [Theory]
    [InlineData("await conn.WriteQuery(\"SELECT 1\", async);")]
    [InlineData("await conn.Flush(async).ConfigureAwait(false);")]
    [InlineData("await (conn).WriteQuery(\"SELECT 1\", async: async);")]
    public Task Owner_token_to_a_call_on_its_owner_is_silent(string statement) => VerifyAG0301.NoDiagnostics(OnConnector(statement));

    [Fact]
    public Task Owner_token_is_offered_with_the_key() => VerifyAG0301.DiagnosticsWithOptions(
        OnConnector("await conn.{|AG0301:WriteQuery|}(\"SELECT 1\", async);"), "dotnet_diagnostic.AG0301.report_owner_tokens = true");

    [Theory]
    [InlineData("await _gate.{|AG0301:EnterAsync|}();")]
    [InlineData("await Task.{|AG0301:Delay|}(10);")]
    [InlineData("var other = new Connector(); await other.{|AG0301:Flush|}(async);")]
    [InlineData("await conn.Output.{|AG0301:Flush|}();")]
    public Task Owner_token_to_another_object_is_still_offered(string statement) => VerifyAG0301.Diagnostics(OnConnector(statement));

    [Fact]
    public Task Parameter_token_is_still_offered_to_a_call_on_the_owner() => VerifyAG0301.Diagnostics(Usings + Connector + """
        class Loader
        {
            internal async Task Load(Connector conn, CancellationToken ct)
            {
                await conn.{|AG0301:WriteQuery|}("SELECT 1", true);
            }
        }
        """);

    // ---- the token of the object an extension method extends: a member token ----

    private static string InHarnessHelper(string statement) => Usings + $$"""
        interface IHarness
        {
            CancellationToken CancellationToken { get; }
            IMessages Published { get; }
        }

        interface IMessages
        {
            Task<int> CountAsync(CancellationToken cancellationToken = default);
        }

        static class HarnessExtensions
        {
            public static async Task OutputTimeline(this IHarness harness, TextWriter writer)
            {
                await Task.Yield();
                {{statement}}
            }

            public static async Task Helper(IHarness harness, TextWriter writer)
            {
                await harness.Published.{|AG0301:CountAsync|}();
            }
        }
        """;

    [Theory]
    [InlineData("var n = await harness.Published.CountAsync();")]
    [InlineData("await Task.Delay(1);")]
    public Task Token_of_the_extended_object_is_a_member_token(string statement) => VerifyAG0301.Diagnostics(InHarnessHelper(statement));

    [Theory]
    [InlineData("var first = await harness.Published.CountAsync(harness.CancellationToken); var n = await harness.Published.{|AG0301:CountAsync|}();")]
    [InlineData("while (!harness.CancellationToken.IsCancellationRequested) { await Task.{|AG0301:Delay|}(1); }")]
    public Task Token_of_the_extended_object_counts_where_the_helper_uses_it(string statement) => VerifyAG0301.Diagnostics(InHarnessHelper(statement));

    [Fact]
    public Task Token_of_the_extended_object_counts_where_the_option_names_it() => VerifyAG0301.DiagnosticsWithOptions(
        InHarnessHelper("var n = await harness.Published.{|AG0301:CountAsync|}();"), "dotnet_diagnostic.AG0301.token_members = IHarness");

    // ---- the event's token to a call settling the event ----

    private static string OnDelivery(string statement) => Usings + $$"""
        class DeliverEventArgs : EventArgs
        {
            public ulong DeliveryTag { get; set; }
            public string Body { get; set; } = "";
            public CancellationToken CancellationToken { get; set; }
        }

        class Channel
        {
            public Task BasicAckAsync(ulong tag, bool multiple, CancellationToken cancellationToken = default) => Task.CompletedTask;
            public Task PublishAsync(string body, CancellationToken cancellationToken = default) => Task.CompletedTask;
            public Task WaitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
        }

        class Consumer
        {
            private readonly Channel _channel = new Channel();

            private async Task OnReceived(object sender, DeliverEventArgs args)
            {
                await Task.Yield();
                {{statement}}
            }

            public void Subscribe(Action<Func<object, DeliverEventArgs, Task>> register) =>
                register(async (sender, arg) =>
                {
                    try { await Task.Yield(); await _channel.BasicAckAsync(arg.DeliveryTag, false); }
                    catch (Exception) { await _channel.BasicAckAsync(arg.DeliveryTag, multiple: true).ConfigureAwait(false); }
                });
        }
        """;

    [Theory]
    [InlineData("await _channel.BasicAckAsync(args.DeliveryTag, false);")]
    [InlineData("await _channel.BasicAckAsync(tag: args.DeliveryTag, multiple: false).ConfigureAwait(false);")]
    public Task Settling_the_event_is_silent(string statement) => VerifyAG0301.NoDiagnostics(OnDelivery(statement));

    [Fact]
    public Task Settling_the_event_is_reported_with_the_key() => VerifyAG0301.DiagnosticsWithOptions(
        OnDelivery("await _channel.{|AG0301:BasicAckAsync|}(args.DeliveryTag, false);").Replace(
            "await _channel.BasicAckAsync(arg.DeliveryTag, false);", "await _channel.{|AG0301:BasicAckAsync|}(arg.DeliveryTag, false);").Replace(
            "await _channel.BasicAckAsync(arg.DeliveryTag, multiple: true)", "await _channel.{|AG0301:BasicAckAsync|}(arg.DeliveryTag, multiple: true)"),
        "dotnet_diagnostic.AG0301.report_event_settlements = true");

    [Fact]
    public Task Settling_the_event_of_a_handler_signature_is_silent() => VerifyAG0301.NoDiagnostics(Usings + """
        class Delivery
        {
            public readonly ulong DeliveryTag;
            public readonly CancellationToken CancellationToken;
        }

        class Channel
        {
            public Task BasicNackAsync(ulong tag, bool requeue, CancellationToken cancellationToken = default) => Task.CompletedTask;
        }

        class Consumer
        {
            private readonly Channel _channel = new Channel();

            private async Task OnReceived(object sender, Delivery delivery)
            {
                await Task.Yield();
                await _channel.BasicNackAsync(delivery.DeliveryTag, requeue: true);
            }
        }
        """);

    [Fact]
    public Task Members_of_a_plain_parameter_are_still_offered() => VerifyAG0301.Diagnostics(Usings + """
        class Delivery
        {
            public readonly ulong DeliveryTag;
            public readonly CancellationToken CancellationToken;
        }

        class Channel
        {
            public Task BasicNackAsync(ulong tag, bool requeue, CancellationToken cancellationToken = default) => Task.CompletedTask;
        }

        class Consumer
        {
            private readonly Channel _channel = new Channel();

            private async Task Handle(Delivery delivery, int attempt)
            {
                await Task.Yield();
                await _channel.{|AG0301:BasicNackAsync|}(delivery.DeliveryTag, requeue: true);
            }
        }
        """);

    [Theory]
    [InlineData("await _channel.{|AG0301:WaitAsync|}();")]
    [InlineData("await _channel.{|AG0301:PublishAsync|}(\"copy\");")]
    [InlineData("await _channel.{|AG0301:BasicAckAsync|}(7, false);")]
    public Task Other_calls_in_the_handler_still_get_the_event_token(string statement) => VerifyAG0301.Diagnostics(OnDelivery(statement));

    // ---- a type's token to a timed task wait ----

    private static string InConnection(string statement) => Usings + $$"""
        class Connection
        {
            private readonly CancellationTokenSource _disposedCts = new CancellationTokenSource();
            private readonly TaskCompletionSource _info = new TaskCompletionSource();

            public async Task SetupAsync(TimeSpan connectTimeout)
            {
                await Task.Delay(1, _disposedCts.Token);
                {{statement}}
            }
        }
        """;

    [Theory]
    [InlineData("await _info.Task.WaitAsync(connectTimeout);")]
    [InlineData("await _info.Task.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);")]
    [InlineData("await _info.Task\n        .WaitAsync(timeout: connectTimeout)\n        .ConfigureAwait(false);")]
    public Task Type_token_to_a_timed_task_wait_is_silent(string statement) => VerifyAG0301.NoDiagnostics(InConnection(statement));

    [Fact]
    public Task Type_token_to_a_timed_task_wait_is_reported_with_the_key() => VerifyAG0301.DiagnosticsWithOptions(
        InConnection("await _info.Task.{|AG0301:WaitAsync|}(connectTimeout);"), "dotnet_diagnostic.AG0301.report_bounded_waits = true");

    [Theory]
    [InlineData("await _info.Task.{|AG0301:WaitAsync|}(Timeout.InfiniteTimeSpan);")]
    [InlineData("await _info.Task.{|AG0301:WaitAsync|}(TimeSpan.MaxValue);")]
    [InlineData("await Task.{|AG0301:Delay|}(connectTimeout);")]
    [InlineData("await Task.Run(() => 1).{|AG0301:WaitAsync|}(connectTimeout);")]
    public Task Unbounded_waits_still_get_the_type_token(string statement) => VerifyAG0301.Diagnostics(InConnection(statement));

    [Fact]
    public Task Caller_token_is_still_offered_to_a_timed_task_wait() => VerifyAG0301.Diagnostics(Usings + """
        class Handshake
        {
            public async Task RunAsync(Task info, TimeSpan timeout, CancellationToken ct)
            {
                await info.{|AG0301:WaitAsync|}(timeout);
            }
        }
        """);

    // ---- a delegate that ignores the token it is handed ----

    private static string WithTimeoutHelper(string statement) => Usings + $$"""
        static class TaskExtensions
        {
            public static Task<T> TimeoutAsync<T>(Func<CancellationToken, Task<T>> func, int timeout, CancellationToken cancellationToken = default) => func(cancellationToken);
            public static Task TimeoutAsync(Func<CancellationToken, Task> func, int timeout, CancellationToken cancellationToken = default) => func(cancellationToken);
        }

        class Api
        {
            private static Task<string> Download() => Task.FromResult("");
            private static Task<string> Resolve(string name, CancellationToken ct) => Task.FromResult(name);

            public async Task<string> ListAsync(CancellationToken requestAborted)
            {
                await Task.Yield();
                {{statement}}
                return "";
            }
        }
        """;

    [Theory]
    [InlineData("var s = await TaskExtensions.TimeoutAsync(delegate (CancellationToken cancellationToken1) { return Download(); }, 5000);")]
    [InlineData("var s = await TaskExtensions.TimeoutAsync(_ => Download(), 5000);")]
    [InlineData("await TaskExtensions.TimeoutAsync(async t => { await Task.Yield(); }, 30000);")]
    public Task Delegate_ignoring_its_token_is_silent(string statement) => VerifyAG0301.NoDiagnostics(WithTimeoutHelper(statement));

    [Fact]
    public Task Delegate_ignoring_its_token_is_reported_with_the_key() => VerifyAG0301.DiagnosticsWithOptions(
        WithTimeoutHelper("var s = await TaskExtensions.{|AG0301:TimeoutAsync|}(_ => Download(), 5000);"),
        "dotnet_diagnostic.AG0301.report_ignored_delegate_tokens = true");

    [Theory]
    [InlineData("var s = await TaskExtensions.{|AG0301:TimeoutAsync|}(delegate (CancellationToken t) { return Resolve(\"a\", t); }, 5000);")]
    [InlineData("var s = await TaskExtensions.{|AG0301:TimeoutAsync|}(t => Resolve(\"a\", t), 5000);")]
    [InlineData("Func<CancellationToken, Task<string>> f = _ => Download(); var s = await TaskExtensions.{|AG0301:TimeoutAsync|}(f, 5000);")]
    [InlineData("var s = await TaskExtensions.{|AG0301:TimeoutAsync|}(Download2, 5000); static Task<string> Download2(CancellationToken c) => Task.FromResult(\"\");")]
    [InlineData("await Parallel.{|AG0301:ForEachAsync|}(new[] { 1, 2 }, async (item, _) => await Task.Yield());")]
    public Task Delegate_reading_its_token_is_still_reported(string statement) => VerifyAG0301.Diagnostics(WithTimeoutHelper(statement));

    // ---- a write of memory to a file the function opens ----

    private static string InDownload(string statement) => Usings + $$"""
        class Downloader
        {
            public async Task DownloadAsync(string path, Stream network, Stream output, byte[] bytes, CancellationToken ct)
            {
                await Task.Yield();
                {{statement}}
            }
        }
        """;

    [Theory]
    [InlineData("await File.WriteAllBytesAsync(path, bytes);")]
    [InlineData("await File.WriteAllBytesAsync(path, bytes.AsMemory(0, 4)).ConfigureAwait(false);")]
    [InlineData("using var stream = new FileStream(path, FileMode.Create); var buffer = new byte[16]; int n; while ((n = await network.ReadAsync(buffer, ct)) > 0) { await stream.WriteAsync(buffer.AsMemory(0, n)); }")]
    [InlineData("using (FileStream fs = File.Create(path)) { await fs.WriteAsync(bytes, 0, bytes.Length); await fs.FlushAsync(); }")]
    [InlineData("using (var file = new FileStream(path, FileMode.Create)) { var sW = new StreamWriter(file); await sW.WriteLineAsync(\"a,b\"); await sW.FlushAsync(); }")]
    public Task Memory_written_to_a_local_file_is_silent(string statement) => VerifyAG0301.NoDiagnostics(InDownload(statement));

    [Fact]
    public Task Memory_written_to_a_local_file_is_reported_with_the_key() => VerifyAG0301.DiagnosticsWithOptions(
        InDownload("await File.{|AG0301:WriteAllBytesAsync|}(path, bytes);"), "dotnet_diagnostic.AG0301.report_local_file_writes = true");

    [Theory]
    [InlineData("using var stream = new FileStream(path, FileMode.Create); await network.{|AG0301:CopyToAsync|}(stream);")]
    [InlineData("await output.{|AG0301:WriteAsync|}(bytes, 0, bytes.Length);")]
    [InlineData("await output.{|AG0301:FlushAsync|}();")]
    [InlineData("var sW = new StreamWriter(output); await sW.{|AG0301:FlushAsync|}();")]
    [InlineData("Stream s = new FileStream(path, FileMode.Create); s = output; await s.{|AG0301:WriteAsync|}(bytes, 0, 1);")]
    [InlineData("await File.{|AG0301:WriteAllLinesAsync|}(path, new[] { \"a\" });")]
    [InlineData("await File.{|AG0301:WriteAllTextAsync|}(path, \"text\");")]
    [InlineData("await File.{|AG0301:ReadAllBytesAsync|}(path);")]
    public Task Other_writes_are_still_reported(string statement) => VerifyAG0301.Diagnostics(InDownload(statement));

    // ---- a delay that is a race's timeout or a timer's wait ----

    private static string WithDelay(string statement) => Usings + $$"""
        class Result
        {
            public Result(Task wait) { Wait = wait; }
            public Task Wait { get; }
        }

        class Heartbeat
        {
            public async Task<Result> BeatAsync(Stream stream, TimeSpan next, CancellationToken ct)
            {
                await Task.Yield();
                {{statement}}
                return new Result(Task.CompletedTask);
            }
        }
        """;

    [Theory]
    [InlineData("var timeout = Task.Delay(10_000); var read = stream.ReadAsync(new byte[1], 0, 1, ct); await Task.WhenAny(timeout, read);")]
    [InlineData("var read = stream.ReadAsync(new byte[1], 0, 1, ct); if (await Task.WhenAny(read, Task.Delay(next)) != read) return new Result(Task.CompletedTask);")]
    [InlineData("return new Result(Task.Delay(next));")]
    [InlineData("Task wait = Task.Delay(next); return new Result(wait);")]
    public Task Delay_handed_on_as_a_timer_is_silent(string statement) => VerifyAG0301.NoDiagnostics(WithDelay(statement));

    [Fact]
    public Task Delay_handed_on_as_a_timer_is_reported_with_the_key() => VerifyAG0301.DiagnosticsWithOptions(
        WithDelay("return new Result(Task.{|AG0301:Delay|}(next));"), "dotnet_diagnostic.AG0301.report_timer_delays = true");

    [Theory]
    [InlineData("await Task.{|AG0301:Delay|}(next);")]
    [InlineData("var pause = Task.{|AG0301:Delay|}(next); await pause;")]
    [InlineData("var pause = Task.{|AG0301:Delay|}(next); await Task.WhenAny(pause); await pause;")]
    [InlineData("await Task.WhenAll(Task.{|AG0301:Delay|}(next), Task.CompletedTask);")]
    public Task Delays_that_are_pauses_are_still_reported(string statement) => VerifyAG0301.Diagnostics(WithDelay(statement));

    // ---- the answer to the peer's WebSocket close ----

    private static string InReceiveLoop(string branch) => Usings + "using System.Net.WebSockets;\n" + $$"""
        class Echo
        {
            public async Task RunAsync(WebSocket socket, CancellationToken ct)
            {
                var buffer = new byte[1024];
                while (socket.State == WebSocketState.Open)
                {
                    var result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    {{branch}}
                }
            }
        }
        """;

    [Theory]
    [InlineData("if (result.MessageType == WebSocketMessageType.Close) { await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, \"bye\", CancellationToken.None); await Task.Delay(1); break; }")]
    [InlineData("if (result.MessageType is WebSocketMessageType.Close && socket.State == WebSocketState.CloseReceived)\n    await Task.Delay(1).ConfigureAwait(false);")]
    [InlineData("if (WebSocketMessageType.Close == result.MessageType) { if (buffer.Length > 0) { await Task.Delay(1); } break; }")]
    public Task Answering_the_peer_close_is_silent(string branch) => VerifyAG0301.NoDiagnostics(InReceiveLoop(branch));

    [Fact]
    public Task Answering_the_peer_close_is_reported_with_the_key() => VerifyAG0301.DiagnosticsWithOptions(
        InReceiveLoop("if (result.MessageType == WebSocketMessageType.Close) { await Task.{|AG0301:Delay|}(1); break; }"),
        "dotnet_diagnostic.AG0301.report_close_answers = true");

    [Theory]
    [InlineData("if (result.MessageType == WebSocketMessageType.Text) { await Task.{|AG0301:Delay|}(1); }")]
    [InlineData("if (result.MessageType != WebSocketMessageType.Close) { await Task.{|AG0301:Delay|}(1); }")]
    [InlineData("if (result.MessageType == WebSocketMessageType.Close) { break; } else { await Task.{|AG0301:Delay|}(1); }")]
    [InlineData("if (result.MessageType == WebSocketMessageType.Close || buffer.Length == 0) { await Task.{|AG0301:Delay|}(1); }")]
    [InlineData("await Task.{|AG0301:Delay|}(1);")]
    public Task Other_branches_are_still_reported(string branch) => VerifyAG0301.Diagnostics(InReceiveLoop(branch));

    // ---- the finally of a loop that runs until the token fires ----

    private static string InHeartbeat(string tryBlock, string finallyBlock) => Usings + $$"""
        class Beats
        {
            public async Task RunAsync(TimeSpan interval, bool fail, CancellationToken ct)
            {
                try
                {
                    {{tryBlock}}
                }
                catch (Exception)
                {
                    return;
                }
                finally
                {
                    {{finallyBlock}}
                }
            }
        }
        """;

    [Theory]
    [InlineData("while (!ct.IsCancellationRequested) { await Task.Delay(interval, ct); }", "await Task.Delay(1000);")]
    [InlineData("await Task.Yield(); while (!ct.IsCancellationRequested) await Task.Delay(interval, ct); Console.WriteLine(\"ended\");", "Console.WriteLine(1); await Task.Delay(1000).ConfigureAwait(false);")]
    public Task Finally_after_the_cancelled_loop_is_silent(string tryBlock, string finallyBlock) => VerifyAG0301.NoDiagnostics(InHeartbeat(tryBlock, finallyBlock));

    [Theory]
    [InlineData("while (!fail) { await Task.Delay(interval, ct); }", "await Task.{|AG0301:Delay|}(1000);")]
    [InlineData("while (!ct.IsCancellationRequested && !fail) { await Task.Delay(interval, ct); }", "await Task.{|AG0301:Delay|}(1000);")]
    [InlineData("if (fail) { while (!ct.IsCancellationRequested) { await Task.Delay(interval, ct); } }", "await Task.{|AG0301:Delay|}(1000);")]
    [InlineData("while (!ct.IsCancellationRequested) { try { await Task.Delay(interval, ct); } finally { await Task.{|AG0301:Delay|}(1); } }", "")]
    public Task Other_finally_blocks_are_still_reported(string tryBlock, string finallyBlock) => VerifyAG0301.Diagnostics(InHeartbeat(tryBlock, finallyBlock));

    // ---- half-typed code ----

    [Theory]
    [InlineData("await conn.WriteQuery(\"SELECT 1\", ;")]
    [InlineData("await conn.Missing.Flush();")]
    [InlineData("await File.WriteAllBytesAsync(path, );")]
    [InlineData("var timeout = Task.Delay(); await Task.WhenAny(timeout, );")]
    [InlineData("if (result.MessageType == WebSocketMessageType.) { await Task.{|AG0301:Delay|}(1); }")]
    [InlineData("await TaskExtensions.TimeoutAsync(_ => , 5000);")]
    public Task Survives_half_typed_code(string statement) => VerifyAG0301.DiagnosticsInBrokenCode(OnConnector(statement));
}
