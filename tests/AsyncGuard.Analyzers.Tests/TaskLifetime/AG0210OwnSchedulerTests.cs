using AsyncGuard.Analyzers.TaskLifetime;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using VerifyAG0210 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0210AmbientSchedulerAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, review29 (DotNetty's 22 debatable findings): code built with a public TaskScheduler of its own (declared
/// in the compilation or in a referenced assembly: an event loop whose body runs as a task on that scheduler) is silent by
/// default: its continuations follow the loop's scheduler on purpose. Reported again with report_own_scheduler_code. Still
/// reported: an internal or private scheduler (a worker pool the code keeps to itself, Quartz's), an abstract public base.
/// </summary>
public sealed class AG0210OwnSchedulerTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    private const string Calls = """
        class Handler
        {
            Task Write(Task written, Task<int> read, Task[] all)
            {
                /*B*/written.ContinueWith((t, state) => ((Handler)state!).Close(), this, TaskContinuationOptions.ExecuteSynchronously)/*E*/;
                _ = /*B*/read.ContinueWith(t => t.Result + 1)/*E*/;
                _ = /*B*/Task.Factory.ContinueWhenAll(all, tasks => Close())/*E*/;
                return /*B*/Task.Factory.StartNew(() => Close())/*E*/;
            }

            void Close() { }
        }
        """;

    private const string PublicScheduler = """
        public sealed class LoopScheduler : TaskScheduler
        {
            protected override void QueueTask(Task task) => TryExecuteTask(task);
            protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => TryExecuteTask(task);
            protected override IEnumerable<Task>? GetScheduledTasks() => null;
        }
        """;

    [Fact]
    public Task Silent_where_the_compilation_declares_a_public_scheduler() =>
        VerifyAG0210.NoDiagnostics(Usings + Calls.Replace("/*B*/", "").Replace("/*E*/", "") + PublicScheduler);

    [Fact]
    public Task Silent_where_a_nested_public_scheduler_is_declared() =>
        VerifyAG0210.NoDiagnostics(Usings + Calls.Replace("/*B*/", "").Replace("/*E*/", "")
            + "public static class Loop {\n" + PublicScheduler + "}\n");

    [Fact]
    public async Task Silent_where_a_referenced_assembly_declares_a_public_scheduler()
    {
        var library = CSharpCompilation.Create(
            "Loops",
            new[] { CSharpSyntaxTree.ParseText(Usings + "namespace Loops {\n" + PublicScheduler + "}\n") },
            Verifiers.TestReferences.Net100,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new System.IO.MemoryStream();
        Assert.True(library.Emit(image).Success);
        var test = new Verifiers.AnalyzerTest<AG0210AmbientSchedulerAnalyzer> { TestCode = Usings + Calls.Replace("/*B*/", "").Replace("/*E*/", "") };
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromImage(image.ToArray()));
        await test.RunAsync();
    }

    [Fact]
    public Task The_option_reports_them() =>
        VerifyAG0210.DiagnosticsWithOptions(
            Usings + Calls.Replace("/*B*/", "{|AG0210:").Replace("/*E*/", "|}") + PublicScheduler,
            OwnSchedulers.ReportOption + " = true");

    /// <summary>The nearest cases: a scheduler the code keeps to itself (internal, private nested) or an abstract public base.</summary>
    [Fact]
    public Task Reported_where_the_scheduler_is_not_public_or_is_abstract() =>
        VerifyAG0210.Diagnostics(Usings + Calls.Replace("/*B*/", "{|AG0210:").Replace("/*E*/", "|}") + """
            internal sealed class PoolScheduler : TaskScheduler
            {
                protected override void QueueTask(Task task) => TryExecuteTask(task);
                protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => TryExecuteTask(task);
                protected override IEnumerable<Task>? GetScheduledTasks() => null;
            }

            public static class Pools
            {
                private sealed class HiddenScheduler : TaskScheduler
                {
                    protected override void QueueTask(Task task) => TryExecuteTask(task);
                    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => TryExecuteTask(task);
                    protected override IEnumerable<Task>? GetScheduledTasks() => null;
                }
            }

            public abstract class BaseScheduler : TaskScheduler
            {
            }
            """);

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0210.DiagnosticsInBrokenCode(Usings + """
            public sealed class BrokenScheduler : Missing
            {
            }

            public sealed class HalfScheduler : TaskScheduler
            {
                protected override void QueueTask(Task task) =>
            }

            class C
            {
                void M(Task t) => t.ContinueWith(x => Unknown());
            }
            """);
}
