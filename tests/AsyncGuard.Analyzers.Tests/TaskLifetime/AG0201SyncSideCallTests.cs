using System.Threading.Tasks;
using AsyncGuard.Analyzers.TaskLifetime;
using Xunit;
using VerifyAG0201 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0201UnobservedTaskAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, eleventh part (e201; MailKit's IMAP continuation and POP3 command handlers): a dual sync/async delegate or
/// method called with the constant that selects its synchronous side does its work before it returns: the drop is the
/// caller's choice of the sync path. Silent by default, reported with report_sync_side_calls. Still reported: the constant
/// of the async side, the flag passed on as a variable, a bool that selects nothing, a [Flags] options enum.
/// </summary>
public sealed class AG0201SyncSideCallTests
{
    private static string Engine(string body) => $$"""
        using System; using System.IO; using System.Threading; using System.Threading.Tasks;
        public enum IOBehavior { Synchronous, Asynchronous }
        [Flags] public enum RunOptions { None = 0, RunSynchronously = 1, RunAsynchronously = 2 }
        public delegate Task ContinuationHandler(Stream stream, string text, bool doAsync);
        public delegate ValueTask StepHandler(Stream stream, IOBehavior io);
        public delegate Task Notify(Stream stream, bool verbose);
        public sealed class Engine
        {
            public ContinuationHandler Continuation;
            public StepHandler Step;
            public Notify OnNotify;
            public Task SendAsync(string text, bool isAsync, CancellationToken token) => Task.CompletedTask;
            public async ValueTask ReadAsync(IOBehavior io) { await Task.Yield(); }
            public Task StartAsync(RunOptions options) => Task.CompletedTask;
            {{body}}
        }
        """;

    [Theory]
    // A delegate with a hinted bool selector, a field delegate through `?.`, an enum selector, a method with a hinted flag.
    [InlineData("public void Run(Stream s) { Continuation(s, \"x\", false); }")]
    [InlineData("public void Run(Stream s) { Continuation?.Invoke(s, \"x\", false); }")]
    [InlineData("public void Run(Stream s) { Step(s, IOBehavior.Synchronous); }")]
    [InlineData("public void Run()\n{\n    SendAsync(\"x\",\n        false,\n        CancellationToken.None);\n}")]
    [InlineData("public void Run() { ReadAsync(IOBehavior.Synchronous); }")]
    public Task Silent_where_the_sync_side_is_chosen(string body) =>
        VerifyAG0201.NoDiagnostics(Engine(body));

    [Theory]
    // The async side's constant; the flag handed on as a variable; a bool parameter that selects nothing.
    [InlineData("public void Run(Stream s) { {|AG0201:Continuation(s, \"x\", true)|}; }")]
    [InlineData("public void Run(Stream s) { {|AG0201:Step(s, IOBehavior.Asynchronous)|}; }")]
    [InlineData("public void Run(Stream s, bool doAsync) { {|AG0201:Continuation(s, \"x\", doAsync)|}; }")]
    [InlineData("public void Run(Stream s) { {|AG0201:OnNotify(s, false)|}; }")]
    [InlineData("public void Run() { {|AG0201:SendAsync(\"x\", true, CancellationToken.None)|}; }")]
    // A [Flags] options enum (it combines options, it picks no side).
    [InlineData("public void Run() { {|AG0201:StartAsync(RunOptions.RunSynchronously)|}; }")]
    public Task Reported_where_the_call_may_run_asynchronously(string body) =>
        VerifyAG0201.Diagnostics(Engine(body));

    [Fact]
    public Task The_option_reports_sync_side_calls() =>
        VerifyAG0201.DiagnosticsWithOptions(
            Engine("public void Run(Stream s) { {|AG0201:Continuation(s, \"x\", false)|}; {|AG0201:ReadAsync(IOBehavior.Synchronous)|}; }"),
            SyncSideCalls.ReportOption + " = true");

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0201.DiagnosticsInBrokenCode(Engine("""
            public void A(Stream s) { Continuation(s, "x", false, Missing); }
            public void B(Stream s) { Missing(s, false); }
            public void C(Stream s) { {|AG0201:Continuation(s, "x", true)|}; Step(s, IOBehavior.Missing); }
            """));
}
