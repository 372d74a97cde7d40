using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// Issue 16, AG0103: the provenance of a waited task followed through the compilation (TaskProvenance). Tasks that are
/// complete when made are silent; synchronous work on the pool (Task.Run, the factories with TaskScheduler.Default) is
/// silent unless report_offloaded_work; synchronous work on the current scheduler (Task.Factory.StartNew, ContinueWith,
/// ContinueWhenAll without a scheduler: MassTransit's assembly scanning) too unless assume_default_scheduler = false or the
/// waiting function runs on a scheduler the code chose (AG0103CurrentSchedulerTests). Anything the
/// walk does not know stays reported.
/// </summary>
public sealed class AG0103TaskProvenanceTests
{
    private const string Usings = "using System; using System.Collections.Concurrent; using System.Collections.Generic; using System.IO; using System.Linq; using System.Threading; using System.Threading.Tasks;\n";

    private static string Scan(string producers, string wait) => Usings + $$"""
        public static class Scanner
        {
            static int Compute(string s) => s.Length;
            static async Task<int> ComputeAsync(string s) { await Task.Yield(); return s.Length; }
            static Task<int> ReadAsync(string path) => File.ReadAllTextAsync(path).ContinueWith(t => t.Result.Length, TaskScheduler.Default);

            {{producers}}

            public static int Wait(string name, string[] names)
            {
                {{wait}}
            }
        }
        """;

    private static AnalyzerTest<AG0103SyncOverAsyncAnalyzer> With(string source, params string[] options)
    {
        var config = "root = true\n\n[*.cs]\n";
        foreach (var option in options)
        {
            config += option + " = true\n";
        }

        return new AnalyzerTest<AG0103SyncOverAsyncAnalyzer> { TestCode = source, TestState = { AnalyzerConfigFiles = { ("/.editorconfig", config) } } };
    }

    // ---- Pool work through methods, locals, arrays, LINQ and a private cache: silent by default ----

    [Theory]
    [InlineData("static Task<int> Produce(string s) => Task.Run(() => Compute(s));", "return Produce(name).Result;")]
    [InlineData("static Task<int> Produce(string s) { if (s.Length == 0) return Task.FromResult(0); return Task.Factory.StartNew(() => Compute(s), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default); }", "return Produce(name).GetAwaiter().GetResult();")]
    [InlineData("static Task<int> Produce(string s) => Task.Run(() => Compute(s)).ContinueWith(t => t.Result + 1, TaskScheduler.Default);", "Produce(name).Wait(); return 0;")]
    [InlineData("static Task<int>[] Produce(string[] all) => all.Select(s => Task.Run(() => Compute(s))).ToArray();", "var tasks = Produce(names); Task.WaitAll(tasks); return tasks[0].Result;")]
    [InlineData("static Task<int> Produce(string s) => Task.Run(() => Compute(s));", "var tasks = names.Select(Produce).ToArray(); return Task.WhenAll(tasks).Result.Sum();")]
    [InlineData("static Task<int> Produce(string s) => Task.Run(() => Compute(s));", "var tasks = names.Select(Produce).ToArray(); return Task.Factory.ContinueWhenAll(tasks, all => all.Sum(t => t.Result), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Result;")]
    [InlineData("static readonly ConcurrentDictionary<string, Task<int>> Cache = new ConcurrentDictionary<string, Task<int>>(); static Task<int> Produce(string s) => Cache.GetOrAdd(s, k => Task.Run(() => Compute(k))); public static void Clear() => Cache.Clear();", "Produce(name); var all = Cache.Select(x => x.Value).ToArray(); Task.WaitAll(all); return all.Length;")]
    [InlineData("static class Cached { internal static readonly ConcurrentDictionary<string, Task<int>> Values = new(); } static Task<int> Produce(string s) => Cached.Values.GetOrAdd(s, k => Task.Run(() => Compute(k)));", "return Produce(name).Result;")]
    [InlineData("static Task<int> Produce(string s) { var t = s.Length > 3 ? Task.Run(() => Compute(s)) : Task.FromResult(0); return t; }", "return Produce(name).Result;")]
    // Held-out ho4a (FreeRedis): a sized local array filled by element writes of pool work, also through a wrapper that hands its Action to Task.Run.
    [InlineData("", "var tasks = new Task[names.Length]; for (var i = 0; i < names.Length; i++) { var s = names[i]; tasks[i] = Task.Run(() => Compute(s)); } Task.WaitAll(tasks); return 0;")]
    [InlineData("static Task Offload(Action work) => Task.Run(work);", "var tasks = new Task[2]; tasks[0] = Offload(() => Compute(name)); tasks[1] = Offload(() => { }); Task.WaitAll(tasks); return tasks.Length;")]
    public Task Silent_on_pool_work_produced_in_the_compilation(string producers, string wait) =>
        VerifyAG0103.NoDiagnostics(Scan(producers, wait));

    [Theory]
    // Async delegates, async methods and I/O: the wait blocks on async work.
    [InlineData("static Task<int> Produce(string s) => Task.Run(async () => await ComputeAsync(s));", "return {|AG0103:Produce(name).Result|};")]
    [InlineData("static Task<int> Produce(string s) => Task.Run(() => ComputeAsync(s));", "return {|AG0103:Produce(name).Result|};")]
    [InlineData("static Task<int> Produce(string s) => ComputeAsync(s);", "return {|AG0103:Produce(name).Result|};")]
    [InlineData("static Task<int> Produce(string s) => ReadAsync(s);", "return {|AG0103:Produce(name).Result|};")]
    [InlineData("static async Task<int> Produce(string s) => await Task.Run(() => Compute(s));", "return {|AG0103:Produce(name).Result|};")]
    // A continuation with an async delegate, or over an antecedent of unknown origin.
    [InlineData("static Task<Task<int>> Produce(string s) => Task.Run(() => Compute(s)).ContinueWith(async t => await ComputeAsync(s), TaskScheduler.Default);", "{|AG0103:Produce(name).Wait()|}; return 0;")]
    [InlineData("static Task<int> Produce(string s) => ReadAsync(s).ContinueWith(t => t.Result + 1, TaskScheduler.Default);", "return {|AG0103:Produce(name).Result|};")]
    // Unknown producers: metadata, a parameter, a virtual or interface call, a dictionary that escapes, a public field.
    [InlineData("", "return {|AG0103:File.ReadAllTextAsync(name).Result|}.Length;")]
    [InlineData("static Task<int> Produce(Task<int> given) => given;", "return {|AG0103:Produce(Task.Run(() => 1)).Result|};")]
    [InlineData("static readonly ConcurrentDictionary<string, Task<int>> Cache = new(); public static ConcurrentDictionary<string, Task<int>> Expose() => Cache; static Task<int> Produce(string s) => Cache.GetOrAdd(s, k => Task.Run(() => Compute(k)));", "return {|AG0103:Produce(name).Result|};")]
    [InlineData("static readonly ConcurrentDictionary<string, Task<int>> Cache = new(); static Task<int> Produce(string s) => Cache.GetOrAdd(s, k => Task.Run(() => Compute(k))); static void Put(string s) => Cache[s] = ComputeAsync(s);", "return {|AG0103:Produce(name).Result|};")]
    [InlineData("public static Task<int> Shared = Task.FromResult(1);", "return {|AG0103:Shared.Result|};")]
    // A task array whose elements are written after it was made.
    [InlineData("", "var tasks = new[] { Task.Run(() => 1) }; tasks[0] = ComputeAsync(name); Task.WaitAll(tasks); return 0;")]
    // A sized array with one element of async origin, or handed to a method that may fill it (held-out ho4a's nearest cases).
    [InlineData("", "var tasks = new Task[2]; tasks[0] = Task.Run(() => 1); tasks[1] = ComputeAsync(name); {|AG0103:Task.WaitAll(tasks)|}; return 0;")]
    [InlineData("static void Fill(Task[] t) => t[0] = ComputeAsync(\"x\");", "var tasks = new Task[1]; Fill(tasks); {|AG0103:Task.WaitAll(tasks)|}; return 0;")]
    [InlineData("", "var tasks = new Task[1]; tasks[0] = Task.Run(() => 1); var alias = tasks; alias[0] = ComputeAsync(name); {|AG0103:Task.WaitAll(tasks)|}; return 0;")]
    // A custom factory or scheduler.
    [InlineData("static readonly TaskFactory Factory = new TaskFactory(TaskScheduler.Current);", "return {|AG0103:Factory.StartNew(() => Compute(name), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Current).Result|};")]
    public Task Reported_on_tasks_of_async_or_unknown_origin(string producers, string wait)
    {
        // The array case reports the WaitAll.
        if (wait.StartsWith("var tasks = new[]"))
        {
            wait = wait.Replace("Task.WaitAll(tasks);", "{|AG0103:Task.WaitAll(tasks)|};");
        }

        return VerifyAG0103.Diagnostics(Scan(producers, wait));
    }

    [Fact]
    public Task Reported_on_pool_work_of_a_referenced_project()
    {
        // A project reference's methods have source, but in another compilation: not followed (and never an AD0001).
        var test = new AnalyzerTest<AG0103SyncOverAsyncAnalyzer>
        {
            TestState =
            {
                Sources = { Usings + "public static class User { public static int Wait(string s) => {|AG0103:Lib.Producer.Produce(s).Result|}; }" },
                AdditionalProjectReferences = { "Lib" },
            },
        };
        var library = test.TestState.AdditionalProjects["Lib"];
        library.Sources.Add(Usings + "namespace Lib { public static class Producer { public static Task<int> Produce(string s) => Task.Run(() => s.Length); } }");
        library.AdditionalReferences.AddRange(TestReferences.Net100);
        return test.RunAsync();
    }

    [Fact]
    public Task The_offloaded_work_option_reports_pool_work_of_other_methods() =>
        With(Scan("static Task<int> Produce(string s) => Task.Run(() => Compute(s));", "return {|AG0103:Produce(name).Result|};"),
            WaitQuietSites.ReportOffloadedWorkOption).RunAsync();

    // ---- Synchronous work on the current scheduler (MassTransit's AssemblyTypeCache shape) ----

    private const string CurrentSchedulerCache = """
        static class Cached { internal static readonly ConcurrentDictionary<string, Task<int>> Values = new ConcurrentDictionary<string, Task<int>>(); }
        public static void Clear() => Cached.Values.Clear();
        public static Task<int> ForName(string s) => Cached.Values.GetOrAdd(s, k => Task.Factory.StartNew(() => Compute(k)));
        public static Task<int[]> FindAll(IEnumerable<string> all)
        {
            Task<int>[] tasks = all.Select(ForName).ToArray();
            return Task.Factory.ContinueWhenAll(tasks, done => done.Select(x => x.Result).ToArray());
        }
        public static Task<int> FindOne(string s) => ForName(s).ContinueWith(t => t.Result * 2);
        """;

    [Theory]
    [InlineData("return {|AG0103:FindAll(names).GetAwaiter().GetResult()|}.Length;")]
    [InlineData("return {|AG0103:FindOne(name).Result|};")]
    [InlineData("return {|AG0103:Task.Factory.StartNew(() => Compute(name)).Result|};")]
    public Task Reported_on_work_of_the_current_scheduler_when_the_assumption_is_turned_off(string wait) =>
        // deb7: silent by default since the ninth pass unless the waiting function runs on a scheduler the code chose
        // (AG0103CurrentSchedulerTests); `assume_default_scheduler = false` reports these waits as before.
        VerifyAG0103.DiagnosticsWithOptions(Scan(CurrentSchedulerCache, wait), TaskProvenance.AssumeDefaultSchedulerOption + " = false");

    [Theory]
    [InlineData("return FindAll(names).GetAwaiter().GetResult().Length;")]
    [InlineData("return FindOne(name).Result;")]
    [InlineData("return Task.Factory.StartNew(() => Compute(name)).Result;")]
    [InlineData("return Task.Factory.StartNew(() => Compute(name)).ContinueWith(t => t.Result).Result;")]
    public Task Silent_on_work_of_the_current_scheduler_when_it_is_assumed_to_be_the_pool(string wait) =>
        With(Scan(CurrentSchedulerCache, wait), TaskProvenance.AssumeDefaultSchedulerOption).RunAsync();

    [Fact]
    public Task Waits_all_on_a_private_cache_of_current_scheduler_work_only_with_the_assumption() =>
        With(Usings + """
            public static class Scanner
            {
                static int Compute(string s) => s.Length;
                static class Cached { internal static readonly ConcurrentDictionary<string, Task<int>> Values = new ConcurrentDictionary<string, Task<int>>(); }
                public static Task<int> ForName(string s) => Cached.Values.GetOrAdd(s, k => Task.Factory.StartNew(() => Compute(k)));
                public static IEnumerable<int> Failed()
                {
                    Task<int>[] tasks = Cached.Values.Select(x => x.Value).ToArray();
                    Task.WaitAll(tasks);
                    return tasks.Where(x => x.Result < 0).Select(x => x.Result);
                }
            }
            """, TaskProvenance.AssumeDefaultSchedulerOption).RunAsync();

    [Theory]
    // Still reported with the assumption: async or unknown work behind the current scheduler's factories.
    [InlineData("{|AG0103:Task.Factory.StartNew(() => ComputeAsync(name)).Wait()|}; return 0;")]
    [InlineData("return {|AG0103:ReadAsync(name).ContinueWith(t => t.Result).Result|};")]
    [InlineData("{|AG0103:Task.Factory.StartNew(async () => await ComputeAsync(name)).Wait()|}; return 0;")]
    [InlineData("return {|AG0103:ForName(name).ContinueWith(t => ComputeAsync(name)).Result|}.Id;")]
    public Task Reported_on_async_work_even_with_the_assumption(string wait) =>
        With(Scan(CurrentSchedulerCache, wait), TaskProvenance.AssumeDefaultSchedulerOption).RunAsync();

    [Fact]
    public Task The_offloaded_work_option_wins_over_the_assumption() =>
        With(Scan(CurrentSchedulerCache, "return {|AG0103:FindOne(name).Result|};"),
            TaskProvenance.AssumeDefaultSchedulerOption, WaitQuietSites.ReportOffloadedWorkOption).RunAsync();

    // ---- Fields whose every write is a completed task (MassTransit BucketNode) ----

    private static string Node(string extra, string wait, bool setFirst = true) => Usings + $$"""
        public interface INode { void Evict(); }
        public class Node<T> : INode where T : class
        {
            Task<T> _value;
            public Node(T value) { _value = Task.FromResult(value); }
            public Task<T> Value => _value;
            {{extra}}
            public void Evict()
            {
                {{wait}}
                Interlocked.Exchange(ref _value, Cached.Removed);
            }

            static class Cached
            {
                internal static readonly Task<T> Removed;
                static Cached()
                {
                    var source = new TaskCompletionSource<T>();
                    {{(setFirst ? "source.TrySetException(new InvalidOperationException());" : "")}}
                    Removed = source.Task;
                    {{(setFirst ? "" : "source.TrySetException(new InvalidOperationException());")}}
                }
            }
        }
        """;

    [Fact]
    public Task Silent_on_a_private_field_whose_every_write_is_a_completed_task() =>
        VerifyAG0103.NoDiagnostics(Node("", "if (_value.Result is IDisposable d) d.Dispose();"));

    [Theory]
    // Another write of a pending task, a ref handed out, a public field.
    [InlineData("public void Load(Func<Task<T>> load) => _value = load();")]
    [InlineData("public void Load(Func<Task<T>> load) => Interlocked.Exchange(ref _value, load());")]
    [InlineData("public void Load(Func<Task<T>> load) => Fill(ref _value, load); static void Fill(ref Task<T> target, Func<Task<T>> load) => target = load();")]
    public Task Reported_when_the_field_may_hold_a_pending_task(string extra) =>
        VerifyAG0103.Diagnostics(Node(extra, "if ({|AG0103:_value.Result|} is IDisposable d) d.Dispose();"));

    [Fact]
    public Task Reported_when_the_completion_source_is_read_before_it_is_set() =>
        VerifyAG0103.Diagnostics(Node("", "if ({|AG0103:_value.Result|} is IDisposable d) d.Dispose();", setFirst: false));

    [Fact]
    public Task Never_throws_on_half_typed_producers() =>
        VerifyAG0103.DiagnosticsInBrokenCode(Usings + """
            public static class Scanner
            {
                static readonly ConcurrentDictionary<string, Task<int>> Cache = new(;
                static Task<int> Produce(string s) => Cache.GetOrAdd(s, k => Task.Run(() => Missing(k)));
                static Task<int> Other(string s) => Unknown.Make(s);
                public static void Fill(string name) { var tasks = new Task[2]; tasks[0] = Task.Run(() => Missing(name)); tasks[] = Task.Run(() => 1); {|AG0103:Task.WaitAll(tasks)|}; }
                public static int Wait(string name) => {|AG0103:Produce(name).Result|} + {|AG0103:Other(name).Result|} + {|AG0103:Produce().Result|};
            }
            """);
}
