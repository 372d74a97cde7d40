using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

public sealed class AG0103SyncOverAsyncAnalyzerTests
{
    private const string Usings = "using System; using System.Linq; using System.Threading; using System.Threading.Tasks;\n";

    [Theory]
    [InlineData("int x = {|AG0103:t.Result|};")]
    [InlineData("{|AG0103:t.Wait()|};")]
    [InlineData("{|AG0103:t.Wait(100)|};")]
    [InlineData("{|AG0103:t.Wait(CancellationToken.None)|};")]
    [InlineData("int x = {|AG0103:t.GetAwaiter().GetResult()|};")]
    [InlineData("int x = {|AG0103:t.ConfigureAwait(false).GetAwaiter().GetResult()|};")]
    [InlineData("{|AG0103:Task.WaitAll(t, t)|};")]
    [InlineData("int i = {|AG0103:Task.WaitAny(t, t)|};")]
    [InlineData("int? n = t?{|AG0103:.Result|};")]
    [InlineData("var s = ({|AG0103:t.Result|}).ToString();")]
    public Task Flags_blocking_waits_in_a_synchronous_method(string statement) =>
        VerifyAG0103.Diagnostics(Usings + $$"""
            class C
            {
                void M(Task<int> t)
                {
                    {{statement}}
                }
            }
            """);

    [Fact]
    public Task Flags_every_synchronous_function_form_including_a_sync_lambda_inside_an_async_method() =>
        VerifyAG0103.Diagnostics(Usings + """
            class C
            {
                int field = {|AG0103:Task.FromResult(1).Result|};
                C(Task t) { {|AG0103:t.Wait()|}; }
                int P => {|AG0103:Task.FromResult(1).Result|};
                int Q { get { return {|AG0103:Task.FromResult(1).Result|}; } }
                int Expression(Task<int> t) => {|AG0103:t.Result|};
                static T Generic<T>(Task<T> t) => {|AG0103:t.GetAwaiter().GetResult()|};
                async Task Outer(Task<int> t)
                {
                    await Task.Yield();
                    Func<int> f = () => {|AG0103:t.Result|};
                    Action a = delegate { {|AG0103:t.Wait()|}; };
                    int Local() => {|AG0103:t.Result|};
                }
                public static int operator +(C c, int i) => {|AG0103:Task.FromResult(i).Result|};
            }
            """);

    [Fact]
    public Task The_message_says_why_no_make_async_fix_exists()
    {
        var test = new AnalyzerTest<AG0103SyncOverAsyncAnalyzer> { TestCode = Usings + """
            interface I { int Get(); }
            class B { public virtual int V() => 0; }
            class C : B, I
            {
                C(Task t) { {|#0:t.Wait()|}; }
                public int Get() => {|#1:Task.FromResult(1).Result|};
                public override int V() => {|#2:Task.FromResult(1).Result|};
                void Ok(Task t) => {|#3:t.Wait()|};
            }
            """ };
        test.ExpectedDiagnostics.Add(Expect(0, "Task.Wait()", "C", "no make-async fix: constructors cannot be async"));
        test.ExpectedDiagnostics.Add(Expect(1, "Task<T>.Result", "Get", "no make-async fix: it implements a synchronous interface member"));
        test.ExpectedDiagnostics.Add(Expect(2, "Task<T>.Result", "V", "no make-async fix: it overrides a synchronous base member"));
        test.ExpectedDiagnostics.Add(Expect(3, "Task.Wait()", "Ok", "make it async all the way"));
        return test.RunAsync();
    }

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Expect(int location, string wait, string function, string advice) =>
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(AG0103SyncOverAsyncAnalyzer.Rule).WithLocation(location).WithArguments(wait, function, advice);

    [Fact]
    public Task Flags_Main_of_a_console_app() =>
        VerifyAG0103.Diagnostics(Usings + """
            static class Program
            {
                static Task RunAsync() => Task.Delay(1);
                static void Main() => {|AG0103:RunAsync().GetAwaiter().GetResult()|};
            }
            """, OutputKind.ConsoleApplication);

    [Fact]
    public Task Silent_in_async_capable_functions_which_are_AG0101s() =>
        VerifyAG0103.NoDiagnostics(Usings + """
            class C
            {
                async Task A(Task<int> t) { await Task.Yield(); var x = t.Result; }
                Task<int> B(Task<int> t) => Task.FromResult(t.Result);
                void D(Task<int> t) { Func<Task<int>> f = async () => t.Result; }
            }
            """);

    [Fact]
    public Task Silent_when_the_task_is_proven_complete_also_in_a_sync_lambda_after_an_await() =>
        VerifyAG0103.NoDiagnostics(Usings + """
            using System.Collections.Generic;
            class C
            {
                int Guarded(Task<int> t) => t.IsCompleted ? t.Result : 0;
                int EarlyExit(Task<int> t)
                {
                    if (!t.IsCompletedSuccessfully) return 0;
                    return t.Result;
                }
                void Continuation(Task<int> t) => t.ContinueWith(x => Console.WriteLine(x.Result));
                async Task<int> AfterWhenAll(List<Task<int>> tasks)
                {
                    await Task.WhenAll(tasks);
                    return tasks.Sum(t => t.Result) + tasks.Select(t => t.GetAwaiter().GetResult()).First();
                }
                async Task<int> AfterAwait(Task<int> t)
                {
                    await t;
                    Func<int> f = () => t.Result;
                    return f();
                }
                void Other(System.Linq.Expressions.Expression<Func<Task<int>, int>> e) { }
                void Trees() { Other(t => t.Result); var n = nameof(Task<int>.Result); }
            }
            """);

    [Fact]
    public Task Silent_for_unrelated_members_named_like_waits() =>
        VerifyAG0103.NoDiagnostics(Usings + """
            class Response { public int Result { get; set; } public void Wait() { } }
            class C
            {
                void M(Response r, SemaphoreSlim s, ManualResetEventSlim e)
                {
                    r.Wait();
                    var x = r.Result;
                    s.Wait();
                    e.Wait();
                }
            }
            """);

    [Fact]
    public async Task AG0101_and_AG0103_never_report_the_same_node()
    {
        var source = Usings + """
            using System.Collections.Generic;
            class C
            {
                int field = Task.FromResult(1).Result;
                int P => Task.FromResult(1).Result;
                void S(Task<int> t) { var x = t.Result; t.Wait(); Func<int> f = () => t.Result; }
                async Task A(Task<int> t)
                {
                    var x = t.Result;
                    Func<int> f = () => t.Result;
                    Func<Task<int>> g = async () => t.Result;
                    Action h = () => t.Wait();
                    int Local() => t.GetAwaiter().GetResult();
                    await Task.Yield();
                }
                Task<int> B(Task<int> t) => Task.FromResult(t.Result + new[] { t }.Sum(u => u.Result));
            }
            """;
        var compilation = RobustnessRunner.Compile(new[] { ("Test0.cs", source) });
        var diagnostics = await RobustnessRunner.RunAsync(
            System.Collections.Immutable.ImmutableArray.Create<DiagnosticAnalyzer>(new AG0101BlockingWaitAnalyzer(), new AG0103SyncOverAsyncAnalyzer()), compilation);
        var ag0101 = diagnostics.Where(d => d.Id == "AG0101").Select(d => d.Location.SourceSpan).ToList();
        var ag0103 = diagnostics.Where(d => d.Id == "AG0103").Select(d => d.Location.SourceSpan).ToList();
        // A wait that returned proves the task complete for the waits after it (also inside later lambdas), so only the
        // first wait on `t` in S and in A is reported, besides the field, P, the local function and the `u` lambda.
        Assert.Equal(2, ag0101.Count);
        Assert.Equal(5, ag0103.Count);
        Assert.Empty(ag0101.Intersect(ag0103));
    }

    [Theory]
    [InlineData("class C { void M(Task<int> t) { var x = t.Result")]
    [InlineData("class C { void M(Task<int> t) { t.Wait(")]
    [InlineData("class C { C(Task<int> t) { t.GetAwaiter().GetResult( }")]
    [InlineData("class C { int P => Task.WaitAny(")]
    [InlineData("class C { void M() { Undefined.Result; x.Wait(); } }")]
    [InlineData("void M(Task<int> t) => t.Result; }")]
    [InlineData("class C { int f = Task.FromResult(1).")]
    public async Task Half_typed_code_does_not_crash(string source)
    {
        var diagnostics = await RobustnessRunner.RunAsync(new AG0103SyncOverAsyncAnalyzer(), Usings + source);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }
}
