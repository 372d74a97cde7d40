using System.Threading.Tasks;
using AsyncGuard.Analyzers.Core;
using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0201 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0201UnobservedTaskAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// AG0201 in void members whose signature a contract declared in another assembly imposes (an interface member or
/// override with no async form, a private method used as a TimerCallback): silent by default (issue 16, third pass),
/// reported with report_external_contracts.
/// </summary>
public sealed class AG0201ExternalContractTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private const string Silenced = Usings + """
        sealed class Relay : IObserver<int>
        {
            static Task SendAsync(int value) => Task.CompletedTask;
            public void OnNext(int value) { [|SendAsync(value)|]; }
            public void OnError(Exception error) => [|SendAsync(-1)|];
            public void OnCompleted() { }
        }
        sealed class Indicator : IDisposable
        {
            private readonly Timer _timer;
            public Indicator() { _timer = new Timer(OnIdle, null, 10, 10); _timer.Change(5, 5); var t2 = new Timer(this.OnTick); t2.Dispose(); }
            Task UpdateAsync() => Task.CompletedTask;
            void OnIdle(object? state) { [|UpdateAsync()|]; }
            void OnTick(object? state) { [|UpdateAsync()|]; }
            public void Dispose() { _timer.Dispose(); [|UpdateAsync()|]; }
        }
        """;

    private const string Reported = Usings + """
        // A contract of this compilation: it can become async and await the send.
        interface IGroupState { void HandleRequest(int value); }
        sealed class State : IGroupState
        {
            static Task SendAsync(int value) => Task.CompletedTask;
            public void HandleRequest(int value) { {|AG0201:SendAsync(value)|}; }
        }
        sealed class Relay : IObserver<int>, IAsyncDisposable
        {
            static Task SendAsync(int value) => Task.CompletedTask;
            // A lambda inside the contract member, and a helper it calls: no contract of theirs.
            public void OnNext(int value) { Action a = () => {|AG0201:SendAsync(value)|}; a(); Helper(); }
            public void OnError(Exception error) { }
            public void OnCompleted() { }
            private void Helper() { {|AG0201:SendAsync(0)|}; }
            // A member returning an awaitable could return or await the task.
            public ValueTask DisposeAsync() { {|AG0201:SendAsync(1)|}; return default; }
        }
        sealed class Indicator
        {
            private readonly Timer _timer;
            private readonly Action<object?> _local;
            public Indicator() { _timer = new Timer(Public, null, 10, 10); _local = Own; Direct(null); }
            Task UpdateAsync() => Task.CompletedTask;
            // Public: other callers may have chosen this signature; Direct: only called, never converted.
            public void Public(object? state) { {|AG0201:UpdateAsync()|}; }
            void Direct(object? state) { {|AG0201:UpdateAsync()|}; }
            void Own(object? state) { _timer.Dispose(); }
        }
        delegate void Callback();
        sealed class Local
        {
            private readonly Callback _callback;
            public Local() { _callback = Fire; }
            Task UpdateAsync() => Task.CompletedTask;
            // A delegate type declared in this compilation imposes nothing the project cannot change.
            void Fire() { {|AG0201:UpdateAsync()|}; }
        }
        """;

    [Fact]
    public Task Silent_in_void_members_an_external_contract_or_callback_type_imposes() =>
        VerifyAG0201.Diagnostics(Silenced.Replace("[|", "").Replace("|]", ""));

    [Fact]
    public Task Reported_for_own_contracts_lambdas_helpers_awaitable_members_public_and_directly_called_methods() =>
        VerifyAG0201.Diagnostics(Reported);

    [Fact]
    public Task The_option_reports_them_too()
    {
        var test = new AnalyzerTest<AG0201UnobservedTaskAnalyzer> { TestCode = Silenced.Replace("[|", "{|AG0201:").Replace("|]", "|}") };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.AG0201." + ExternalContracts.ReportOptionName + " = true\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Half_typed_callbacks_do_not_throw() =>
        VerifyAG0201.DiagnosticsInBrokenCode(Usings + """
            sealed class Broken : IMissing
            {
                Task UpdateAsync() => Task.CompletedTask;
                public Broken() { var t = new Timer(OnIdle); var u = new Missing(Other); }
                void OnIdle(object? state) { UpdateAsync(); }
                void Other() { {|AG0201:UpdateAsync()|}; }
                public void Run() { {|AG0201:UpdateAsync()|}; }
            }
            """);
}
