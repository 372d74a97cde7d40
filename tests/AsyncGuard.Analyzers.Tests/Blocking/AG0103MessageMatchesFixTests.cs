using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Verifiers;
using AsyncGuard.CodeFixes.Blocking;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>AG0103 says "make it async all the way" exactly where the make-async fix is offered, and why not elsewhere.</summary>
public sealed class AG0103MessageMatchesFixTests
{
    private const string Usings = "using System; using System.Linq; using System.Threading; using System.Threading.Tasks;\n";

    [Theory]
    [InlineData("void Run() => {|#0:Task.Delay(1).Wait()|}; void Start() => new Thread(Run).Start();",
        "Task.Wait()", "Run", "it is the entry point of a dedicated thread (new Thread(..))")]
    [InlineData("void Run(Task t) => {|#0:t.Wait()|}; void Start() => new Thread(new ThreadStart(() => { })).Start(); void Pool() => ThreadPool.QueueUserWorkItem(_ => { }); Action<Task> a; void Set() => a = Run;",
        "Task.Wait()", "Run", "it is used as a delegate of a synchronous type")]
    [InlineData("void Run(object o) => {|#0:Task.Delay(1).Wait()|}; void Start() => new Thread(new ParameterizedThreadStart(this.Run)).Start();",
        "Task.Wait()", "Run", "it is the entry point of a dedicated thread (new Thread(..))")]
    [InlineData("void M(Task t) { if ({|#0:t.Wait(10)|}) { } }",
        "Task.Wait()", "M", "a Wait with a timeout returns false where its await form would throw")]
    [InlineData("void M(Task t) { {|#0:t.Wait(TimeSpan.FromSeconds(1))|}; }",
        "Task.Wait()", "M", "a Wait with a timeout returns false where its await form would throw")]
    [InlineData("void M(Task t) { lock (this) { {|#0:t.Wait()|}; } }",
        "Task.Wait()", "M", "the wait is inside a lock, where an await cannot be")]
    [InlineData("int? M(Task<int> t) => t?{|#0:.Result|};",
        "Task<T>.Result", "M", "a wait through ?. or on an awaiter held in a variable has no single await form")]
    [InlineData("int M(Task<int> t) { var a = t.GetAwaiter(); return {|#0:a.GetResult()|}; }",
        "GetAwaiter().GetResult()", "M", "a wait through ?. or on an awaiter held in a variable has no single await form")]
    [InlineData("bool M(Task[] t) => {|#0:Task.WaitAll(t, 100)|};",
        "Task.WaitAll()", "M", "its result is used, and its await form has none")]
    [InlineData("void M(Task[] t) { {|#0:Task.WaitAll(t, 100)|}; }",
        "Task.WaitAll()", "M", "a WaitAll with a timeout returns false where its await form would throw")]
    public Task No_fix_and_the_message_says_why(string members, string wait, string function, string reason)
    {
        var source = Usings + "class C\n{\n    " + members + "\n}\n";
        var test = new CodeFixTest<AG0103SyncOverAsyncAnalyzer, AG0103SyncOverAsyncCodeFixProvider> { TestCode = source, FixedCode = source };
        // Timed waits whose result is used are silent by default (bounded, checked: WaitContractTests), and so are dedicated
        // thread entries (AG0103ThreadEntryTests); report them here for the message.
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\n" + WaitContracts.ReportTimedWaitsOption + " = true\n"
            + ThreadEntries.ReportOption + " = true\n"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(AG0103SyncOverAsyncAnalyzer.Rule).WithLocation(0).WithArguments(wait, function, "no make-async fix: " + reason));
        test.FixedState.ExpectedDiagnostics.Add(new DiagnosticResult(AG0103SyncOverAsyncAnalyzer.Rule).WithLocation(0).WithArguments(wait, function, "no make-async fix: " + reason));
        return test.RunAsync();
    }

    [Fact]
    public Task An_STAThread_Main_keeps_its_thread()
    {
        var source = Usings + """
            static class Program
            {
                static Task RunAsync() => Task.Delay(1);
                [STAThread]
                static void Main() => {|#0:RunAsync().GetAwaiter().GetResult()|};
            }
            """;
        var test = new CodeFixTest<AG0103SyncOverAsyncAnalyzer, AG0103SyncOverAsyncCodeFixProvider> { TestCode = source, FixedCode = source };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        var expected = new DiagnosticResult(AG0103SyncOverAsyncAnalyzer.Rule).WithLocation(0)
            .WithArguments("GetAwaiter().GetResult()", "Main", "no make-async fix: an [STAThread] Main must keep its thread, and after an await it would continue on another");
        test.ExpectedDiagnostics.Add(expected);
        test.FixedState.ExpectedDiagnostics.Add(expected);
        return test.RunAsync();
    }

    [Fact]
    public Task Where_the_message_promises_the_fix_it_is_offered()
    {
        // The nearest cases that keep the fix: the thread runs a lambda that calls the method, a token-only Wait, a plain Main.
        var test = new CodeFixTest<AG0103SyncOverAsyncAnalyzer, AG0103SyncOverAsyncCodeFixProvider>
        {
            TestCode = Usings + """
                class C
                {
                    void Run(Task t, CancellationToken ct) => {|#0:t.Wait(ct)|};
                    void Start(Task t) => new Thread(() => Run(t, default)).Start();
                }
                """,
            FixedCode = Usings + """
                class C
                {
                    async Task Run(Task t, CancellationToken ct) => await t.WaitAsync(ct);
                    void Start(Task t) => new Thread(() => {|#0:Run(t, default).GetAwaiter().GetResult()|}).Start();
                }
                """,
        };
        // After the fix the thread's lambda blocks: a dedicated thread entry, silent by default (AG0103ThreadEntryTests); reported here for its message.
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\n" + ThreadEntries.ReportOption + " = true\n"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(AG0103SyncOverAsyncAnalyzer.Rule).WithLocation(0).WithArguments("Task.Wait()", "Run", "make it async all the way"));
        test.FixedState.ExpectedDiagnostics.Add(new DiagnosticResult(AG0103SyncOverAsyncAnalyzer.Rule).WithLocation(0)
            .WithArguments("GetAwaiter().GetResult()", "lambda", "no make-async fix: the delegate type of the lambda is synchronous"));
        test.CodeActionEquivalenceKey = AG0103SyncOverAsyncCodeFixProvider.MakeAsyncKey;
        return test.RunAsync();
    }
}
