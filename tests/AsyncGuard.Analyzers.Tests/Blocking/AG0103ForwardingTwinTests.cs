using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0103 in the public sync twin of the code base's own async method (issue 16, sixteenth pass): a member whose whole body
/// forwards its parameters to `NameAsync` and waits. Silent by default (report_sync_boundaries reports it); anything more in
/// the body, other arguments, a non-public or virtual member stay reported.
/// </summary>
public sealed class AG0103ForwardingTwinTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    private const string Silenced = Usings + """
        public class Builder
        {
            public Builder Build() => [|BuildAsync().GetAwaiter().GetResult()|];
            public Task<Builder> BuildAsync() => Task.FromResult(this);
            public int Count(string kind, int max)
            {
                return [|CountAsync(kind, max).ConfigureAwait(false).GetAwaiter().GetResult()|];
            }
            public Task<int> CountAsync(string kind, int max, CancellationToken token = default) => Task.FromResult(max);
            public static void Reset(int level)
            {
                if (level < 0) throw new ArgumentOutOfRangeException(nameof(level));
                [|ResetAsync(level).Wait()|];
            }
            public static Task ResetAsync(int level) => Task.CompletedTask;
        }
        public interface IAsyncContainer { ValueTask<object> FindAsync(string id); Task<int> CountAsync(); }
        public interface IContainer { object Find(string id); int Count(); }
        public class SyncContainer : IContainer
        {
            private readonly IAsyncContainer _inner;
            public SyncContainer(IAsyncContainer inner) => _inner = inner;
            public object Find(string id) { return [|_inner.FindAsync(id).Result|]; }
            int IContainer.Count() => [|_inner.CountAsync().Result|];
        }
        public interface IBinder { Task<T> BindAsync<T>(Attribute attribute, CancellationToken token = default); }
        public static class BinderExtensions
        {
            public static T Bind<T>(this IBinder binder, Attribute attribute)
            {
                if (binder == null) { throw new ArgumentNullException(nameof(binder)); }
                return [|binder.BindAsync<T>(attribute).GetAwaiter().GetResult()|];
            }
        }
        """;

    [Fact]
    public Task Silent_in_a_public_twin_that_only_forwards_to_its_async_form() =>
        VerifyAG0103.Diagnostics(Silenced.Replace("[|", "").Replace("|]", ""));

    [Fact]
    public Task The_sync_boundary_option_reports_forwarding_twins_too()
    {
        var test = new AnalyzerTest<AG0103SyncOverAsyncAnalyzer> { TestCode = Silenced.Replace("[|", "{|AG0103:").Replace("|]", "|}") };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + SyncBoundaries.ReportOption + " = true\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Reported_where_the_member_does_more_or_is_not_a_public_twin() =>
        VerifyAG0103.Diagnostics(Usings + """
            public class Command
            {
                public string Result { get; private set; } = "";
                // A result read after the wait, a guard that returns, other arguments, another name.
                public string Execute() { {|AG0103:ExecuteAsync().GetAwaiter().GetResult()|}; return Result; }
                public Task ExecuteAsync() => Task.CompletedTask;
                public string Token(string key)
                {
                    if (string.IsNullOrEmpty(key)) return "";
                    return {|AG0103:TokenAsync(key).GetAwaiter().GetResult()|};
                }
                public Task<string> TokenAsync(string key) => Task.FromResult(key);
                public int Size(int a, int b) => {|AG0103:SizeAsync(b, a).Result|};
                public int Length(int a) => {|AG0103:SizeAsync(a, 0).Result|};
                public Task<int> SizeAsync(int a, int b) => Task.FromResult(a + b);
                public void Load() => {|AG0103:FetchAsync().Wait()|};
                public Task FetchAsync() => Task.CompletedTask;
                // Protected and virtual, internal, private: the library's own code calls them.
                protected virtual void Flush() { {|AG0103:FlushAsync().ConfigureAwait(false).GetAwaiter().GetResult()|}; }
                public Task FlushAsync() => Task.CompletedTask;
                internal void Stop() => {|AG0103:StopAsync().Wait()|};
                public Task StopAsync() => Task.CompletedTask;
                private int Bytes(int count) => {|AG0103:BytesAsync(count).GetAwaiter().GetResult()|};
                private Task<int> BytesAsync(int count) => Task.FromResult(count);
                // A timed wait is no forward; neither is a twin on another object handed in.
                public void Close() => {|AG0103:CloseAsync().Wait(TimeSpan.FromSeconds(1))|};
                public Task CloseAsync() => Task.CompletedTask;
                public void Start(Command other) => {|AG0103:other.StartAsync().Wait()|};
                public Task StartAsync() => Task.CompletedTask;
            }
            internal class Hidden
            {
                public void Open() => {|AG0103:OpenAsync().Wait()|};
                public Task OpenAsync() => Task.CompletedTask;
            }
            """);

    [Fact]
    public Task Reported_for_a_twin_of_another_assembly() =>
        VerifyAG0103.Diagnostics(Usings + """
            public class Reader
            {
                private readonly System.IO.Stream _stream = System.IO.Stream.Null;
                public int Read(byte[] buffer, int offset, int count) => {|AG0103:_stream.ReadAsync(buffer, offset, count).Result|};
            }
            """);

    [Fact]
    public Task Half_typed_forwarding_twins_do_not_throw() =>
        VerifyAG0103.DiagnosticsInBrokenCode(Usings + """
            public class Broken
            {
                public int Get(string id) => {|AG0103:GetAsync(id, Missing).Result|};
                public Task<int> GetAsync(string id, int n) => Task.FromResult(n);
                public int Find(Missing id) => FindAsync(id).Result;
                public Task<int> FindAsync(Missing id) => Task.FromResult(0);
                public void Load() => Unknown.LoadAsync().Wait();
                public void Save() { {|AG0103:SaveAsync().Wait()|}; Missing(); }
                public Task SaveAsync() => Task.CompletedTask;
            }
            """);
}
