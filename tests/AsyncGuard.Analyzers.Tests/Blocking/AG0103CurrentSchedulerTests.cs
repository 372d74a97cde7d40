using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using Xunit;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// Issue 16, ninth pass (deb7): waits on synchronous work of the current scheduler (Task.Factory.StartNew, ContinueWith,
/// ContinueWhenAll without a scheduler: MassTransit's AssemblyTypeCache and the registration helpers that block on it)
/// are silent by default, because TaskScheduler.Current is another scheduler only inside a task started on one; they stay
/// reported where the compilation runs the waiting function on a scheduler it chose, and with
/// `assume_default_scheduler = false`.
/// </summary>
public sealed class AG0103CurrentSchedulerTests
{
    private const string Usings = "using System; using System.Collections.Concurrent; using System.Collections.Generic; using System.Linq; using System.Threading; using System.Threading.Tasks;\n";

    private const string Cache = """
        public static class TypeCache
        {
            static int Compute(string s) => s.Length;
            static async Task<int> ComputeAsync(string s) { await Task.Yield(); return s.Length; }
            static class Cached { internal static readonly ConcurrentDictionary<string, Task<int>> Values = new ConcurrentDictionary<string, Task<int>>(); }
            public static void Clear() => Cached.Values.Clear();
            public static Task<int> ForName(string s) => Cached.Values.GetOrAdd(s, k => Task.Factory.StartNew(() => Compute(k)));
            public static Task<int[]> FindAll(IEnumerable<string> all)
            {
                Task<int>[] tasks = all.Select(ForName).ToArray();
                return Task.Factory.ContinueWhenAll(tasks, done => done.Select(x => x.Result).ToArray());
            }
            public static Task<int> FindOne(string s) => ForName(s).ContinueWith(t => t.Result * 2);
            public static Task<int> FindLater(string s) => ForName(s).ContinueWith(t => ComputeAsync(s)).Unwrap();
            public static IEnumerable<int> Failed()
            {
                Task<int>[] tasks = Cached.Values.Select(x => x.Value).ToArray();
                Task.WaitAll(tasks);
                return tasks.Where(x => x.Result < 0).Select(x => x.Result);
            }
        }
        """;

    private static string With(string body) => Usings + Cache + "\n" + body;

    [Theory]
    // A sync registration helper of another type blocks on the cache's continuations (MassTransit RegistrationExtensions).
    [InlineData("public static class Registration { public static int[] AddAll(string[] names) => TypeCache.FindAll(names).GetAwaiter().GetResult(); }")]
    [InlineData("public static class Registration { public static int AddOne(string name) { var found = TypeCache.FindOne(name).Result; return found; } }")]
    [InlineData("public static class Registration { public static int Direct(string name) => Task.Factory.StartNew(() => name.Length).Result; }")]
    // Inside a lambda the code runs on the pool, and inside one scheduled explicitly on TaskScheduler.Default.
    [InlineData("public static class Registration { public static Task<int> Later(string name) => Task.Run(() => TypeCache.FindOne(name).Result); }")]
    [InlineData("public static class Registration { public static Task<int> Later(string name) => Task.Factory.StartNew(() => TypeCache.FindOne(name).Result, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default); }")]
    // A method group handed to a pool factory.
    [InlineData("public static class Registration { static int One() => TypeCache.FindOne(\"a\").Result; public static Task<int> Later() => Task.Run(One); }")]
    public Task Silent_on_current_scheduler_work_by_default(string body) =>
        VerifyAG0103.NoDiagnostics(With(body));

    [Fact]
    public Task Silent_on_wait_all_over_the_private_cache_by_default() =>
        VerifyAG0103.NoDiagnostics(With(""));

    [Theory]
    // The waiting lambda runs on the UI scheduler: its StartNew/ContinueWith go there too, and the wait blocks that thread.
    [InlineData("public static class Ui { public static Task<int> Refresh(string name) => Task.Factory.StartNew(() => {|AG0103:TypeCache.FindOne(name).Result|}, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.FromCurrentSynchronizationContext()); }")]
    // A continuation scheduled on a scheduler held in a field.
    [InlineData("public class Ui { readonly TaskScheduler _scheduler = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler; public Task<int> Refresh(Task start, string name) => start.ContinueWith(_ => {|AG0103:TypeCache.FindOne(name).Result|}, _scheduler); }")]
    // A method group handed to a factory of the code's own (it may carry any scheduler).
    [InlineData("public class Ui { readonly TaskFactory _factory = new TaskFactory(TaskScheduler.Current); int One() => {|AG0103:TypeCache.FindOne(\"a\").Result|}; public Task<int> Refresh() => _factory.StartNew(One); }")]
    // A local function given to a task constructor (started later, on whatever scheduler Start is given).
    [InlineData("public static class Ui { public static Task Make(string name) { void Work() { {|AG0103:TypeCache.FindAll(new[] { name }).Wait()|}; } return new Task(Work); } }")]
    // Code of a scheduler subclass (a helper: the overrides themselves are external contracts).
    [InlineData("public sealed class OneThread : TaskScheduler { protected override IEnumerable<Task> GetScheduledTasks() => Array.Empty<Task>(); protected override void QueueTask(Task task) => Peek(); int Peek() => {|AG0103:TypeCache.FindOne(\"a\").Result|}; protected override bool TryExecuteTaskInline(Task task, bool queued) => false; }")]
    // Async work behind the current scheduler's factories stays reported (not CPU work).
    [InlineData("public static class Registration { public static int Later(string name) => {|AG0103:TypeCache.FindLater(name).Result|}; }")]
    [InlineData("public static class Registration { public static void Later(string name) => {|AG0103:Task.Factory.StartNew(async () => await Task.Delay(1)).Wait()|}; }")]
    public Task Reported_where_the_waiting_function_runs_on_a_scheduler_the_code_chose(string body) =>
        VerifyAG0103.Diagnostics(With(body));

    [Theory]
    [InlineData("public static class Registration { public static int[] AddAll(string[] names) => {|AG0103:TypeCache.FindAll(names).GetAwaiter().GetResult()|}; }", "false")]
    [InlineData("public static class Registration { public static int[] AddAll(string[] names) => {|AG0103:TypeCache.FindAll(names).GetAwaiter().GetResult()|}; }", "False ")]
    [InlineData("public static class Registration { public static int[] AddAll(string[] names) => {|AG0103:TypeCache.FindAll(names).GetAwaiter().GetResult()|}; }", "no")]
    public Task Reported_when_the_assumption_is_turned_off(string body, string value) =>
        VerifyAG0103.DiagnosticsWithOptions(
            With(body).Replace("Task.WaitAll(tasks);", "{|AG0103:Task.WaitAll(tasks)|};"),
            TaskProvenance.AssumeDefaultSchedulerOption + " = " + value);

    [Fact]
    public Task Silent_everywhere_when_the_assumption_is_turned_on() =>
        VerifyAG0103.DiagnosticsWithOptions(
            With("public static class Ui { public static Task<int> Refresh(string name) => Task.Factory.StartNew(() => TypeCache.FindOne(name).Result, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.FromCurrentSynchronizationContext()); }"),
            TaskProvenance.AssumeDefaultSchedulerOption + " = true");

    [Fact]
    public Task The_offloaded_work_option_reports_current_scheduler_work_by_default_too() =>
        VerifyAG0103.DiagnosticsWithOptions(
            With("public static class Registration { public static int AddOne(string name) => {|AG0103:TypeCache.FindOne(name).Result|}; }")
                .Replace("Task.WaitAll(tasks);", "{|AG0103:Task.WaitAll(tasks)|};"),
            WaitQuietSites.ReportOffloadedWorkOption + " = true");

    [Fact]
    public Task Never_throws_on_half_typed_scheduled_delegates() =>
        VerifyAG0103.DiagnosticsInBrokenCode(With("""
            public static class Ui
            {
                public static Task<int> A(string name) => Task.Factory.StartNew(() => TypeCache.FindOne(name).Result, CancellationToken.None, TaskCreationOptions.None, Missing.Scheduler);
                public static Task<int> B(string name) => Unknown.StartNew(() => TypeCache.FindOne(name).Result, TaskScheduler.Default);
                static int C() => TypeCache.FindOne(
                public static Task D() => Task.Factory.StartNew(C, CancellationToken.None, TaskCreationOptions.None, );
            }
            """));
}
