using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using AsyncGuard.CodeFixes.TaskLifetime;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0213 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0213TaskAsValueAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

public sealed class AG0213TaskAsValueTests
{
    private const string Usings = "using System; using System.IO; using System.Text; using System.Threading.Tasks; using Microsoft.Extensions.Logging;\n";

    /// <summary>The shape of Microsoft.Extensions.Logging's extension methods (the package is not referenced by the tests).</summary>
    private const string Logging = """

        namespace Microsoft.Extensions.Logging
        {
            public interface ILogger { }
            public static class LoggerExtensions
            {
                public static void LogInformation(this ILogger logger, string message, params object[] args) { }
                public static void LogError(this ILogger logger, Exception exception, string message, params object[] args) { }
            }
        }
        """;

    private static string InClass(string body) => Usings + $$"""
        class C
        {
            Task<int> CountAsync() => Task.FromResult(1);
            ValueTask<string> NameAsync() => new ValueTask<string>("n");
            Task RunAsync() => Task.CompletedTask;
            async Task M(Task<int> task, ValueTask<int> valueTask, Task plain, TextWriter writer, StreamWriter stream, StringBuilder builder, ILogger logger, object expected, Task other, Task<string> named)
            {
                {{body}}
                await Task.Yield();
            }
        }
        """ + Logging;

    [Theory]
    [InlineData("var s = $\"count: {{|AG0213:CountAsync()|}}\";")]
    [InlineData("var s = $\"count: {{|AG0213:task|},5:D}\";")]
    [InlineData("var s = $@\"name: {{|AG0213:NameAsync()|}}\";")]
    [InlineData("var s = \"count: \" + {|AG0213:task|};")]
    [InlineData("var s = {|AG0213:named|} + \"!\";")]
    [InlineData("var s = \"a\"; s += {|AG0213:CountAsync()|};")]
    [InlineData("var s = string.Format(\"{0} {1}\", 1, {|AG0213:task|});")]
    [InlineData("var s = string.Format(\"{0} {1} {2} {3}\", 1, 2, 3, {|AG0213:task|});")]
    [InlineData("var s = string.Concat(\"n=\", {|AG0213:task|});")]
    [InlineData("Console.WriteLine({|AG0213:CountAsync()|});")]
    [InlineData("Console.Write(\"{0}\", {|AG0213:valueTask|});")]
    [InlineData("writer.WriteLine({|AG0213:task|});")]
    [InlineData("stream.Write(\"{0}\", {|AG0213:task|});")]
    [InlineData("builder.Append({|AG0213:task|}).AppendLine();")]
    [InlineData("builder.AppendFormat(\"{0}\", {|AG0213:task|});")]
    [InlineData("builder.Append($\"n={{|AG0213:task|}} s={{|AG0213:CountAsync()|},4}\");")]
    [InlineData("builder.AppendLine($\"name: {{|AG0213:NameAsync()|}}\");")]
    [InlineData("logger.LogInformation(\"Count {Count}\", {|AG0213:CountAsync()|});")]
    [InlineData("logger.LogError(new Exception(), \"Count {Count} of {Name}\", 1, {|AG0213:named|});")]
    [InlineData("if ({|AG0213:Task.WhenAny(plain, other)|} == plain) { }")]
    [InlineData("if (plain != {|AG0213:Task.WhenAny(plain, other)|}) { }")]
    [InlineData("if ({|AG0213:task|} == expected) { }")]
    [InlineData("var same = ({|AG0213:task|}) == expected;")]
    public Task Flags_a_task_used_where_its_result_was_meant(string statement) =>
        VerifyAG0213.Diagnostics(InClass(statement));

    [Fact]
    public Task Names_the_use_in_the_message()
    {
        var test = new Verifiers.AnalyzerTest<AG0213TaskAsValueAnalyzer> { TestCode = InClass("""
            var s = $"{{|#0:task|}}";
                    if ({|#1:task|} == expected) { }
            """) };
        test.ExpectedDiagnostics.Add(new DiagnosticResult(AG0213TaskAsValueAnalyzer.Rule).WithLocation(0).WithArguments("task", "Task<int>", AG0213TaskAsValueAnalyzer.FormattedUse));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(AG0213TaskAsValueAnalyzer.Rule).WithLocation(1).WithArguments("task", "Task<int>", AG0213TaskAsValueAnalyzer.ComparedUse));
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_for_results_members_casts_tasks_without_results_and_task_comparisons() =>
        VerifyAG0213.NoDiagnostics(InClass("""
            var a = $"{await task} {task.Status} {task.Id} {task.IsCompleted} {await NameAsync()}";
                    var b = "status " + task.Status + (object)task;
                    var c = $"{(object)task} {plain} {RunAsync()}";
                    Console.WriteLine(plain);
                    Console.WriteLine((object)task);
                    writer.WriteLine(await CountAsync());
                    builder.Append(task.Result).Append(plain);
                    logger.LogInformation("Run {Task}", plain);
                    logger.LogInformation("Count {Count}", await task);
                    var d = string.Format("{0}", task.Exception);
                    if (task == null || task != other || task == (object)null) { }
                    var winner = await Task.WhenAny(plain, other);
                    if (winner == plain) { }
                    if (Task.WhenAny(task, task) == Task.WhenAny(task, task)) { }
                    if (valueTask == valueTask) { }
                    if (task.Equals(expected)) { }
                    Func<Task<int>> f = () => task;
            """));

    [Theory]
    [InlineData("class C { void M(System.Threading.Tasks.Task<int> t) { var s = $\"{t\"; } }")]
    [InlineData("class C { void M(System.Threading.Tasks.Task<int> t) { var s = \"a\" + ; System.Console.WriteLine(t, ); } }")]
    [InlineData("class C { void M(Missing t) { var s = $\"{t}\" + t; if (t == 1) { } System.Console.WriteLine(t); } }")]
    [InlineData("class C { void M(System.Threading.Tasks.Task<Missing> t, object o) { var s = $\"{t}\" + t; if (t == o) { } } }")]
    [InlineData("class C { void M(System.Threading.Tasks.Task<int> t) { if (t == Missing) { } string.Format(\"{0}\", t, Missing); } }")]
    public async Task Half_typed_code_does_not_crash(string source)
    {
        var diagnostics = await RobustnessRunner.RunAsync(new AG0213TaskAsValueAnalyzer(), Usings + source + Logging);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    [Theory]
    [InlineData("var s = $\"count: {{|AG0213:CountAsync()|}}\";", "var s = $\"count: {await CountAsync()}\";")]
    [InlineData("var s = \"count: \" + {|AG0213:task|};", "var s = \"count: \" + await task;")]
    [InlineData("Console.WriteLine({|AG0213:NameAsync()|});", "Console.WriteLine(await NameAsync());")]
    [InlineData("logger.LogInformation(\"Count {Count}\", {|AG0213:task|});", "logger.LogInformation(\"Count {Count}\", await task);")]
    [InlineData("if ({|AG0213:Task.WhenAny(plain, other)|} == plain) { }", "if (await Task.WhenAny(plain, other) == plain) { }")]
    public Task Awaits_the_task(string before, string after) =>
        VerifyAG0213.Fix<AG0213TaskAsValueCodeFixProvider>(InClass(before), InClass(after));

    [Fact]
    public Task Makes_the_method_async_and_fixes_all() => VerifyAG0213.Fix<AG0213TaskAsValueCodeFixProvider>(
        Usings + """
        class C
        {
            Task<int> CountAsync() => Task.FromResult(1);
            Task<string> DescribeAsync(Task<int> task)
            {
                Console.WriteLine({|AG0213:task|});
                return Task.FromResult($"{{|AG0213:CountAsync()|}} of " + {|AG0213:task|});
            }
        }
        """ + Logging,
        Usings + """
        class C
        {
            Task<int> CountAsync() => Task.FromResult(1);
            async Task<string> DescribeAsync(Task<int> task)
            {
                Console.WriteLine(await task);
                return $"{await CountAsync()} of " + await task;
            }
        }
        """ + Logging);

    [Fact]
    public Task Offers_no_fix_in_a_void_method_or_for_a_stored_ValueTask() =>
        VerifyAG0213.NoFix<AG0213TaskAsValueCodeFixProvider>(Usings + """
        class C
        {
            void M(Task<int> task) => Console.WriteLine({|AG0213:task|});
            async Task N(ValueTask<int> valueTask)
            {
                Console.WriteLine({|AG0213:valueTask|});
                await Task.Yield();
            }
        }
        """ + Logging);
}
