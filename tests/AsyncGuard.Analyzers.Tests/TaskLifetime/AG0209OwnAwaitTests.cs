using AsyncGuard.Analyzers.TaskLifetime;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0209 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0209TaskCompletionSourceInlineAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, ninth pass (deb7): a completion source whose task only the creating function awaits (DnsServer's catalog
/// zone loop, AsyncEx WaitHandleAsyncFactory, the Aspire dashboard's bounded load wait) is silent by default: the one
/// continuation that can run inline in the completing code is the creator's own. Reported again with report_own_awaits.
/// </summary>
public sealed class AG0209OwnAwaitTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    private const string Own = """
        static class Own
        {
            public static async Task<bool> FromHandle(WaitHandle handle, TimeSpan timeout, CancellationToken token)
            {
                var tcs = /*B*/new TaskCompletionSource<bool>()/*E*/;
                using (new Registration(handle, timeout, tcs))
                    return await tcs.Task.ConfigureAwait(false);
            }

            sealed class Registration : IDisposable
            {
                readonly RegisteredWaitHandle _wait;
                public Registration(WaitHandle handle, TimeSpan timeout, TaskCompletionSource<bool> tcs) =>
                    _wait = ThreadPool.RegisterWaitForSingleObject(handle, (state, timedOut) => ((TaskCompletionSource<bool>)state!).TrySetResult(!timedOut), tcs, timeout, executeOnlyOnce: true);
                public void Dispose() => _wait.Unregister(null);
            }

            public static async Task AddAll(IEnumerable<string> names, Func<Func<object?, Task>, object?, bool> queue)
            {
                List<Task> tasks = new List<Task>();
                foreach (var name in names)
                {
                    TaskCompletionSource source = /*B*/new TaskCompletionSource()/*E*/;
                    if (queue(async state => { try { await Task.Delay(name.Length); } finally { (state as TaskCompletionSource)!.TrySetResult(); } }, source))
                        tasks.Add(source.Task);
                }

                foreach (Task task in tasks)
                    await task;
            }

            public static async Task Load(Func<Task> subscribe, CancellationToken token)
            {
                var loading = /*B*/new TaskCompletionSource()/*E*/;
                await Track();
                try { await loading.Task.WaitAsync(TimeSpan.FromSeconds(5), token); }
                catch (OperationCanceledException) { }

                async Task Track()
                {
                    await subscribe();
                    Select();
                }

                void Select() => loading.TrySetResult();
            }

            public static async Task<int> Either(Task<int> other, Action<Action<int>> register)
            {
                var tcs = /*B*/new TaskCompletionSource<int>()/*E*/;
                register(v => tcs.TrySetResult(v));
                var tasks = new List<Task<int>> { other };
                tasks.Add(tcs.Task);
                var first = await Task.WhenAny(tasks);
                await Task.WhenAll(tcs.Task, other).ConfigureAwait(false);
                return await first;
            }
        }
        """;

    [Fact]
    public Task Silent_when_only_the_creating_function_awaits_the_task() =>
        VerifyAG0209.NoDiagnostics(Usings + Own.Replace("/*B*/", "").Replace("/*E*/", ""));

    [Fact]
    public Task The_option_reports_them()
    {
        var test = new Verifiers.AnalyzerTest<AG0209TaskCompletionSourceInlineAnalyzer>
        {
            TestCode = Usings + Own.Replace("/*B*/", "{|AG0209:").Replace("/*E*/", "|}"),
            MarkupOptions = MarkupOptions.UseFirstDescriptor,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + OwnAwaitedSources.ReportOwnAwaitsOption + " = true\n"));
        return test.RunAsync();
    }

    /// <summary>The nearest cases: the task (or the source, or the collection) reaches code other than the creator's own await.</summary>
    [Fact]
    public Task Reported_where_the_task_reaches_other_code() =>
        new Verifiers.AnalyzerTest<AG0209TaskCompletionSourceInlineAnalyzer> { MarkupOptions = MarkupOptions.UseFirstDescriptor, TestCode = Usings + """
            class Near
            {
                Task? _pending;
                TaskCompletionSource<int>? _kept;

                public async Task<int> AlsoReturned(bool fast)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    if (fast) await tcs.Task;
                    tcs.TrySetResult(1);
                    return await Later(tcs.Task);
                }

                static Task<int> Later(Task<int> task) => task;

                public async Task Stored()
                {
                    var tcs = {|AG0209:new TaskCompletionSource()|};
                    _pending = tcs.Task;
                    await tcs.Task;
                }

                public async Task AwaitedByALambda()
                {
                    var tcs = {|AG0209:new TaskCompletionSource()|};
                    var run = Task.Run(async () => await tcs.Task);
                    tcs.TrySetResult();
                    await run;
                }

                public async Task SourceKept()
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    Keep(tcs);
                    await tcs.Task;
                }

                void Keep(TaskCompletionSource<int> source) => _kept = source;

                public async Task SourceAliased()
                {
                    var tcs = {|AG0209:new TaskCompletionSource()|};
                    var alias = tcs;
                    await tcs.Task;
                    await alias.Task;
                }

                public async Task<List<Task>> CollectionReturned()
                {
                    var tasks = new List<Task>();
                    var tcs = {|AG0209:new TaskCompletionSource()|};
                    tasks.Add(tcs.Task);
                    await Task.WhenAll(tasks);
                    return tasks;
                }

                public async Task Reassigned()
                {
                    var tcs = {|AG0209:new TaskCompletionSource()|};
                    await tcs.Task;
                    tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                // Completed by a token registration (as its state, or captured by its callback, or by a local function handed
                // to it): the creator resumes inside whoever calls Cancel (FtpServer's read with a cancellation race: right).
                public async Task<bool> RegistrationState(CancellationToken token)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<bool>()|};
                    using (token.Register(state => ((TaskCompletionSource<bool>)state!).TrySetCanceled(), tcs, useSynchronizationContext: false))
                        return await tcs.Task.ConfigureAwait(false);
                }

                public async Task<int> RegistrationCallback(Task<int> read, CancellationToken token)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<object?>()|};
                    using var registration = token.Register(() => tcs.TrySetResult(null));
                    var first = await Task.WhenAny(read, tcs.Task).ConfigureAwait(false);
                    return first == read ? read.Result : 0;
                }

                public async Task RegistrationLocalFunction(CancellationToken token)
                {
                    var tcs = {|AG0209:new TaskCompletionSource()|};
                    void Cancelled() => tcs.TrySetCanceled();
                    using (token.Register(Cancelled))
                        await tcs.Task;
                }

                public async Task<int> InitializedCollection(Task<int> other)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<int>()|};
                    var tasks = new List<Task<int>> { other, tcs.Task };
                    return await await Task.WhenAny(tasks);
                }

                public Task NotAwaitedAtAll()
                {
                    var tcs = {|AG0209:new TaskCompletionSource()|};
                    tcs.Task.ContinueWith(_ => { });
                    return Task.CompletedTask;
                }
            }
            """ }.RunAsync();

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0209.DiagnosticsInBrokenCode(Usings + """
            static class Broken
            {
                public static async Task A()
                {
                    var tcs = {|AG0209:new TaskCompletionSource()|};
                    Missing.Add(tcs.Task);
                    await tcs.Task;
                    foreach (var t in ) await t;
                }

                public static async Task B(Unknown u)
                {
                    var tcs = {|AG0209:new TaskCompletionSource()|};
                    u.Take(tcs);
                    await tcs.Task.Unknown();
                }
            }
            """);
}
