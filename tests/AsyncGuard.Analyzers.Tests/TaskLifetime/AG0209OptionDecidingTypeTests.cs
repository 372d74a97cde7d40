using AsyncGuard.Analyzers.TaskLifetime;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0209 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0209TaskCompletionSourceInlineAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, d209: a type that takes RunContinuationsAsynchronously for one source by a condition (grpc-dotnet's call:
/// only when retries need it) decides the option source by source, so its sources without the option are silent by
/// default. Reported again with report_option_deciding_types.
/// </summary>
public sealed class AG0209OptionDecidingTypeTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private const string Deciding = """
        class Call
        {
            private readonly TaskCompletionSource<string> _response;
            private readonly TaskCompletionSource<int> _status = /*B*/new()/*E*/;
            private TaskCompletionSource<bool>? _body;

            public Call(bool retries)
            {
                _response = new TaskCompletionSource<string>(retries ? TaskCreationOptions.RunContinuationsAsynchronously : TaskCreationOptions.None);
            }

            public void StartUnary()
            {
                _body = /*B*/new TaskCompletionSource<bool>()/*E*/;
            }

            public Task<int> Local()
            {
                var local = /*B*/new TaskCompletionSource<int>()/*E*/;
                Complete(local);
                return local.Task;
            }

            private static void Complete(TaskCompletionSource<int> source) => ThreadPool.QueueUserWorkItem(_ => source.TrySetResult(1));

            public Task All => Task.WhenAll(_response.Task, _status.Task, _body!.Task);

            public void Finish(string value)
            {
                _response.TrySetResult(value);
                _status.TrySetResult(0);
                _body?.TrySetResult(true);
            }
        }

        struct Switched
        {
            private readonly TaskCompletionSource _done;
            private readonly TaskCompletionSource _ready;

            public Switched(int mode)
            {
                _done = new TaskCompletionSource(mode switch { 1 => TaskCreationOptions.RunContinuationsAsynchronously, _ => TaskCreationOptions.None });
                _ready = /*B*/new TaskCompletionSource()/*E*/;
            }

            public Task Both => Task.WhenAll(_done.Task, _ready.Task);
            public void Set() { _done.TrySetResult(); _ready.TrySetResult(); }
        }
        """;

    [Fact]
    public Task Silent_in_a_type_that_decides_the_option_per_source() =>
        VerifyAG0209.NoDiagnostics(Usings + Deciding.Replace("/*B*/", "").Replace("/*E*/", ""));

    [Fact]
    public Task The_option_reports_them()
    {
        var test = new Verifiers.AnalyzerTest<AG0209TaskCompletionSourceInlineAnalyzer>
        {
            TestCode = Usings + Deciding.Replace("/*B*/", "{|AG0209:").Replace("/*E*/", "|}"),
            MarkupOptions = MarkupOptions.UseFirstDescriptor,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + OptionDecidingTypes.ReportOption + " = true\n"));
        return test.RunAsync();
    }

    /// <summary>
    /// The nearest cases: the other source takes the option as a constant (the author uses it and may have forgotten it
    /// here), the type names the option only in a user setting or in a task factory call, the deciding creation is in
    /// another type of the file.
    /// </summary>
    [Fact]
    public Task Reported_where_the_type_does_not_decide_per_source() =>
        new Verifiers.AnalyzerTest<AG0209TaskCompletionSourceInlineAnalyzer> { MarkupOptions = MarkupOptions.UseFirstDescriptor, TestCode = Usings + """
            class Constant
            {
                private readonly TaskCompletionSource _async = new(TaskCreationOptions.RunContinuationsAsynchronously);
                private readonly TaskCompletionSource _forgotten = {|AG0209:new()|};
                public Task Both => Task.WhenAll(_async.Task, _forgotten.Task);
                public void Set() { _async.TrySetResult(); _forgotten.TrySetResult(); }
            }

            class Flagged
            {
                private readonly TaskCompletionSource _done;
                private readonly TaskCompletionSource _ready;

                public Flagged(TaskCreationOptions extra)
                {
                    _done = new TaskCompletionSource(extra | TaskCreationOptions.RunContinuationsAsynchronously);
                    _ready = {|AG0209:new TaskCompletionSource()|};
                }

                public Task Both => Task.WhenAll(_done.Task, _ready.Task);
                public void Set() { _done.TrySetResult(); _ready.TrySetResult(); }
            }

            class Setting
            {
                public bool RunContinuationsAsynchronously { get; set; }
                private readonly TaskCompletionSource _done = {|AG0209:new()|};
                public Task Done => _done.Task;
                public void Set() => _done.TrySetResult();
                public Task Start(bool slow) => Task.Factory.StartNew(() => { }, slow ? TaskCreationOptions.LongRunning : TaskCreationOptions.RunContinuationsAsynchronously);
            }

            class Deciding
            {
                private readonly TaskCompletionSource _chosen;
                public Deciding(bool flag) => _chosen = new TaskCompletionSource(flag ? TaskCreationOptions.RunContinuationsAsynchronously : TaskCreationOptions.None);
                public Task Chosen => _chosen.Task;

                public sealed class Nested
                {
                    private readonly TaskCompletionSource _other = {|AG0209:new()|};
                    public Task Other => _other.Task;
                    public void Set() => _other.TrySetResult();
                }
            }

            class Neighbour
            {
                private readonly TaskCompletionSource _plain = {|AG0209:new()|};
                public Task Plain => _plain.Task;
                public void Set() => _plain.TrySetResult();
            }
            """ }.RunAsync();

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0209.DiagnosticsInBrokenCode(Usings + """
            class Broken
            {
                private readonly TaskCompletionSource _a = new(Unknown.Flag ? TaskCreationOptions.RunContinuationsAsynchronously : );
                private readonly TaskCompletionSource _b = {|AG0209:new()|};
                public Task B => _b.Task;
                public void Set(Missing m) => m.Take(_b);
            }
            """);
}
