using Xunit;
using VerifyAG0210 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0210AmbientSchedulerAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, fifteenth pass (held-out azure-webjobs-sdk PrimaryHostCoordinator.ProcessLeaseTimerTick): a ContinueWith or
/// StartNew written directly in a function that only a System.Threading.Timer, ThreadPool.QueueUserWorkItem or a new
/// Thread runs inherits TaskScheduler.Default: such callbacks run outside any task. Still reported: a method also called
/// directly, a public or virtual one, one also stored in a field, a call nested in a lambda inside the callback, a lambda
/// given to Task.Run (it runs inside a task) and a Timer of another namespace.
/// </summary>
public sealed class AG0210PoolCallbackTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private static string InClass(string members) => Usings + $$"""
        namespace Other { public sealed class Timer { public Timer(Action<object> callback) { } } }

        class Coordinator
        {
            private Timer _timer;
            private bool _busy;
            static Task RenewAsync() => Task.CompletedTask;

        {{members}}
        }
        """;

    [Theory]
    // The corpus shape: a private timer callback that starts the renewal and continues on it.
    [InlineData("void Start() { _timer = new Timer(OnTick); } private void OnTick(object state) { RenewAsync().ContinueWith(t => { _busy = false; }, TaskContinuationOptions.ExecuteSynchronously); }")]
    // A lambda given to the Timer, to QueueUserWorkItem, to a Thread; a method group through a cast and a delegate creation.
    [InlineData("void Start() { _timer = new Timer(_ => { RenewAsync().ContinueWith(t => _busy = false); }, null, 0, 1000); }")]
    [InlineData("void Start() { ThreadPool.QueueUserWorkItem(_ => Task.Factory.StartNew(() => _busy = true)); }")]
    [InlineData("void Start() { new Thread(Loop).Start(); } void Loop() { RenewAsync().ContinueWith(t => _busy = false); }")]
    [InlineData("void Start() { _timer = new Timer(new TimerCallback(OnTick), null, 0, 1000); ThreadPool.UnsafeQueueUserWorkItem((WaitCallback)OnTick, null); } private void OnTick(object state) { RenewAsync().ContinueWith(t => _busy = false); }")]
    // Held-out ho4a (csharp-driver): the lambda kept in a local delegate whose every use hands it to the Timer or the pool.
    [InlineData("void Start() { TimerCallback onTick = _ => { Task.Factory.StartNew(() => _busy = false); }; _timer = new Timer(onTick, null, 0, 1000); }")]
    [InlineData("void Start() { WaitCallback work = (state) => RenewAsync().ContinueWith(t => _busy = false); ThreadPool.QueueUserWorkItem(work); ThreadPool.QueueUserWorkItem(work, null); }")]
    [InlineData("void Start() { ThreadStart loop = delegate { RenewAsync().ContinueWith(t => _busy = false); }; new Thread(loop).Start(); }")]
    public Task Silent_directly_in_a_pool_callback(string members) => VerifyAG0210.NoDiagnostics(InClass(members));

    [Theory]
    // Also called directly: that caller may run inside a task.
    [InlineData("void Start() { _timer = new Timer(OnTick); OnTick(null); } private void OnTick(object state) { {|AG0210:RenewAsync().ContinueWith(t => _busy = false)|}; }")]
    // Public or virtual: callers elsewhere.
    [InlineData("void Start() { _timer = new Timer(OnTick); } public void OnTick(object state) { {|AG0210:RenewAsync().ContinueWith(t => _busy = false)|}; }")]
    [InlineData("void Start() { _timer = new Timer(OnTick); } protected virtual void OnTick(object state) { {|AG0210:RenewAsync().ContinueWith(t => _busy = false)|}; }")]
    // Also kept as a delegate for other use.
    [InlineData("Action<object> _saved; void Start() { _timer = new Timer(OnTick); _saved = OnTick; } private void OnTick(object state) { {|AG0210:RenewAsync().ContinueWith(t => _busy = false)|}; }")]
    // Nested in a lambda inside the callback; a lambda given to Task.Run; a Timer of another namespace.
    [InlineData("void Start() { _timer = new Timer(_ => { Action later = () => {|AG0210:RenewAsync().ContinueWith(t => _busy = false)|}; later(); }); }")]
    [InlineData("void Start() { Task.Run(() => {|AG0210:RenewAsync().ContinueWith(t => _busy = false)|}); }")]
    [InlineData("void Start() { new Other.Timer(_ => {|AG0210:RenewAsync().ContinueWith(t => _busy = false)|}); }")]
    // A local delegate also invoked directly, written again, or handed elsewhere (Task.Run runs it inside a task).
    [InlineData("void Start() { TimerCallback onTick = _ => {|AG0210:Task.Factory.StartNew(() => _busy = false)|}; _timer = new Timer(onTick); onTick(null); }")]
    [InlineData("void Start() { TimerCallback onTick = _ => {|AG0210:Task.Factory.StartNew(() => _busy = false)|}; _timer = new Timer(onTick); onTick = _ => { }; }")]
    [InlineData("void Start() { Action work = () => {|AG0210:RenewAsync().ContinueWith(t => _busy = false)|}; _timer = new Timer(_ => { }); Task.Run(work); }")]
    [InlineData("void Start() { TimerCallback onTick = _ => {|AG0210:Task.Factory.StartNew(() => _busy = false)|}; }")]
    public Task Still_reported_elsewhere(string members) => VerifyAG0210.Diagnostics(InClass(members));

    [Theory]
    // (OnTick is not used at all: reported)
    [InlineData("void Start() { _timer = new Timer(Missing); } private void OnTick(object state) { {|AG0210:RenewAsync().ContinueWith(t => _busy = false)|}; }")]
    [InlineData("void Start() { _timer = new Timer(OnTick; } private void OnTick(object state) { RenewAsync().ContinueWith(t => _busy = false); }")]
    [InlineData("void Start() { _timer = new Timer(_ => Unknown().ContinueWith(t => _busy = false)); }")]
    [InlineData("void Start() { TimerCallback onTick = _ => {|AG0210:Task.Factory.StartNew(() => _busy = false)|}; _timer = new Timer(onTick, Missing); }")]
    public Task Survives_half_typed_code(string members) => VerifyAG0210.DiagnosticsInBrokenCode(InClass(members));
}
