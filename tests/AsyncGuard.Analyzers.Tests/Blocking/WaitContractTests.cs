using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// Issue 16's debatable AG0103 classes of deliberate waits: bounded timed waits whose outcome the code checks, and APM End
/// methods blocking on the operation their IAsyncResult stands for; each with the nearest case that must still be reported
/// and the option that reports the class anyway.
/// </summary>
public sealed class WaitContractTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private static string InSync(string body) => Usings + $$"""
        class C
        {
            int TimeoutMilliseconds => 5000;
            Task<bool> ConnectAsync() => Task.FromResult(true);
            bool M(Task t, Task[] tasks, CancellationToken ct, int ms, TimeSpan timeout)
            {
                {{body}}
            }
        }
        """;

    // ---- bounded timed waits whose result is used ----

    [Theory]
    [InlineData("if (t.Wait(1000)) return true; return false;")]
    [InlineData("if (!t.Wait(ms)) throw new TimeoutException(); return true;")]
    [InlineData("return t.Wait(timeout, ct);")]
    [InlineData("var ok = t.Wait(TimeSpan.FromSeconds(5)); return ok;")]
    [InlineData("if (Task.WaitAll(tasks, TimeoutMilliseconds)) return true; return false;")]
    [InlineData("return Task.WaitAny(tasks, 100) >= 0;")]
    [InlineData("var task = ConnectAsync(); if (task.Wait(ms)) { return task.Result; } task.ContinueWith(x => x.Exception); return false;")]
    [InlineData("try { if (t.Wait(ms)) return true; } catch (AggregateException) { } return false;")]
    public Task Silent_on_bounded_waits_whose_outcome_is_checked(string body) =>
        VerifyAG0103.NoDiagnostics(InSync(body));

    [Theory]
    // The outcome is dropped: the code goes on as if the work had finished.
    [InlineData("{|AG0103:ConnectAsync().Wait(60000)|}; return true;")]
    [InlineData("{|AG0103:t.Wait(ms)|}; return true;")]
    [InlineData("_ = {|AG0103:Task.WaitAll(tasks, timeout)|}; return true;")]
    // No bound: infinite timeouts, written as constants or the framework's infinite values.
    [InlineData("return {|AG0103:t.Wait(-1)|};")]
    [InlineData("return {|AG0103:t.Wait(Timeout.Infinite)|};")]
    [InlineData("return {|AG0103:t.Wait(Timeout.InfiniteTimeSpan)|};")]
    [InlineData("return {|AG0103:t.Wait(int.MaxValue, ct)|};")]
    [InlineData("return {|AG0103:t.Wait(TimeSpan.FromMilliseconds(-1))|};")]
    // No timeout at all.
    [InlineData("{|AG0103:t.Wait(ct)|}; return true;")]
    [InlineData("return {|AG0103:Task.WaitAny(tasks)|} == 0;")]
    [InlineData("return {|AG0103:ConnectAsync().Result|};")]
    public Task Reported_on_unbounded_waits_or_dropped_outcomes(string body) =>
        VerifyAG0103.Diagnostics(InSync(body));

    [Fact]
    public Task The_timed_waits_option_reports_them_too() =>
        new AnalyzerTest<AG0103SyncOverAsyncAnalyzer>
        {
            TestCode = InSync("return {|AG0103:t.Wait(1000)|};"),
            TestState = { AnalyzerConfigFiles = { ("/.editorconfig", "root = true\n\n[*.cs]\n" + WaitContracts.ReportTimedWaitsOption + " = true\n") } },
        }.RunAsync();

    // ---- APM End methods ----

    private static string Apm(string members) => Usings + $$"""
        class Command
        {
            private Task<string> _running = Task.FromResult("");
            private Task _other = Task.Delay(1);
            public IAsyncResult BeginExecute(AsyncCallback callback, object state) => _running;
            {{members}}
        }
        """;

    [Theory]
    [InlineData("public string EndExecute(IAsyncResult result) { var task = (Task<string>)result; return task.GetAwaiter().GetResult(); }")]
    [InlineData("public string EndExecute(IAsyncResult result) => ((Task<string>)result).Result;")]
    [InlineData("public void EndExecute(IAsyncResult result) { var task = Unwrap(result); if (task != _running) throw new ArgumentException(); task.GetAwaiter().GetResult(); } static Task Unwrap(IAsyncResult r) => (Task)r;")]
    [InlineData("public void EndExecute(IAsyncResult result) => ((Task)result).Wait();")]
    public Task Silent_in_an_apm_end_method_on_its_operation(string members) =>
        VerifyAG0103.NoDiagnostics(Apm(members));

    [Theory]
    // The End method waits on something else than the operation it was handed.
    [InlineData("public void EndExecute(IAsyncResult result) { {|AG0103:_other.Wait()|}; }")]
    [InlineData("public void EndExecute(IAsyncResult result) { var task = (Task)result; task = _other; {|AG0103:task.Wait()|}; }")]
    // No Begin twin: not the APM pattern.
    [InlineData("public void EndRead(IAsyncResult result) => {|AG0103:((Task)result).Wait()|};")]
    // Not an End method: a plain method handed an IAsyncResult.
    [InlineData("void Finish(IAsyncResult result) => {|AG0103:((Task)result).Wait()|};")]
    // A lambda inside the End method has no APM contract.
    [InlineData("public void EndExecute(IAsyncResult result) { Action a = () => {|AG0103:((Task)result).Wait()|}; a(); }")]
    public Task Reported_outside_the_apm_end_contract(string members) =>
        VerifyAG0103.Diagnostics(Apm(members));

    [Fact]
    public Task The_apm_end_option_reports_them_too() =>
        new AnalyzerTest<AG0103SyncOverAsyncAnalyzer>
        {
            TestCode = Apm("public void EndExecute(IAsyncResult result) => {|AG0103:((Task)result).Wait()|};"),
            TestState = { AnalyzerConfigFiles = { ("/.editorconfig", "root = true\n\n[*.cs]\n" + WaitContracts.ReportApmEndOption + " = true\n") } },
        }.RunAsync();
}
