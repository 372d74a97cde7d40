using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// Issue 16, corpus6 classes W2-W6 and the offered-token fix-quality problem: tokens whose cancellation is settled
/// elsewhere (a later call owns it, it just fired, the callee defines it, the call's own body cancels it, the captured
/// variable is reassigned) and sends that accept at once.
/// </summary>
public sealed partial class AG0301ForwardTokenAnalyzerTests
{
    private const string Collections = "using System.Collections.Generic;\n";

    // ---- W2: a later call of the same block owns the cancellation ----

    private const string Connector = """
        public enum State { Ready, Copy }
        public readonly struct Scope : IDisposable { public void Dispose() { } }
        public sealed class Connector
        {
            private CancellationTokenRegistration _registration;
            internal CancellationToken UserToken { get; set; }
            internal Scope StartAction(State state, CancellationToken cancellationToken = default, bool attempt = true)
                => StartAction(state, null, cancellationToken, attempt);
            internal Scope StartAction(State state, string? command, CancellationToken cancellationToken = default, bool attempt = true)
            {
                return Start(cancellationToken);

                Scope Start(CancellationToken token)
                {
                    token.ThrowIfCancellationRequested();
                    Register(token);
                    return new Scope();
                }
            }
            private void Register(CancellationToken cancellationToken)
            {
                UserToken = cancellationToken;
                _registration = cancellationToken.Register(static c => { }, this);
            }
            internal Scope Enter() => Enter(default);
            internal Scope Enter(CancellationToken cancellationToken) { Register(cancellationToken); return new Scope(); }
            internal void Waiting(CancellationToken cancellationToken = default) => new SemaphoreSlim(1).Wait(cancellationToken);
            internal Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
        }
        public sealed class Importer
        {
            public Task Init(string command, bool async, CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """;

    [Fact]
    public Task W2_a_synchronous_call_is_not_offered_the_token_a_later_call_receives() =>
        Expect(Collections + Connector + """
            public sealed class Connection
            {
                private Connector _connector = new Connector();

                public async Task<Importer> BeginImport(bool async, string command, CancellationToken cancellationToken = default)
                {
                    var connector = _connector;
                    connector.StartAction(State.Copy, attempt: false);
                    var importer = new Importer();
                    try
                    {
                        await importer.Init(command, async, cancellationToken).ConfigureAwait(false);
                        return importer;
                    }
                    catch
                    {
                        throw;
                    }
                }

                public async Task Declared(CancellationToken ct)
                {
                    using var scope = _connector.Enter();
                    await new Importer().Init("", true, ct);
                }

                public async Task Export(CancellationToken ct)
                {
                    using (_connector.StartAction(State.Copy))
                    {
                        await new Importer().Init("", true, ct);
                    }
                }
            }
            """);

    [Fact]
    public Task W2_still_reported_when_no_later_call_receives_the_token_or_the_call_waits() =>
        Expect(Collections + Connector + """
            public sealed class Connection
            {
                private Connector _connector = new Connector();

                public async Task NoLaterOwner(CancellationToken cancellationToken)
                {
                    _connector.{|#0:StartAction|}(State.Copy, attempt: false);
                    await new Importer().Init("", true, default);
                }

                public async Task EarlierOwnerOnly(CancellationToken cancellationToken)
                {
                    await new Importer().Init("", true, cancellationToken);
                    _connector.{|#1:StartAction|}(State.Copy);
                }

                public async Task AwaitableCall(CancellationToken cancellationToken)
                {
                    await _connector.{|#2:StartAsync|}();
                    await new Importer().Init("", true, cancellationToken);
                }

                public async Task BlockingCall(CancellationToken cancellationToken)
                {
                    _connector.{|#3:Waiting|}();
                    await new Importer().Init("", true, cancellationToken);
                }

                public async Task LibraryWait(SemaphoreSlim gate, CancellationToken cancellationToken)
                {
                    gate.{|#4:Wait|}();
                    await new Importer().Init("", true, cancellationToken);
                }

                public async Task OnlyInALambda(CancellationToken cancellationToken)
                {
                    _connector.{|#5:StartAction|}(State.Copy);
                    Func<Task> later = () => new Importer().Init("", true, cancellationToken);
                    await later();
                }
            }
            """,
            At(0, "StartAction", "cancellationToken"), At(1, "StartAction", "cancellationToken"), At(2, "StartAsync", "cancellationToken"),
            At(3, "Waiting", "cancellationToken"), At(4, "Wait", "cancellationToken"), At(5, "StartAction", "cancellationToken"));

    [Fact]
    public Task W2_report_later_owner_option_reports_it() =>
        ExpectWith("dotnet_diagnostic.AG0301.report_later_owner = true", Collections + Connector + """
            public sealed class Connection
            {
                private Connector _connector = new Connector();

                public async Task BeginImport(CancellationToken cancellationToken)
                {
                    _connector.{|#0:StartAction|}(State.Copy, attempt: false);
                    await new Importer().Init("", true, cancellationToken);
                }
            }
            """, At(0, "StartAction", "cancellationToken"));

    // ---- W3: the token that just fired ----

    [Fact]
    public Task W3_the_token_being_assigned_by_the_call_is_not_offered_to_it() =>
        Expect(Collections + """
            public sealed class Timer
            {
                public CancellationToken Start(CancellationToken linked = default) => linked;
            }
            public sealed class Buffer
            {
                private readonly Timer _cts = new Timer();
                private readonly Stream _s = Stream.Null;

                public async Task Ensure(bool async)
                {
                    var finalCt = _cts.Start(CancellationToken.None);
                    while (true)
                    {
                        if (async)
                            finalCt = _cts.Start();
                        await _s.ReadAsync(new byte[1], finalCt);
                        break;
                    }
                }
            }
            """);

    [Fact]
    public Task W3_a_catch_of_a_try_that_used_the_token_does_not_offer_it() =>
        Expect(Collections + """
            public sealed class Downloader
            {
                static Task<int> Download(string url, CancellationTokenSource source) => Task.FromResult(0);
                static Task<int> Read(string url, CancellationToken token) => Task.FromResult(0);

                public async Task<int> Clip(string url, int retryCount = 3)
                {
                    CancellationTokenSource? cancellationTokenSource = null;
                    retry:
                    try
                    {
                        cancellationTokenSource = new();
                        return await Download(url, cancellationTokenSource);
                    }
                    catch (Exception)
                    {
                        if (retryCount-- > 0)
                        {
                            await Task.Delay(1000);
                            goto retry;
                        }
                        return 0;
                    }
                    finally
                    {
                        cancellationTokenSource?.Dispose();
                    }
                }

                public async Task<int> Attempts(string url)
                {
                    var source = new CancellationTokenSource();
                    for (var i = 0; i < 3; i++)
                    {
                        try
                        {
                            source = new CancellationTokenSource(1000);
                            return await Read(url, source.Token);
                        }
                        catch
                        {
                            await Task.Delay(100);
                        }
                    }

                    return 0;
                }
            }
            """);

    [Fact]
    public Task W3_still_reported_for_the_callers_token_a_try_without_the_token_or_another_exception() =>
        Expect(Collections + """
            public sealed class Downloader
            {
                static Task<int> Read(string url, CancellationToken token) => Task.FromResult(0);
                static Task<int> Plain(string url) => Task.FromResult(0);

                public async Task<int> NotUsed(string url)
                {
                    CancellationTokenSource? source = null;
                    try { source = new CancellationTokenSource(); return await Plain(url); }
                    catch (Exception) { await Task.{|#0:Delay|}(100); return 0; }
                }

                public async Task<int> IoOnly(string url)
                {
                    CancellationTokenSource? source = null;
                    try { source = new CancellationTokenSource(); return await Read(url, source.Token); }
                    catch (IOException) { await Task.{|#1:Delay|}(100); return 0; }
                }

                public async Task<int> AfterTheTry(string url, CancellationToken ct)
                {
                    try { return await Read(url, ct); }
                    catch (Exception) { }
                    await Task.{|#2:Delay|}(100);
                    return 1;
                }

                public async Task<CancellationToken> Assigned(CancellationToken ct)
                {
                    CancellationToken other = default;
                    other = await {|#3:Next|}();
                    return other;
                }

                static Task<CancellationToken> Next(CancellationToken token = default) => Task.FromResult(token);

                public async Task<int> CallersToken(string url, CancellationToken ct)
                {
                    for (var i = 0; ; i++)
                    {
                        try { return await Read(url, ct); }
                        catch { await Task.{|#4:Delay|}(100); }
                    }
                }
            }
            """, At(0, "Delay", "source.Token"), At(1, "Delay", "source.Token"), At(2, "Delay", "ct"), At(3, "Next", "ct"), At(4, "Delay", "ct"));

    // ---- W4: the callee defines the member token ----

    [Fact]
    public Task W4_a_member_the_callee_sets_from_its_argument_is_not_offered_to_it() =>
        // report_owner_tokens: `connector.Waiting()` is a call of the token's owner (OwnerTokens), silent by default.
        ExpectWith("dotnet_diagnostic.AG0301.token_members = *\ndotnet_diagnostic.AG0301.report_owner_tokens = true", Collections + Connector + """
            public sealed class Command
            {
                void Derive(Connector connector)
                {
                    using (connector.StartAction(State.Ready))
                    {
                    }
                }
            }
            """);

    [Fact]
    public Task W4_still_reported_for_a_member_the_callee_does_not_set() =>
        // report_owner_tokens: `connector.Waiting()` is a call of the token's owner (OwnerTokens), silent by default.
        ExpectWith("dotnet_diagnostic.AG0301.token_members = *\ndotnet_diagnostic.AG0301.report_owner_tokens = true", Collections + Connector + """
            public sealed class Command
            {
                void Derive(Connector connector)
                {
                    connector.{|#0:Waiting|}();
                }
            }
            """, At(0, "Waiting", "connector.UserToken"));

    // ---- W5: the call's own body cancels the offered source ----

    [Fact]
    public Task W5_a_source_the_lambda_of_the_call_cancels_is_not_offered_to_the_call() =>
        Expect(Collections + """
            public sealed class Recorder
            {
                private readonly CancellationTokenSource _wait = new();
                private bool _stop;

                public async Task Produce(Dictionary<int, string> items)
                {
                    while (!_stop)
                    {
                        await Parallel.ForEachAsync(items, async (item, _) =>
                        {
                            await Task.Yield();
                            if (item.Key == 0)
                            {
                                _stop = true;
                                _wait.Cancel();
                            }
                        });
                        try { await Task.Delay(1000, _wait.Token); } catch (OperationCanceledException) { }
                    }
                }

                public async Task Local(Dictionary<int, string> items)
                {
                    using var stop = new CancellationTokenSource();
                    await Parallel.ForEachAsync(items, async (item, token) =>
                    {
                        if (item.Key == 1)
                            await stop.CancelAsync();
                    });
                }
            }
            """);

    [Fact]
    public Task W5_still_reported_when_the_lambda_does_not_cancel_the_source() =>
        Expect(Collections + """
            public sealed class Recorder
            {
                private readonly CancellationTokenSource _wait = new();
                private readonly CancellationTokenSource _other = new();

                public async Task Produce(Dictionary<int, string> items)
                {
                    while (!_wait.IsCancellationRequested)
                    {
                        await Parallel.{|#0:ForEachAsync|}(items, async (item, _) =>
                        {
                            await Task.Yield();
                            _other.Cancel();
                        });
                        _wait.Cancel();
                    }
                }
            }
            """, At(0, "ForEachAsync", "_wait.Token"));

    // ---- W6: SendAsync to an unbounded dataflow block ----

    private const string Dataflow = "using System.Collections.Generic; using System.Threading.Tasks.Dataflow; using System.Collections.Concurrent;\n";

    [Fact]
    public Task W6_send_to_an_unbounded_block_accepts_at_once() =>
        Expect(Dataflow + """
            public sealed class Producer
            {
                ConcurrentDictionary<int, BufferBlock<List<string>>> BlockDic = new();
                private readonly BufferBlock<int> _single = new BufferBlock<int>();
                private ActionBlock<int> _action;

                public Producer() { _action = new ActionBlock<int>(i => { }, new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = 2 }); }

                public void Setup(int id) { BlockDic[id] = new BufferBlock<List<string>>(); }

                public async Task Produce(int id, List<string> items, CancellationToken ct)
                {
                    await BlockDic[id].SendAsync(items);
                    await _single.SendAsync(1);
                    await _action.SendAsync(2);
                    var local = new BufferBlock<string>();
                    await local.SendAsync("x");
                    foreach (var block in BlockDic.Values) block.Complete();
                    Consume(BlockDic[id]);
                }

                static void Consume(ISourceBlock<List<string>> source) { }
            }
            """);

    [Fact]
    public Task W6_still_reported_for_a_bounded_unknown_or_escaping_block() =>
        Expect(Dataflow + """
            public sealed class Producer
            {
                private readonly BufferBlock<int> _bounded = new BufferBlock<int>(new DataflowBlockOptions { BoundedCapacity = 10 });
                private readonly Dictionary<int, BufferBlock<int>> _blocks = new();
                public BufferBlock<int> Exposed = new BufferBlock<int>();
                private readonly ConcurrentDictionary<int, BufferBlock<int>> _lazy = new();
                private BufferBlock<int> _assigned = new BufferBlock<int>();

                public void Add(int id, BufferBlock<int> block) { _blocks.Add(id, block); }
                public void Replace(BufferBlock<int> block) { _assigned = block; }

                public async Task Produce(ITargetBlock<int> target, CancellationToken ct)
                {
                    await _bounded.{|#0:SendAsync|}(1);
                    await _blocks[0].{|#1:SendAsync|}(1);
                    await Exposed.{|#2:SendAsync|}(1);
                    await _assigned.{|#3:SendAsync|}(1);
                    await target.{|#4:SendAsync|}(1);
                    var local = new BufferBlock<int>();
                    local = Make();
                    await local.{|#5:SendAsync|}(1);
                    _lazy.GetOrAdd(1, _ => new BufferBlock<int>(new DataflowBlockOptions { BoundedCapacity = 1 }));
                    await _lazy[1].{|#6:SendAsync|}(1);
                }

                static BufferBlock<int> Make() => new BufferBlock<int>(new DataflowBlockOptions { BoundedCapacity = 1 });
            }
            """, At(0, "SendAsync", "ct"), At(1, "SendAsync", "ct"), At(2, "SendAsync", "ct"), At(3, "SendAsync", "ct"), At(4, "SendAsync", "ct"), At(5, "SendAsync", "ct"), At(6, "SendAsync", "ct"));

    // ---- fix quality: the local copy captured for the lambda, not the variable reassigned after it ----

    [Fact]
    public Task The_lambdas_own_copy_is_offered_not_the_variable_reassigned_after_the_lambda() =>
        Expect(Collections + """
            public sealed class Downloader
            {
                static Task<int> Download(CancellationTokenSource source) => Task.FromResult(0);
                static bool Stop => false;

                public async Task<int> Clip()
                {
                    CancellationTokenSource? cancellationTokenSource = null;
                    try
                    {
                        cancellationTokenSource = new();
                        var cts = cancellationTokenSource;
                        Func<Task> watcher = async () =>
                        {
                            while (true)
                            {
                                if (cts.IsCancellationRequested) break;
                                if (Stop)
                                {
                                    cts.Cancel();
                                    break;
                                }
                                await Task.{|#0:Delay|}(500);
                            }
                        };
                        var watch = watcher();
                        var result = await Download(cancellationTokenSource);
                        await watch;
                        return result;
                    }
                    finally
                    {
                        cancellationTokenSource?.Dispose();
                        cancellationTokenSource = null;
                    }
                }

                public async Task Only(CancellationTokenSource source)
                {
                    var cts = new CancellationTokenSource();
                    Func<Task> later = async () => { while (!cts.IsCancellationRequested) await Task.Delay(500); };
                    var t = later();
                    cts.Dispose();
                    cts = new CancellationTokenSource();
                    await t;
                }

                public async Task NotReassigned()
                {
                    var cts = new CancellationTokenSource();
                    Func<Task> later = async () => { while (!cts.IsCancellationRequested) await Task.{|#2:Delay|}(500); };
                    await later();
                }
            }
            """, At(0, "Delay", "cts.Token"), At(2, "Delay", "cts.Token"));

    [Fact]
    public Task A_cancel_whose_path_leaves_before_the_call_does_not_cancel_its_token() =>
        Expect(Collections + """
            public sealed class Loops
            {
                static bool Stop => false;

                public async Task Returns()
                {
                    var cts = new CancellationTokenSource();
                    while (true)
                    {
                        if (Stop) { cts.Cancel(); return; }
                        await Task.{|#0:Delay|}(10);
                    }
                }

                public async Task Throws()
                {
                    var cts = new CancellationTokenSource();
                    for (;;)
                    {
                        if (Stop)
                        {
                            cts.Cancel();
                            throw new InvalidOperationException();
                        }

                        await Task.{|#1:Delay|}(10);
                    }
                }

                public async Task NoJump()
                {
                    var cts = new CancellationTokenSource();
                    if (Stop) { cts.Cancel(); }
                    await Task.Delay(10);
                }

                public async Task BreaksAnInnerLoop()
                {
                    var cts = new CancellationTokenSource();
                    foreach (var i in new[] { 1 }) { cts.Cancel(); break; }
                    await Task.Delay(10);
                }
            }
            """, At(0, "Delay", "cts.Token"), At(1, "Delay", "cts.Token"));

    // ---- half-typed code ----

    [Fact]
    public Task Half_typed_settled_token_shapes_do_not_throw() =>
        VerifyAG0301.DiagnosticsInBrokenCode(Usings + Collections + """
            using System.Threading.Tasks.Dataflow;
            class C
            {
                Missing BlockDic = new();
                async Task M(CancellationToken ct)
                {
                    await BlockDic[0].SendAsync(1);
                    x.StartAction(State.Copy, attempt: );
                    finalCt = Unknown.Start(;
                    try { await Read(ct); } catch (Nope) { await Task.{|AG0301:Delay|}(1); }
                    await Parallel.ForEachAsync(items, async (i, _) => { _cts.Cancel(; });
                }
            }
            """);
}
