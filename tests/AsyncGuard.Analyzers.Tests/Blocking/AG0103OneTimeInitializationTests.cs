using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0103 in one-time initialisation (issue 16, sixteenth pass): a wait in the branch that runs while a private field is
/// still unset and sets it for good. Silent by default, reported with report_one_time_initialization; a field that is ever
/// reset, a local guard, a branch that does not set the field stay reported.
/// </summary>
public sealed class AG0103OneTimeInitializationTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    private const string Silenced = Usings + """
        public class App
        {
            private static volatile bool _isInitialized;
            private static readonly object _mutex = new object();
            private readonly List<string> _types = new List<string>();
            private string? _hostId;
            private bool? _ready = null;
            private static Task<string[]> LoadAsync() => Task.FromResult(new string[0]);
            private static Task<string> IdAsync() => Task.FromResult("");
            public void Init()
            {
                if (!_isInitialized)
                {
                    lock (_mutex)
                    {
                        if (!_isInitialized)
                        {
                            _types.AddRange([|LoadAsync().GetAwaiter().GetResult()|]);
                            _types.AddRange([|LoadAsync().Result|]);
                            _isInitialized = true;
                        }
                    }
                }
            }
            internal string HostId
            {
                get
                {
                    if (_hostId == null)
                    {
                        _hostId = [|IdAsync().Result|];
                    }
                    return _hostId;
                }
            }
            public void Prepare()
            {
                if (this._ready is null) { [|LoadAsync().Wait()|]; this._ready = true; }
            }
            public void PrepareAgain()
            {
                if (_ready == null) { _ready = false; }
            }
        }
        """;

    [Fact]
    public Task Silent_in_a_branch_that_runs_once() =>
        VerifyAG0103.Diagnostics(Silenced.Replace("[|", "").Replace("|]", ""));

    [Fact]
    public Task The_option_reports_one_time_initialization_too()
    {
        var test = new AnalyzerTest<AG0103SyncOverAsyncAnalyzer> { TestCode = Silenced.Replace("[|", "{|AG0103:").Replace("|]", "|}") };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + OneTimeInitializations.ReportOption + " = true\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Reported_where_the_guarded_branch_may_run_again() =>
        VerifyAG0103.Diagnostics(Usings + """
            public class Pool
            {
                private static readonly object Gate = new object();
                private static Task<IDisposable> ConnectAsync() => Task.FromResult<IDisposable>(null!);
                private IDisposable? _connection;
                private bool _loaded;
                private bool _opened;
                private bool _started = true;
                private int _count;
                public bool Visible;
                private IDisposable? _cached;
                // A connection that is replaced when it closed: an early exit, not a guard of the branch.
                public IDisposable Get()
                {
                    lock (Gate)
                    {
                        if (_connection != null) return _connection;
                        _connection = {|AG0103:ConnectAsync().GetAwaiter().GetResult()|};
                        return _connection;
                    }
                }
                // The flag is reset elsewhere.
                public void Load()
                {
                    if (!_loaded) { {|AG0103:ConnectAsync().Wait()|}; _loaded = true; }
                }
                public void Unload() => _loaded = false;
                // The branch does not set the flag; the flag starts set; a disjunction; a local; a public field.
                public void Open()
                {
                    if (!_opened) { {|AG0103:ConnectAsync().Wait()|}; }
                }
                public void Start()
                {
                    if (!_started) { {|AG0103:ConnectAsync().Wait()|}; _started = true; }
                }
                public void Either(bool force)
                {
                    if (force || !_opened) { {|AG0103:ConnectAsync().Wait()|}; _opened = true; }
                }
                public void Local()
                {
                    var done = false;
                    if (!done) { {|AG0103:ConnectAsync().Wait()|}; done = true; }
                }
                public void Show()
                {
                    if (!Visible) { {|AG0103:ConnectAsync().Wait()|}; Visible = true; }
                }
                // Written by ref, or set to null again; a lambda inside the branch may run at any time.
                public void Cache()
                {
                    if (_cached == null) { _cached = {|AG0103:ConnectAsync().Result|}; }
                    Interlocked.Exchange(ref _cached, null);
                }
                public void Later()
                {
                    if (_count == 0) { {|AG0103:ConnectAsync().Wait()|}; _count++; }
                    if (_connection == null) { Action a = () => {|AG0103:ConnectAsync().Wait()|}; a(); _connection = null; }
                }
            }
            """);

    [Fact]
    public Task Half_typed_one_time_initialization_does_not_throw() =>
        VerifyAG0103.DiagnosticsInBrokenCode(Usings + """
            public class Broken
            {
                private bool _done;
                public void Init()
                {
                    if (!_missing) { {|AG0103:Task.Delay(1).Wait()|}; _missing = true; }
                    if (!_done) { {|AG0103:Task.Delay(1).Wait()|}; _done = Unknown; _done = true; }
                }
            }
            """);
}
