using AsyncGuard.Analyzers.Cancellation;
using Microsoft.CodeAnalysis;
using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>Issue 16, classes 5 and 12: the token offered must belong to the operation at hand.</summary>
public sealed class AG0301TokenProvenanceTests
{
    private const string Usings = "using System; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    private static Task With(string editorconfig, string source, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
    {
        var test = new Verifiers.AnalyzerTest<AG0301ForwardTokenAnalyzer> { TestCode = Usings + source };
        test.TestState.OutputKind = outputKind;
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + editorconfig + "\n"));
        return test.RunAsync();
    }

    // ---- member tokens: the object's lifetime, not the operation's ----

    [Fact]
    public Task A_member_token_the_method_does_not_use_is_not_offered() =>
        VerifyAG0301.NoDiagnostics(Usings + """
            public sealed class Connection : IDisposable
            {
                private readonly CancellationTokenSource _disposed = new CancellationTokenSource();
                private readonly CancellationToken _connectionClosed;
                public CancellationToken TestHook { get; set; }
                private readonly Stream _stream = Stream.Null;

                public async Task SendAsync(byte[] data)
                {
                    await _stream.WriteAsync(data, 0, data.Length);
                    await _stream.FlushAsync();
                }

                public Task PingAsync() => Task.Delay(10);

                public void Dispose() { _disposed.Cancel(); _disposed.Dispose(); }
            }

            class Worker(CancellationToken stopping)
            {
                public Task Run() => Task.Delay(1);
            }
            """);

    [Fact]
    public Task A_member_token_the_method_already_passes_is_offered() =>
        VerifyAG0301.Diagnostics(Usings + """
            public sealed class Connection
            {
                private readonly CancellationToken _connectionClosed;
                private readonly Stream _stream = Stream.Null;

                public async Task SendAsync(byte[] data)
                {
                    await _stream.WriteAsync(data, 0, data.Length, _connectionClosed);
                    await _stream.{|AG0301:FlushAsync|}();
                }
            }
            """);

    [Fact]
    public Task The_token_of_a_source_field_used_by_the_loop_is_offered() =>
        VerifyAG0301.Diagnostics(Usings + """
            public sealed class Poller : IDisposable
            {
                private readonly CancellationTokenSource _cts = new CancellationTokenSource();
                private Task? _loop;

                public void Start() => _loop = LoopAsync();

                private async Task LoopAsync()
                {
                    while (!_cts.IsCancellationRequested)
                    {
                        await Task.{|AG0301:Delay|}(1000);
                    }
                }

                private async Task DrainAsync()
                {
                    for (var i = 0; i < 10; i++)
                    {
                        _cts.Token.ThrowIfCancellationRequested();
                        await Task.{|AG0301:Delay|}(1);
                    }
                }

                private async Task WaitAsync(TaskCompletionSource<int> done)
                {
                    using var registration = _cts.Token.Register(() => done.TrySetCanceled());
                    await Task.{|AG0301:Delay|}(1);
                }

                public void Dispose() { _cts.Cancel(); _cts.Dispose(); }
            }
            """);

    [Fact]
    public Task A_disposal_check_is_not_a_use_of_the_member_token() =>
        VerifyAG0301.NoDiagnostics(Usings + """
            public sealed class Client
            {
                private readonly CancellationTokenSource _disposed = new CancellationTokenSource();

                public async Task SendAsync()
                {
                    if (_disposed.IsCancellationRequested) throw new ObjectDisposedException(nameof(Client));
                    _disposed.Token.ThrowIfCancellationRequested();
                    await Task.Delay(1);
                }
            }
            """);

    [Fact]
    public Task The_source_field_is_named_by_its_token() =>
        VerifyAG0301.Diagnostics(Usings + """
            public sealed class Poller
            {
                private readonly CancellationTokenSource _cts = new CancellationTokenSource();

                private async Task LoopAsync(int _cts)
                {
                    while (!this._cts.IsCancellationRequested)
                    {
                        await Task.{|#0:Delay|}(_cts);
                    }
                }
            }
            """.Replace("{|#0:Delay|}", "{|AG0301:Delay|}"));

    [Theory]
    [InlineData("*")]
    [InlineData("_connectionClosed")]
    [InlineData("Connection._connectionClosed")]
    [InlineData("Connection")]
    [InlineData("Net.Connection")]
    [InlineData("Other, _connectionClosed")]
    public Task The_option_names_members_or_types_whose_tokens_count(string entries) =>
        With("dotnet_diagnostic.AG0301.token_members = " + entries, """
            namespace Net
            {
                public sealed class Connection
                {
                    private readonly CancellationToken _connectionClosed;
                    public Task PingAsync() => Task.{|AG0301:Delay|}(10);
                }
            }
            """);

    [Fact]
    public Task The_option_does_not_cover_other_members() =>
        With("dotnet_diagnostic.AG0301.token_members = _stopping, Worker", """
            public sealed class Connection
            {
                private readonly CancellationToken _connectionClosed;
                public Task PingAsync() => Task.Delay(10);
            }
            """);

    [Fact]
    public Task Request_scoped_members_of_parameters_are_kept() =>
        VerifyAG0301.Diagnostics(Usings + """
            public sealed class HttpContext { public CancellationToken RequestAborted { get; } }
            public sealed class Args { public CancellationToken CancellationToken { get; } }
            class Handlers
            {
                Task Get(HttpContext context) => Task.{|AG0301:Delay|}(1);
                Task On(object sender, Args args) => Task.{|AG0301:Delay|}(1);
            }
            """);

    // ---- tokens of the method do not reach code that outlives it ----

    [Fact]
    public Task A_local_timeout_is_not_offered_to_a_call_that_outlives_it() =>
        VerifyAG0301.NoDiagnostics(Usings + """
            class Client
            {
                private Task? _readLoop;
                private Task ReadLoopAsync(CancellationToken ct = default) => Task.CompletedTask;
                private Task ConnectAsync(CancellationToken ct) => Task.CompletedTask;

                public async Task FireAndForgetAsync()
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await ConnectAsync(timeout.Token);
                    var _ = ReadLoopAsync();
                }

                public async Task OpenAsync()
                {
                    using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
                    {
                        await ConnectAsync(timeout.Token);
                        _readLoop = ReadLoopAsync();
                        _ = ReadLoopAsync();
                        ReadLoopAsync();
                        _readLoop = Task.Run(() => ReadLoopAsync());
                        _ = Task.Run(async () => await ReadLoopAsync());
                        new Thread(() => ReadLoopAsync().Wait()).Start();
                        ThreadPool.QueueUserWorkItem(_ => ReadLoopAsync());
                    }
                }
            }
            """);

    [Fact]
    public Task A_parameter_token_is_not_offered_to_a_loop_stored_in_a_field_or_an_event_handler() =>
        VerifyAG0301.NoDiagnostics(Usings + """
            class Service
            {
                private Task? _loop;
                public event EventHandler? Changed;
                public Func<Task>? Callback { get; set; }
                private Task LoopAsync(CancellationToken ct = default) => Task.CompletedTask;

                public Task StartAsync(CancellationToken cancellationToken)
                {
                    _loop = LoopAsync();
                    Changed += async (s, e) => await Task.Delay(1);
                    Callback = () => Task.Delay(1);
                    return Task.CompletedTask;
                }
            }
            """);

    [Fact]
    public Task Code_that_ends_with_the_method_still_gets_its_tokens() =>
        VerifyAG0301.Diagnostics(Usings + """
            class Client
            {
                private Task ReadAsync(CancellationToken ct = default) => Task.CompletedTask;

                public async Task OpenAsync(CancellationToken ct)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await {|AG0301:ReadAsync|}();
                    await Task.Run(() => {|AG0301:ReadAsync|}());
                    var pending = {|AG0301:ReadAsync|}();
                    await pending;
                    await Task.WhenAll({|AG0301:ReadAsync|}(), {|AG0301:ReadAsync|}());
                }

                public Task Forward(CancellationToken ct) => {|AG0301:ReadAsync|}();
            }
            """);

    [Fact]
    public Task Tokens_declared_inside_the_outliving_lambda_are_offered() =>
        VerifyAG0301.Diagnostics(Usings + """
            class Client
            {
                private Task? _loop;
                private Task ReadAsync(CancellationToken ct = default) => Task.CompletedTask;

                public void Start(CancellationToken startup)
                {
                    _loop = Task.Run(async () =>
                    {
                        using var own = new CancellationTokenSource();
                        await {|AG0301:ReadAsync|}();
                    });
                    Func<CancellationToken, Task> handler = ct => {|AG0301:ReadAsync|}();
                }
            }
            """);

    [Fact]
    public Task A_member_token_the_loop_uses_is_offered_inside_the_started_lambda() =>
        VerifyAG0301.Diagnostics(Usings + """
            class Worker
            {
                private readonly CancellationTokenSource _stop = new CancellationTokenSource();
                private Task? _loop;

                public void Start(CancellationToken startup)
                {
                    _loop = Task.Run(async () =>
                    {
                        while (!_stop.IsCancellationRequested)
                        {
                            await Task.{|AG0301:Delay|}(100);
                        }
                    });
                }
            }
            """);

    // ---- Task.Run / StartNew: their own token is never suggested ----

    [Fact]
    public Task The_scheduling_token_of_task_run_and_start_new_is_never_suggested() =>
        VerifyAG0301.NoDiagnostics(Usings + """
            class C
            {
                async Task M(CancellationToken ct)
                {
                    await Task.Run(() => 1);
                    await Task.Run(() => { });
                    await Task.Factory.StartNew(() => { });
                    await new TaskFactory<int>().StartNew(() => 1);
                    await Task.Run(() => 1).ContinueWith(t => t.Result);
                    await Task.Factory.ContinueWhenAll(new[] { Task.CompletedTask }, ts => { });
                }
            }
            """);

    [Fact]
    public Task Calls_inside_an_awaited_task_run_body_still_get_the_token() =>
        VerifyAG0301.Diagnostics(Usings + """
            class C
            {
                async Task M(CancellationToken ct)
                {
                    await Task.Run(() => Task.{|AG0301:Delay|}(1));
                }
            }
            """);

    // ---- a token already cancelled on the path ----

    [Fact]
    public Task A_token_known_cancelled_on_the_path_is_not_offered() =>
        VerifyAG0301.NoDiagnostics(Usings + """
            class C
            {
                Task LogAsync(string message, CancellationToken ct = default) => Task.CompletedTask;

                async Task M(CancellationToken ct)
                {
                    if (ct.IsCancellationRequested)
                    {
                        await LogAsync("cancelled");
                    }

                    if (!ct.IsCancellationRequested) { } else { await LogAsync("cancelled"); }

                    try { await Task.Delay(1, ct); }
                    catch (OperationCanceledException) { await LogAsync("cancelled"); }

                    try { await Task.Delay(1, ct); }
                    catch (Exception) when (ct.IsCancellationRequested) { await LogAsync("cancelled"); }
                }

                async Task Local()
                {
                    var cts = new CancellationTokenSource();
                    cts.Cancel();
                    await LogAsync("after cancel");
                }

                async Task Conditional()
                {
                    var cts = new CancellationTokenSource();
                    if (!cts.IsCancellationRequested)
                        cts.Cancel();
                    try { await LogAsync("after cancel"); } catch (Exception) { }
                }

                async Task Field(CancellationTokenSource source)
                {
                    await source.CancelAsync();
                    var token = source.Token;
                    if (token.IsCancellationRequested && DateTime.Now.Year > 2000)
                    {
                        await LogAsync("cancelled");
                    }
                }
            }
            """);

    [Fact]
    public Task A_token_not_known_cancelled_is_offered() =>
        VerifyAG0301.Diagnostics(Usings + """
            class C
            {
                Task LogAsync(string message, CancellationToken ct = default) => Task.CompletedTask;

                async Task M(CancellationToken ct, CancellationToken other)
                {
                    if (!ct.IsCancellationRequested)
                    {
                        await {|AG0301:LogAsync|}("running");
                    }

                    if (other.IsCancellationRequested)
                    {
                        await {|AG0301:LogAsync|}("the other one");
                    }

                    if (ct.IsCancellationRequested || other.IsCancellationRequested)
                    {
                        await {|AG0301:LogAsync|}("one of them");
                    }

                    try { await Task.Delay(1, ct); }
                    catch (InvalidOperationException) { await {|AG0301:LogAsync|}("failed"); }
                }

                async Task CancelledLater()
                {
                    var cts = new CancellationTokenSource();
                    Action stop = () => cts.Cancel();
                    await {|AG0301:LogAsync|}("not yet");
                }

                async Task Renewed()
                {
                    var cts = new CancellationTokenSource();
                    cts.Cancel();
                    cts = new CancellationTokenSource();
                    await {|AG0301:LogAsync|}("fresh");
                }
            }
            """);

    // ---- a wait on a task that already got the token ----

    [Fact]
    public Task A_wait_on_a_task_that_already_got_the_token_is_silent() =>
        VerifyAG0301.NoDiagnostics(Usings + """
            class C
            {
                void Sync(SemaphoreSlim gate, CancellationToken ct)
                {
                    gate.WaitAsync(ct).Wait();
                    gate.WaitAsync(ct).Wait(TimeSpan.FromSeconds(1));
                    gate.WaitAsync(CancellationToken.None).Wait();
                    var acquire = gate.WaitAsync(ct);
                    acquire.Wait();
                }

                async Task Async(SemaphoreSlim gate, CancellationToken ct)
                {
                    await gate.WaitAsync(ct).WaitAsync(TimeSpan.FromSeconds(1));
                    await gate.WaitAsync(ct).ConfigureAwait(false);
                }
            }
            """);

    [Fact]
    public Task A_wait_on_a_task_that_did_not_get_the_token_is_reported() =>
        VerifyAG0301.Diagnostics(Usings + """
            class C
            {
                void Sync(SemaphoreSlim gate, CancellationToken ct)
                {
                    gate.{|AG0301:WaitAsync|}().{|AG0301:Wait|}();
                    var acquire = gate.{|AG0301:WaitAsync|}();
                    acquire.{|AG0301:Wait|}();
                }

                async Task Async(SemaphoreSlim gate, CancellationToken ct)
                {
                    await gate.{|AG0301:WaitAsync|}().{|AG0301:WaitAsync|}(TimeSpan.FromSeconds(1));
                }
            }
            """);

    // ---- corpus classes ----

    [Fact]
    public Task A_token_that_records_a_cancellation_is_never_suggested() =>
        VerifyAG0301.NoDiagnostics(Usings + """
            class C
            {
                private CancellationToken _user;
                void Complete(TaskCompletionSource<int> tcs, TaskCompletionSource plain, bool stopped, CancellationToken ct)
                {
                    if (_user.IsCancellationRequested) tcs.TrySetCanceled(_user);
                    else if (stopped) tcs.TrySetCanceled();
                    plain.SetCanceled();
                    _ = Task.FromCanceled(CancellationToken.None);
                }
            }
            """);

    [Fact]
    public Task A_member_source_the_method_recreates_belongs_to_the_code_after_it() =>
        VerifyAG0301.Diagnostics(Usings + """
            class Writer
            {
                private CancellationTokenSource? _flushTimeout;
                private readonly Stream _stream = Stream.Null;

                public async Task FlushAsync(bool bounded)
                {
                    if (!bounded)
                    {
                        await _stream.FlushAsync();
                        return;
                    }

                    _flushTimeout = new CancellationTokenSource(1000);
                    await _stream.{|AG0301:FlushAsync|}();
                    await _stream.WriteAsync(new byte[1], 0, 1, _flushTimeout.Token);
                }
            }
            """);

    [Fact]
    public Task A_call_given_a_token_carrier_already_gets_the_token() =>
        VerifyAG0301.Diagnostics(Usings + """
            public sealed class ShutdownArgs
            {
                public ShutdownArgs(CancellationToken cancellationToken = default) => CancellationToken = cancellationToken;
                public CancellationToken CancellationToken { get; }
            }
            class Channel
            {
                public Task CloseAsync(ShutdownArgs args) => Task.CompletedTask;
                public Task CloseAsync(ShutdownArgs args, CancellationToken ct) => Task.CompletedTask;
                public Task SendAsync(int value, CancellationToken ct = default) => Task.CompletedTask;

                public Task Close(CancellationToken cancellationToken)
                {
                    var args = new ShutdownArgs(cancellationToken);
                    return CloseAsync(args);
                }

                public Task Forward(ShutdownArgs args) => CloseAsync(args);

                public Task Send(ShutdownArgs args) => {|AG0301:SendAsync|}(1);
            }
            """);

    [Fact]
    public Task A_sequence_enumerated_with_the_token_gets_it_through_the_enumerator() =>
        VerifyAG0301.Diagnostics(Usings + """
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            class Feed
            {
                public async IAsyncEnumerable<int> ReadAllAsync([EnumeratorCancellation] CancellationToken ct = default) { await Task.Yield(); yield return 1; }

                public IAsyncEnumerator<int> GetAsyncEnumerator(CancellationToken cancellationToken) => ReadAllAsync().GetAsyncEnumerator(cancellationToken);

                public async Task Consume(CancellationToken ct)
                {
                    await foreach (var x in ReadAllAsync().WithCancellation(ct)) { }
                    await foreach (var x in {|AG0301:ReadAllAsync|}().WithCancellation(CancellationToken.None)) { }
                    var e = {|AG0301:ReadAllAsync|}().{|AG0301:GetAsyncEnumerator|}();
                }
            }
            """);

    [Fact]
    public Task The_token_of_a_disposable_parameter_is_its_lifetime_not_the_operation() =>
        VerifyAG0301.Diagnostics(Usings + """
            public sealed class Connection : IDisposable
            {
                internal CancellationToken InputCancel { get; }
                public void Dispose() { }
            }
            public sealed class Context { public CancellationToken RequestAborted { get; } }
            class Bridge
            {
                private readonly SemaphoreSlim _writer = new SemaphoreSlim(1);

                Task Write(Connection physical) => _writer.WaitAsync();

                async Task Read(Connection physical, Stream stream)
                {
                    await stream.ReadAsync(new byte[1], 0, 1, physical.InputCancel);
                    await _writer.{|AG0301:WaitAsync|}();
                }

                Task Handle(Context context) => _writer.{|AG0301:WaitAsync|}();
            }
            """);

    [Fact]
    public Task An_operation_whose_wait_is_cancelled_instead_is_silent() =>
        VerifyAG0301.Diagnostics(Usings + """
            class Session
            {
                private readonly CancellationTokenSource _cts = new CancellationTokenSource();
                private Task<string> SendAsync(string command, CancellationToken ct = default) => Task.FromResult(command);

                public async Task<string> Probe(TimeSpan timeout)
                {
                    var first = await SendAsync("PING").WaitAsync(timeout, _cts.Token);
                    var second = await {|AG0301:SendAsync|}("PING").{|AG0301:WaitAsync|}(timeout);
                    return first + second;
                }
            }
            """);

    /// <summary>Issue 16 (StackExchange.Redis PipeStreamWriter.Flush): the task kept in a local is waited on with the token.</summary>
    [Fact]
    public Task An_operation_whose_stored_task_is_waited_with_the_token_is_silent() =>
        VerifyAG0301.Diagnostics(Usings + """
            class Writer
            {
                public CancellationToken Token { get; }
                private ValueTask<bool> FlushAsync(CancellationToken ct = default) => default;
                private Task<int> ReadAsync(CancellationToken ct = default) => Task.FromResult(1);

                public void Flush(CancellationToken ct)
                {
                    var pending = FlushAsync();
                    if (pending.IsCompleted)
                        pending.GetAwaiter().GetResult();
                    else
                        pending.AsTask().Wait(ct);

                    var read = ReadAsync();
                    read.Wait(ct);
                }

                public async Task NearestAsync(CancellationToken ct)
                {
                    var a = {|AG0301:ReadAsync|}();
                    a.Wait();
                    var b = {|AG0301:ReadAsync|}();
                    b.Wait(CancellationToken.None);
                    var c = {|AG0301:ReadAsync|}();
                    await c;
                    var d = {|AG0301:FlushAsync|}();
                    await d;
                }
            }
            """);

    [Fact]
    public Task The_code_after_a_swallowed_cancellation_is_the_shutdown_path() =>
        VerifyAG0301.Diagnostics(Usings + """
            class Lease
            {
                private readonly CancellationTokenSource _shutdown = new CancellationTokenSource();
                private int _users;

                public async Task MaintainAsync()
                {
                    try
                    {
                        while (true) await Task.Delay(1000, _shutdown.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }

                    while (_users > 0) await Task.Delay(20);
                }

                public async Task RethrowAsync()
                {
                    try
                    {
                        while (true) await Task.Delay(1000, _shutdown.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        throw;
                    }
                    catch (InvalidOperationException)
                    {
                    }

                    await Task.{|AG0301:Delay|}(20);
                }
            }
            """);
}
