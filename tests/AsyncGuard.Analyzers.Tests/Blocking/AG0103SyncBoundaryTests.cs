using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>AG0103 on the deliberate sync boundary of a dual API: a contract member with an async counterpart.</summary>
public sealed class AG0103SyncBoundaryTests
{
    private const string Usings = "using System; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    private const string Sources = Usings + """
        class Client : IDisposable, IAsyncDisposable
        {
            public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
            public ValueTask DisposeAsync() => default;
        }
        sealed class Explicit : IDisposable, IAsyncDisposable
        {
            void IDisposable.Dispose() => DisposeAsync().AsTask().Wait();
            public ValueTask DisposeAsync() => default;
        }
        class Pipe : Stream
        {
            public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).Result;
            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken token) => Task.FromResult(0);
            public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).Wait();
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken token) => Task.CompletedTask;
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => 0;
            public override void SetLength(long value) { }
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => 0;
            public override long Position { get; set; }
        }
        interface IStore
        {
            string Get(string key);
            Task<string> GetAsync(string key);
        }
        class Store : IStore
        {
            public string Get(string key) => GetAsync(key).GetAwaiter().GetResult();
            public Task<string> GetAsync(string key) => Task.FromResult(key);
        }
        abstract class Transport
        {
            public abstract void Connect();
            public abstract Task ConnectAsync();
        }
        sealed class Tcp : Transport
        {
            public override void Connect() => ConnectAsync().Wait();
            public override Task ConnectAsync() => Task.CompletedTask;
        }
        class Pattern : IDisposable, IAsyncDisposable
        {
            public void Dispose() { Dispose(true); GC.SuppressFinalize(this); }
            protected virtual void Dispose(bool disposing) { if (disposing) { DisposeAsync().AsTask().Wait(); } }
            public async ValueTask DisposeAsync() { await Task.Yield(); }
        }
        sealed class Session
        {
            public Session(Task ready) { ready.Wait(); }
            private Session() { }
            public static async Task<Session> CreateAsync() { await Task.Yield(); return new Session(); }
        }
        """;

    private const string Reported = Usings + """
        // A Stream whose ReadAsync is only the base's, implemented over Read: the async path ends in the same wait.
        class Wrapper : Stream
        {
            public override int Read(byte[] buffer, int offset, int count) => {|AG0103:Task.FromResult(count).Result|};
            public override void Write(byte[] buffer, int offset, int count) { }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => 0;
            public override void SetLength(long value) { }
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => 0;
            public override long Position { get; set; }
        }
        // A contract with only the sync member: callers have no async option; the fix is to add one to the contract.
        interface ISyncStore { string Get(string key); }
        class SyncStore : ISyncStore
        {
            public string Get(string key) => {|AG0103:LoadAsync(key).Result|};
            private Task<string> LoadAsync(string key) => Task.FromResult(key);
        }
        // (A Dispose or the pattern's Dispose(bool) of a type with no async disposal is an external contract's member:
        // AG0103ExternalContractTests.) A non-virtual Dispose(bool) is no pattern.
        sealed class NotPattern : IAsyncDisposable
        {
            public void Dispose(bool disposing) { {|AG0103:Task.Delay(1).Wait()|}; }
            public ValueTask DisposeAsync() => default;
        }
        // Plain methods that could become async, even beside an async twin.
        class Api
        {
            public string Get(string key) => {|AG0103:GetAsync(key).Result|};
            public Task<string> GetAsync(string key) => Task.FromResult(key);
            private void Helper(Task t) { {|AG0103:t.Wait()|}; }
        }
        // A constructor of a type with no async factory; a lambda inside a boundary has no contract.
        sealed class Worker : IDisposable, IAsyncDisposable
        {
            public Worker(Task ready) { {|AG0103:ready.Wait()|}; }
            public void Dispose() { Action a = () => {|AG0103:DisposeAsync().AsTask().Wait()|}; a(); }
            public ValueTask DisposeAsync() => default;
        }
        """;

    [Fact]
    public Task Silent_on_contract_members_whose_type_offers_the_async_counterpart() =>
        VerifyAG0103.Diagnostics(Sources);

    [Fact]
    public Task Reported_where_no_async_counterpart_is_offered_or_the_member_has_no_contract() =>
        VerifyAG0103.Diagnostics(Reported);

    [Fact]
    public Task The_option_reports_sync_boundaries_too()
    {
        var source = Sources
            .Replace("DisposeAsync().AsTask().GetAwaiter().GetResult()", "{|AG0103:DisposeAsync().AsTask().GetAwaiter().GetResult()|}")
            .Replace("DisposeAsync().AsTask().Wait()", "{|AG0103:DisposeAsync().AsTask().Wait()|}")
            .Replace("ReadAsync(buffer, offset, count, CancellationToken.None).Result", "{|AG0103:ReadAsync(buffer, offset, count, CancellationToken.None).Result|}")
            .Replace("WriteAsync(buffer, offset, count).Wait()", "{|AG0103:WriteAsync(buffer, offset, count).Wait()|}")
            .Replace("GetAsync(key).GetAwaiter().GetResult()", "{|AG0103:GetAsync(key).GetAwaiter().GetResult()|}")
            .Replace("ConnectAsync().Wait()", "{|AG0103:ConnectAsync().Wait()|}")
            .Replace("ready.Wait()", "{|AG0103:ready.Wait()|}");
        var test = new AnalyzerTest<AG0103SyncOverAsyncAnalyzer> { TestCode = source };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + SyncBoundaries.ReportOption + " = true\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Half_typed_boundaries_do_not_throw() =>
        VerifyAG0103.DiagnosticsInBrokenCode(Usings + """
            class Broken : IDisposable, IAsyncDisposable
            {
                public void Dispose() => Missing().Wait();
                public ValueTask DisposeAsync() => default;
                public override void Close() => {|AG0103:Task.Delay(1).Wait()|};
            }
            """);
}
