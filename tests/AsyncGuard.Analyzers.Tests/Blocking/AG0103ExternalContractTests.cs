using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Core;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0103 in members whose synchronous signature a contract declared in another assembly imposes, with no async
/// counterpart in that contract (issue 16, third pass): silent by default, reported with report_external_contracts.
/// </summary>
public sealed class AG0103ExternalContractTests
{
    private const string Usings = "using System; using System.Collections; using System.Collections.Generic; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    // Each wait is marked {|AG0103:..|} only for the option's test; the default test strips the marks.
    private const string Silenced = Usings + """
        // IDisposable.Dispose (implicit and explicit) of a type with no async disposal, and the pattern's Dispose(bool).
        class Plain : IDisposable
        {
            public void Dispose() => [|Task.Delay(1).Wait()|];
            private Task DisposeAsync() => Task.CompletedTask;
        }
        class Explicit : IDisposable
        {
            void IDisposable.Dispose() { [|Task.Delay(1).GetAwaiter().GetResult()|]; }
        }
        class SyncPattern : IDisposable
        {
            public void Dispose() => Dispose(true);
            protected virtual void Dispose(bool disposing) { [|Task.Delay(1).Wait()|]; }
        }
        // An interface of another assembly whose members have no async form.
        sealed class Observer : IObserver<int>
        {
            public void OnNext(int value) { [|Task.Delay(value).Wait()|]; }
            public void OnError(Exception error) { }
            public void OnCompleted() { }
        }
        sealed class Numbers : IComparer<string>
        {
            public int Compare(string? x, string? y) => [|Task.FromResult(0).Result|];
        }
        // An override of a library member whose base offers no async form.
        sealed class Timed : TimeProvider
        {
            public override DateTimeOffset GetUtcNow() => [|Task.FromResult(DateTimeOffset.MinValue).Result|];
        }
        """;

    private const string Reported = Usings + """
        // A contract declared in this compilation: the project can make it async.
        interface IStore { string Get(string key); }
        class Store : IStore
        {
            public string Get(string key) => {|AG0103:Task.FromResult(key).Result|};
        }
        abstract class Item { public abstract int Count(); }
        sealed class Folder : Item
        {
            public override int Count() => {|AG0103:Task.FromResult(1).Result|};
        }
        // A library contract that offers the async form: implement it (Stream.Flush beside FlushAsync).
        sealed class Wrapper : MemoryStream
        {
            public override void Flush() { {|AG0103:Task.Delay(1).Wait()|}; }
        }
        // Inside an external contract's member: a lambda has no contract, a helper it calls is a plain method, and a
        // constructor is no contract member.
        sealed class Observer : IObserver<int>
        {
            public Observer(Task ready) { {|AG0103:ready.Wait()|}; }
            public void OnNext(int value) { Action a = () => {|AG0103:Task.Delay(value).Wait()|}; a(); Helper(); }
            public void OnError(Exception error) { }
            public void OnCompleted() { }
            private void Helper() { {|AG0103:Task.Delay(1).Wait()|}; }
        }
        // A public method that only has the shape of IDisposable.Dispose, on a type that does not implement it.
        sealed class NotDisposable
        {
            public void Dispose() { {|AG0103:Task.Delay(1).Wait()|}; }
        }
        """;

    [Fact]
    public Task Silent_in_members_whose_signature_an_external_contract_without_async_form_imposes() =>
        VerifyAG0103.Diagnostics(Silenced.Replace("[|", "").Replace("|]", ""));

    [Fact]
    public Task Reported_for_own_contracts_contracts_with_an_async_form_awaitable_members_lambdas_and_helpers() =>
        VerifyAG0103.Diagnostics(Reported);

    [Fact]
    public Task The_option_reports_external_contract_members_too()
    {
        var test = new AnalyzerTest<AG0103SyncOverAsyncAnalyzer> { TestCode = Silenced.Replace("[|", "{|AG0103:").Replace("|]", "|}") };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.AG0103." + ExternalContracts.ReportOptionName + " = true\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Half_typed_contract_members_do_not_throw() =>
        VerifyAG0103.DiagnosticsInBrokenCode(Usings + """
            class Broken : IDisposable, IMissing
            {
                public void Dispose() => Missing().Wait();
                public void Run() { {|AG0103:Task.Delay(1).Wait()|}; }
                public override void Close() => {|AG0103:Task.Delay(1).Wait()|};
            }
            sealed class Half : IObserver<int>
            {
                public void OnNext(int value) => Task.Delay(value).Wait(
            }
            """);
}
