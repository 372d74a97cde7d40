using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// Issue 16's debatable classes of the Blocking family (the corpus findings experts suppress), each with the nearest case
/// that must still be reported and the option that reports the class anyway:
/// AG0102 on local files opened for synchronous I/O (sync-preferred), AG0102 on `using` both paths of a dual
/// implementation run over a resource made for the running path, AG0103 in public waiting helpers.
/// </summary>
public sealed class QuietSiteTests
{
    private const string Usings = "using System; using System.IO; using System.Text; using System.Threading; using System.Threading.Tasks;\n";

    private static string InAsync(string body) => Usings + $$"""
        class C
        {
            async Task M(string path, Stream network)
            {
                await Task.Yield();
                {{body}}
            }
        }
        """;

    // ---- AG0102: local files whose handle is opened for synchronous I/O ----

    [Theory]
    [InlineData("using var log = new StreamWriter(path, append: false, Encoding.UTF8); log.WriteLine(); log.WriteLine($\"x {path}\"); log.Write('c'); log.Flush();")]
    [InlineData("using (var log = File.CreateText(path)) { log.WriteLine(\"x\"); }")]
    [InlineData("using var log = File.AppendText(path); log.WriteLine(\"x\");")]
    [InlineData("using var f = File.OpenRead(path);")]
    [InlineData("using (var f = File.Open(path, FileMode.Open, FileAccess.Read, FileShare.Read)) { }")]
    [InlineData("using var f = new FileStream(path, FileMode.Open, FileAccess.Read);")]
    [InlineData("using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, false);")]
    [InlineData("using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);")]
    [InlineData("using var r = new StreamReader(File.OpenRead(path)); var line = r.ReadLine();")]
    [InlineData("using var r = File.OpenText(path); var all = r.ReadToEnd();")]
    [InlineData("using var r = new StreamReader(path); var all = r.ReadToEnd();")]
    public Task Silent_on_local_files_opened_for_synchronous_io(string body) =>
        VerifyAG0102.NoDiagnostics(InAsync(body));

    [Theory]
    // Written, or opened for asynchronous I/O: dispose flushes / the async forms really are asynchronous.
    [InlineData("{|AG0102:using|} var f = File.OpenWrite(path);")]
    [InlineData("{|AG0102:using|} var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);")]
    // (A read-only stream opened for asynchronous I/O is silent since the eighth pass: its disposal has nothing to flush,
    // AG0102ReadOnlyOpenTests; an asynchronous writer stays reported.)
    [InlineData("{|AG0102:using|} var f = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, 4096, useAsync: true);")]
    [InlineData("{|AG0102:using|} var f = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.Asynchronous);")]
    [InlineData("{|AG0102:using|} var f = new FileStream(path, FileMode.Open);")]
    // A writer over another stream (a network, a pipe): its writes and its dispose are real I/O.
    [InlineData("{|AG0102:using|} var w = new StreamWriter(network); {|AG0102:w.WriteLine(\"x\")|};")]
    [InlineData("using var r = new StreamReader(network); var line = {|AG0102:r.ReadLine()|};")]
    // A writer in a plain local may be replaced by another writer: not decided.
    [InlineData("var w = new StreamWriter(path); {|AG0102:w.WriteLine(\"x\")|}; w = new StreamWriter(network);")]
    // The one-shot File helpers have truly asynchronous forms.
    [InlineData("var all = {|AG0102:File.ReadAllText(path)|};")]
    public Task Reported_on_written_or_asynchronous_or_non_file_streams(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Fact]
    public Task The_sync_preferred_option_reports_local_files_too() =>
        new AnalyzerTest<AG0102AsyncAlternativeAnalyzer>
        {
            // `using var f = File.OpenRead(path)` moved to report_read_streams in the eighth pass (AG0102ReadOnlyOpenTests).
            TestCode = InAsync("{|AG0102:using|} var log = new StreamWriter(path); {|AG0102:log.WriteLine(\"x\")|}; using var f = File.OpenRead(path);"),
            TestState = { AnalyzerConfigFiles = { ("/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.AG0102.report_sync_preferred = true\n") } },
        }.RunAsync();

    // ---- AG0102: `using` on both paths of a dual implementation ----

    private const string Dual = """
        enum IOBehavior { Asynchronous, Synchronous }
        sealed class Reader : IDisposable, IAsyncDisposable
        {
            public void Dispose() { }
            public async ValueTask DisposeAsync() => await Task.Yield();
            public Task<bool> ReadAsync(IOBehavior io) => Task.FromResult(false);
        }
        sealed class Command
        {
            public async Task<Reader> ExecuteReaderAsync(IOBehavior io, CancellationToken ct) { await Task.Yield(); return new Reader(); }
            public async Task<Reader> ExecuteReaderAsync(CancellationToken ct) { await Task.Yield(); return new Reader(); }
            public Reader Open(IOBehavior io) => new Reader();
        }
        """;

    private static string InDual(string body) => Usings + Dual + $$"""
        class Api
        {
            async Task<int> ExecuteAsync(Command cmd, IOBehavior ioBehavior, CancellationToken ct)
            {
                {{body}}
                return 0;
            }
        }
        """;

    [Theory]
    [InlineData("using var reader = await cmd.ExecuteReaderAsync(ioBehavior, ct).ConfigureAwait(false); while (await reader.ReadAsync(ioBehavior)) { }")]
    [InlineData("using (var reader = await cmd.ExecuteReaderAsync(ioBehavior, ct)) { }")]
    [InlineData("using var reader = cmd.Open(ioBehavior);")]
    public Task Silent_on_a_using_both_paths_run_over_a_resource_made_with_the_own_flag(string body) =>
        VerifyAG0102.NoDiagnostics(InDual(body));

    [Theory]
    // Made without the flag: the resource does not follow the path.
    [InlineData("{|AG0102:using|} var reader = await cmd.ExecuteReaderAsync(ct);")]
    [InlineData("{|AG0102:using|} var reader = cmd.Open(IOBehavior.Asynchronous);")]
    // Only on the async side: there the await is the fix.
    [InlineData("if (ioBehavior == IOBehavior.Asynchronous) { {|AG0102:using|} var reader = await cmd.ExecuteReaderAsync(ioBehavior, ct); }")]
    public Task Reported_where_the_resource_ignores_the_flag_or_only_the_async_side_runs(string body) =>
        VerifyAG0102.Diagnostics(InDual(body));

    [Fact]
    public Task The_dual_path_using_option_reports_them_too() =>
        new AnalyzerTest<AG0102AsyncAlternativeAnalyzer>
        {
            TestCode = InDual("{|AG0102:using|} var reader = await cmd.ExecuteReaderAsync(ioBehavior, ct);"),
            TestState = { AnalyzerConfigFiles = { ("/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.AG0102.report_dual_path_using = true\n") } },
        }.RunAsync();

    // ---- AG0103: public waiting helpers ----

    private const string Helpers = """
        public static class TaskWaits
        {
            public static void WaitAndUnwrap(this Task task) { if (task == null) throw new ArgumentNullException(nameof(task)); task.GetAwaiter().GetResult(); }
            public static T WaitAndUnwrap<T>(this Task<T> task, CancellationToken ct) { task.Wait(ct); return task.Result; }
            public static T Configured<T>(Task<T> task) => task.ConfigureAwait(false).GetAwaiter().GetResult();
            public static T Value<T>(ValueTask<T> task) => task.AsTask().GetAwaiter().GetResult();
        }
        public class Multiplexer
        {
            public int TimeoutMilliseconds { get; set; } = 1000;
            public void Wait(Task task) { if (!task.Wait(TimeoutMilliseconds)) throw new TimeoutException(); }
            public void WaitAll(params Task[] tasks) { if (!Task.WaitAll(tasks, TimeoutMilliseconds)) throw new TimeoutException(); }
            public void WaitBoth(Task a, Task b) => Task.WaitAll(a, b);
            protected bool TryWait(Task task) => task.Wait(TimeoutMilliseconds);
        }
        public interface IRedis { bool TryWait(Task task); void Wait(Task task); }
        internal sealed class RedisBase : IRedis
        {
            public bool TryWait(Task task) => task.Wait(100);
            void IRedis.Wait(Task task) => task.Wait();
        }
        """;

    [Fact]
    public Task Silent_in_public_helpers_that_wait_on_the_task_they_are_given() =>
        VerifyAG0103.NoDiagnostics(Usings + Helpers);

    private const string NotHelpers = """
        public class Client
        {
            // Private and internal helpers are steps of code that can become async.
            private void Helper(Task t) { {|AG0103:t.Wait()|}; }
            internal int Internal(Task<int> t) => {|AG0103:t.Result|};
            // A public method of an internal type is not callable from outside.
            // Waiting on work the method starts itself, or on a field, is sync-over-async.
            public int Get() => {|AG0103:LoadAsync().Result|};
            public void Mixed(Task t) => {|AG0103:Task.WaitAll(t, LoadAsync())|};
            public int Field() => {|AG0103:_pending.Result|};
            public void Local(Task t) { var other = LoadAsync(); {|AG0103:other.Wait()|}; }
            // A lambda's parameter is not the helper's.
            public void Lambda() { Action<Task> a = t => {|AG0103:t.Wait()|}; }
            private readonly Task<int> _pending = Task.Delay(1).ContinueWith(_ => 1);
            private Task<int> LoadAsync() => Task.FromResult(1);
        }
        internal class Hidden : IHidden
        {
            public void Wait(Task task) => {|AG0103:task.Wait()|};
            public void Through(Task task) => {|AG0103:task.Wait()|};
        }
        internal interface IHidden { void Through(Task task); }
        """;

    [Fact]
    public Task Reported_in_non_public_helpers_and_on_tasks_the_method_did_not_receive() =>
        VerifyAG0103.Diagnostics(Usings + NotHelpers);

    [Fact]
    public Task The_wait_helpers_option_reports_them_too()
    {
        var test = new AnalyzerTest<AG0103SyncOverAsyncAnalyzer>
        {
            TestCode = Usings + """
                public static class TaskWaits
                {
                    public static void WaitAndUnwrap(this Task task) => {|AG0103:task.GetAwaiter().GetResult()|};
                    public static void WaitAll(Task[] tasks) => {|AG0103:Task.WaitAll(tasks)|};
                }
                """,
            TestState = { AnalyzerConfigFiles = { ("/.editorconfig", "root = true\n\n[*.cs]\n" + WaitQuietSites.ReportWaitHelpersOption + " = true\n") } },
        };
        return test.RunAsync();
    }

    // ---- AG0103: waiting on synchronous work the function offloaded itself ----

    private static string InSync(string body) => Usings + $$"""
        class C
        {
            int Compute(CancellationToken ct) => 1;
            Task<int> ComputeAsync() => Task.FromResult(1);
            int M(CancellationToken ct, TimeSpan timeout)
            {
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("return Task.Run(() => Compute(ct)).Result;")]
    [InlineData("var work = Task.Run(() => Compute(ct), ct); if (!work.Wait(timeout)) throw new TimeoutException(); return work.Result;")]
    [InlineData("Task<int> work = null; work = Task.Run(() => Compute(ct), ct); work.Wait(ct); return work.Result;")]
    [InlineData("var work = Task.Factory.StartNew(() => Compute(ct), ct, TaskCreationOptions.None, TaskScheduler.Default); return work.GetAwaiter().GetResult();")]
    [InlineData("var work = Task.Run(() => { Compute(ct); }); work.Wait(); return 0;")]
    public Task Silent_on_synchronous_work_the_function_offloaded_itself(string body) =>
        VerifyAG0103.NoDiagnostics(InSync(body));

    [Theory]
    // Async work offloaded, waited in a lambda: the delegate returns a task, whose I/O the wait blocks on (in a method it is
    // a deliberate boundary since d103: AG0103BoundaryWaitTests).
    [InlineData("Func<int> f = () => {|AG0103:Task.Run(async () => await ComputeAsync()).Result|}; return f();")]
    [InlineData("Func<int> f = () => {|AG0103:Task.Run(() => ComputeAsync()).Result|}; return f();")]
    // StartNew on the current scheduler, from a function the code runs on a scheduler it chose: the work may be queued to
    // the waiting thread's own scheduler (deb7: silent by default elsewhere, AG0103CurrentSchedulerTests).
    [InlineData("Task.Factory.StartNew(() => {|AG0103:Task.Factory.StartNew(() => Compute(ct)).Result|}, ct, TaskCreationOptions.None, TaskScheduler.FromCurrentSynchronizationContext()); return 0;")]
    // The local also holds other tasks, or is handed out by reference.
    [InlineData("var work = Task.Run(() => Compute(ct)); if (ct.CanBeCanceled) work = ComputeAsync(); return {|AG0103:work.Result|};")]
    [InlineData("var work = ComputeAsync(); return {|AG0103:work.Result|};")]
    public Task Reported_on_offloaded_async_work_or_tasks_of_other_origin(string body) =>
        VerifyAG0103.Diagnostics(InSync(body));

    [Fact]
    public Task The_offloaded_work_option_reports_it_too() =>
        new AnalyzerTest<AG0103SyncOverAsyncAnalyzer>
        {
            TestCode = InSync("return {|AG0103:Task.Run(() => Compute(ct)).Result|};"),
            TestState = { AnalyzerConfigFiles = { ("/.editorconfig", "root = true\n\n[*.cs]\n" + WaitQuietSites.ReportOffloadedWorkOption + " = true\n") } },
        }.RunAsync();
}
