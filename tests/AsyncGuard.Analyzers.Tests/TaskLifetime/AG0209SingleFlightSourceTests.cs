using AsyncGuard.Analyzers.TaskLifetime;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0209 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0209TaskCompletionSourceInlineAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, d209: a single-flight in-flight source (csharp-driver's keyspace switch, reconnect, connection open and page
/// fetch; azure-webjobs-sdk's host initialization) is silent by default: the creating function publishes it (or its task)
/// in a member of its own object for concurrent callers and completes it itself, holding no lock, so the awaiters are the
/// other callers resuming on the initiating flow. Reported again with report_single_flight_sources.
/// </summary>
public sealed class AG0209SingleFlightSourceTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private const string SingleFlight = """
        static class Sources
        {
            public static void TrySet<T>(this TaskCompletionSource<T> source, Exception? error, T value)
            {
                if (error != null)
                {
                    source.TrySetException(error);
                }
                else
                {
                    source.TrySetResult(value);
                }
            }
        }

        class Pool
        {
            private TaskCompletionSource<bool>? _switching;
            private TaskCompletionSource<int>? _opening;
            private volatile Task? _fetching;
            private Task<bool>? _initializing;
            private Task<bool>? _reconnect;
            private readonly object _gate = new();
            private string _name = "";

            private Task<bool>? Reconnecting { get; set; }

            public async Task<bool> Switch(string name, Func<Task> send)
            {
                while (_name != name)
                {
                    var current = Volatile.Read(ref _switching);
                    if (current != null)
                    {
                        await current.Task.ConfigureAwait(false);
                        continue;
                    }

                    var tcs = /*B*/new TaskCompletionSource<bool>()/*E*/;
                    if (Interlocked.CompareExchange(ref _switching, tcs, null) != null)
                    {
                        continue;
                    }

                    Exception? error = null;
                    try
                    {
                        await send();
                        _name = name;
                    }
                    catch (Exception e)
                    {
                        error = e;
                    }

                    Interlocked.Exchange(ref _switching, null);
                    tcs.TrySet(error, true);
                    return await tcs.Task.ConfigureAwait(false);
                }

                return true;
            }

            public async Task<int> Open(Func<Task<int>> open)
            {
                TaskCompletionSource<int> tcs = /*B*/new()/*E*/;
                if (Interlocked.CompareExchange(ref _opening, tcs, null) is { } other)
                {
                    return await other.Task;
                }

                try
                {
                    return await Finish(tcs, await open(), null);
                }
                catch (Exception e)
                {
                    return await Finish(tcs, 0, e);
                }
            }

            private Task<int> Finish(TaskCompletionSource<int> source, int value, Exception? error)
            {
                Interlocked.Exchange(ref _opening, null);
                source.TrySet(error, value);
                return source.Task;
            }

            public async Task Fetch(Func<Task> fetch)
            {
                var tcs = /*B*/new TaskCompletionSource<bool>()/*E*/;
                _fetching = tcs.Task;
                try
                {
                    await fetch();
                }
                catch (Exception e)
                {
                    tcs.SetException(e);
                    throw;
                }
                finally
                {
                    tcs.TrySetResult(true);
                    Console.WriteLine("released");
                }
            }

            public async Task<bool> Reconnect(Func<Task> connect)
            {
                var tcs = /*B*/new TaskCompletionSource<bool>()/*E*/;
                if (Interlocked.CompareExchange(ref _reconnect, tcs.Task, null) is { } running)
                {
                    return await running;
                }

                this.Reconnecting = tcs.Task;
                await connect();
                tcs.TrySetResult(true);
                Console.WriteLine("reconnected");
                return await tcs.Task;
            }

            public Task Initialize(Func<Task> create)
            {
                TaskCompletionSource<bool>? tcs = null;
                lock (_gate)
                {
                    if (_initializing == null)
                    {
                        tcs = /*B*/new TaskCompletionSource<bool>()/*E*/;
                        this._initializing = tcs.Task;
                    }
                }

                if (tcs is not null)
                {
                    _ = InitializeCore(create, tcs);
                }

                return _initializing!;
            }

            private async Task InitializeCore(Func<Task> create, TaskCompletionSource<bool> done)
            {
                try
                {
                    await create();
                    done.SetResult(true);
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            }
        }
        """;

    [Fact]
    public Task Silent_when_the_initiating_flow_completes_its_published_source() =>
        VerifyAG0209.NoDiagnostics(Usings + SingleFlight.Replace("/*B*/", "").Replace("/*E*/", ""));

    [Fact]
    public Task The_option_reports_them()
    {
        var test = new Verifiers.AnalyzerTest<AG0209TaskCompletionSourceInlineAnalyzer>
        {
            TestCode = Usings + SingleFlight.Replace("/*B*/", "{|AG0209:").Replace("/*E*/", "|}"),
            MarkupOptions = MarkupOptions.UseFirstDescriptor,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + SingleFlightSources.ReportOption + " = true\n"));
        return test.RunAsync();
    }

    /// <summary>
    /// The nearest cases (the corpus's right findings): completed from a callback (a token registration, a pool work item),
    /// under a lock, inside a loop that goes on, published in a dictionary or another object's member, not published at
    /// all, or passed to a method that keeps it or can be overridden.
    /// </summary>
    [Fact]
    public Task Reported_where_another_flow_or_a_held_context_completes_it() =>
        new Verifiers.AnalyzerTest<AG0209TaskCompletionSourceInlineAnalyzer> { MarkupOptions = MarkupOptions.UseFirstDescriptor, TestCode = Usings + """
            class Context
            {
                public TaskCompletionSource<bool>? Pending;
            }

            class Near
            {
                private readonly object _gate = new();
                private TaskCompletionSource<bool>? _current;
                private Task<bool>? _task;
                private TaskCompletionSource<bool>? _kept;
                private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<bool>> _running = new();

                public async Task<bool> Registered(Func<Task> work, CancellationToken token)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<bool>()|};
                    Interlocked.CompareExchange(ref _current, tcs, null);
                    using (token.Register(() => tcs.TrySetCanceled()))
                    {
                        await work();
                        tcs.TrySetResult(true);
                        return await tcs.Task;
                    }
                }

                public Task<bool> Offloaded(Func<bool> work)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<bool>()|};
                    _task = tcs.Task;
                    ThreadPool.QueueUserWorkItem(_ => tcs.TrySetResult(work()));
                    return tcs.Task;
                }

                public async Task Locked(Func<Task> work)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<bool>()|};
                    _task = tcs.Task;
                    await work();
                    lock (_gate)
                    {
                        tcs.TrySetResult(true);
                    }
                }

                public async Task Looping(Func<Task<bool>> next)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<bool>()|};
                    _task = tcs.Task;
                    while (await next())
                    {
                        tcs.TrySetResult(true);
                        Console.WriteLine("more");
                    }
                }

                public async Task<bool> Shared(string key, Func<Task> work)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<bool>()|};
                    if (_running.GetOrAdd(key, tcs.Task) != tcs.Task)
                    {
                        return await _running[key];
                    }

                    await work();
                    tcs.TrySetResult(true);
                    return true;
                }

                public async Task Elsewhere(Context context, Func<Task> work)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<bool>()|};
                    context.Pending = tcs;
                    await work();
                    tcs.TrySetResult(true);
                }

                public Task<bool> Unpublished(Func<Task> work)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<bool>()|};
                    _ = Run(tcs, work);
                    return tcs.Task;
                }

                private static async Task Run(TaskCompletionSource<bool> source, Func<Task> work)
                {
                    await work();
                    source.TrySetResult(true);
                }

                public Task<bool> NotInFlight()
                {
                    var tcs = {|AG0209:new TaskCompletionSource<bool>()|};
                    _task = tcs.Task;
                    tcs.TrySetResult(true);
                    return tcs.Task;
                }

                public async Task Kept(Func<Task> work)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<bool>()|};
                    _task = tcs.Task;
                    await work();
                    Keep(tcs);
                }

                private void Keep(TaskCompletionSource<bool> source)
                {
                    _kept = source;
                    source.TrySetResult(true);
                }

                public async Task Overridable(Func<Task> work)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<bool>()|};
                    _task = tcs.Task;
                    await work();
                    Complete(tcs);
                }

                protected virtual void Complete(TaskCompletionSource<bool> source) => source.TrySetResult(true);
            }
            """ }.RunAsync();

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0209.DiagnosticsInBrokenCode(Usings + """
            class Broken
            {
                private TaskCompletionSource<bool>? _current;

                public async Task A(Unknown u)
                {
                    var tcs = {|AG0209:new TaskCompletionSource<bool>()|};
                    Interlocked.CompareExchange(ref _current, tcs, null);
                    await u.Run();
                    u.Take(tcs);
                }

                public async Task B()
                {
                    var tcs = new TaskCompletionSource<bool>();
                    Interlocked.CompareExchange(ref _current, tcs, null);
                    await Missing();
                    tcs.TrySetResult(;
                }
            }
            """);
}
