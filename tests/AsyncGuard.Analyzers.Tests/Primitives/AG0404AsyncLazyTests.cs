using AsyncGuard.Analyzers.Primitives;
using AsyncGuard.Analyzers.Tests.Verifiers;
using AsyncGuard.CodeFixes.Primitives;
using Xunit;
using static AsyncGuard.Analyzers.Tests.Primitives.PrimitivesSources;

namespace AsyncGuard.Analyzers.Tests.Primitives;

/// <summary>AG0404: Lazy&lt;Task&lt;T&gt;&gt; and hand-started task fields, reported (and fixed) only where the runtime is referenced.</summary>
public sealed class AG0404AsyncLazyTests
{
    private static string InClass(string members) => Usings + $$"""
        class C
        {
            private readonly object _gate = new object();
            static Task<int> LoadAsync() => Task.FromResult(1);
            static Task<int> LoadAsync(int id) => Task.FromResult(id);
            Task<int> LoadMineAsync() => Task.FromResult(2);

        {{members}}
        }
        """;

    private static Task Diagnostics(string source, bool withRuntime = true) => DiagnosticsWithRuntime<AG0404AsyncLazyAnalyzer>(source, withRuntime);

    private static Task Fix(string before, string after, int action = 0)
    {
        var test = FixWithRuntime<AG0404AsyncLazyAnalyzer, AG0404AsyncLazyCodeFixProvider>(before, after);
        test.CodeActionIndex = action;
        test.CodeActionEquivalenceKey = action == 0 ? "AG0404" : "AG0404:retry";
        return test.RunAsync();
    }

    private static Task NoFix(string source) => FixWithRuntime<AG0404AsyncLazyAnalyzer, AG0404AsyncLazyCodeFixProvider>(source, source).RunAsync();

    [Theory]
    [InlineData("private readonly Lazy<Task<int>> {|AG0404:_value|} = new Lazy<Task<int>>(() => LoadAsync()); Task<int> Get() => _value.Value;")]
    [InlineData("private readonly Lazy<Task<int>> {|AG0404:_value|}; C() { _value = new(LoadMineAsync); } async Task<int> Get() => await _value.Value;")]
    [InlineData("private static readonly System.Lazy<System.Threading.Tasks.Task<int>> {|AG0404:s_value|} = new(LoadAsync, LazyThreadSafetyMode.PublicationOnly);")]
    [InlineData("private Task<int>? {|AG0404:_task|}; Task<int> Get() => _task ??= LoadMineAsync();")]
    [InlineData("private Task<int>? {|AG0404:_task|}; async Task<int> Get() { if (_task == null) _task = LoadAsync(); return await _task; }")]
    [InlineData("private Task<int>? {|AG0404:_task|} = null; Task<int> Get() { if (this._task is null) { this._task = LoadAsync(); } return this._task; }")]
    [InlineData("private Task<int>? {|AG0404:_task|}; Task<int> Get() { if (_task == null) { lock (_gate) { if (_task == null) { _task = LoadMineAsync(); } } } return _task; }")]
    [InlineData("private static Task<int>? {|AG0404:s_task|}; static async Task<int> Get() { s_task ??= Task.Run(() => LoadAsync(3)); return await s_task; } bool Started => s_task != null;")]
    public Task Reports_an_async_lazy_value_written_by_hand(string members) => Diagnostics(InClass(members));

    [Theory]
    [InlineData("public readonly Lazy<Task<int>> Value = new Lazy<Task<int>>(() => LoadAsync());")]
    [InlineData("private readonly Lazy<int> _value = new Lazy<int>(() => 1);")]
    [InlineData("private readonly Lazy<Task> _value = new Lazy<Task>(() => Task.CompletedTask);")]
    [InlineData("private Task<int>? _task; C() { _task = LoadAsync(); } Task<int> Get() => _task!;")]
    [InlineData("private Task<int>? _task; Task<int> Get(int id) => _task ??= LoadAsync(id);")]
    [InlineData("private Task<int>? _task; Task<int> Get() => _task ??= LoadAsync(); void Reset() => _task = null;")]
    [InlineData("private Task<int>? _task; Task<int> Get() { if (_task == null || _task.IsFaulted) _task = LoadAsync(); return _task; }")]
    [InlineData("private Task<int>? _task; Task<int> Get() { _task = LoadAsync(); return _task; }")]
    [InlineData("private Task<int>? _task; TaskCompletionSource<int> _tcs = new(); Task<int> Get() => _task ??= _tcs.Task;")]
    [InlineData("private readonly Task<int>? _task = LoadAsync(); Task<int> Get() => _task!;")]
    [InlineData("private Task? _task; Task Get() => _task ??= Task.Delay(1);")]
    [InlineData("internal Task<int>? _task; Task<int> Get() => _task ??= LoadAsync();")]
    [InlineData("private Task<int>? _task; Task<int> Get() => _task ??= LoadAsync(); void Reset() => Interlocked.Exchange(ref _task, null);")]
    [InlineData("private Task<int>? _task; Task<int> Get() => _task ??= LoadAsync(); void Swap(Task<int> t) { int n; (_task, n) = (t, 1); }")]
    public Task Stays_silent(string members) => Diagnostics(InClass(members));

    [Fact]
    public Task Silent_without_the_runtime() => Diagnostics(
        InClass("private readonly Lazy<Task<int>> _value = new Lazy<Task<int>>(() => LoadAsync()); private Task<int>? _task; Task<int> Get() => _task ??= LoadAsync();"),
        withRuntime: false);

    [Fact]
    public Task Survives_half_typed_code() => Verify<AG0404AsyncLazyAnalyzer>.DiagnosticsInBrokenCode(Usings + """
        class C
        {
            private readonly Lazy<Task<int>> _value = new Lazy<Task<int>>(() => );
            private Task<int>? _task;
            private Task<Missing>? _other;
            Task<int> Get() => _task ??= ;
            Task<int> Other() { if (_other == null) _other = Load(; return _other; }
        }
        """ + LockAndLazyRuntime);

    [Fact]
    public Task Fix_lazy_task_field_and_its_uses() => Fix("""
        using System;
        using System.Threading.Tasks;

        class C
        {
            // the configuration, loaded once
            private readonly Lazy<Task<string>> {|AG0404:_config|} = new Lazy<Task<string>>(() => LoadAsync());

            static Task<string> LoadAsync() => Task.FromResult("x");

            public async Task<int> LengthAsync() => (await _config.Value).Length;

            public Task<string> ConfigAsync() => _config.Value;

            public bool Loaded => _config.IsValueCreated;
        }
        """, """
        using System;
        using System.Threading.Tasks;
        using AsyncGuard;

        class C
        {
            // the configuration, loaded once
            private readonly AsyncLazy<string> _config = new AsyncLazy<string>(() => LoadAsync());

            static Task<string> LoadAsync() => Task.FromResult("x");

            public async Task<int> LengthAsync() => (await _config).Length;

            public Task<string> ConfigAsync() => _config.Task;

            public bool Loaded => _config.IsStarted;
        }
        """);

    [Fact]
    public Task Fix_retrying_after_a_failure_with_a_constructor_assignment() => Fix("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            private readonly Lazy<Task<int>> {|AG0404:_value|};

            public C() => _value = new(LoadAsync, LazyThreadSafetyMode.ExecutionAndPublication);

            Task<int> LoadAsync() => Task.FromResult(1);

            public async Task<int> GetAsync() => await _value.Value.ConfigureAwait(false);
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using AsyncGuard;

        class C
        {
            private readonly AsyncLazy<int> _value;

            public C() => _value = new(LoadAsync, AsyncLazyOptions.RetryOnFailure);

            Task<int> LoadAsync() => Task.FromResult(1);

            public async Task<int> GetAsync() => await _value.Task.ConfigureAwait(false);
        }
        """, action: 1);

    [Fact]
    public Task Fix_a_task_started_by_hand() => Fix("""
        using System.Threading.Tasks;

        class C
        {
            private static Task<string>? {|AG0404:s_config|};
            private static readonly object s_gate = new object();

            static Task<string> LoadAsync() => Task.FromResult("x");

            public static Task<string> ConfigAsync() => s_config ??= LoadAsync();

            public static async Task<int> LengthAsync()
            {
                if (s_config == null)
                {
                    lock (s_gate)
                    {
                        if (s_config == null)
                        {
                            s_config = LoadAsync();
                        }
                    }
                }

                var config = await s_config;
                return config.Length;
            }
        }
        """, """
        using System.Threading.Tasks;
        using AsyncGuard;

        class C
        {
            private static AsyncLazy<string> s_config = new AsyncLazy<string>(() => LoadAsync());
            private static readonly object s_gate = new object();

            static Task<string> LoadAsync() => Task.FromResult("x");

            public static Task<string> ConfigAsync() => s_config.Task;

            public static async Task<int> LengthAsync()
            {
                var config = await s_config;
                return config.Length;
            }
        }
        """);

    [Fact]
    public Task Fix_an_instance_factory_goes_into_a_new_constructor() => Fix("""
        using System.Threading.Tasks;

        public class C
        {
            private Task<int>? {|AG0404:_count|};
            private int _seed = 2;

            Task<int> CountAsync() => Task.FromResult(_seed);

            public Task<int> GetAsync() => _count ??= CountAsync();
        }
        """, """
        using System.Threading.Tasks;
        using AsyncGuard;

        public class C
        {
            private AsyncLazy<int> _count;

            public C()
            {
                _count = new AsyncLazy<int>(() => CountAsync(), AsyncLazyOptions.RetryOnFailure);
            }

            private int _seed = 2;

            Task<int> CountAsync() => Task.FromResult(_seed);

            public Task<int> GetAsync() => _count.Task;
        }
        """, action: 1);

    [Fact]
    public Task Fix_an_instance_factory_is_assigned_in_each_constructor() => Fix("""
        using System.Threading.Tasks;

        class C
        {
            private Task<string>? {|AG0404:_name|} = null;
            private readonly string _prefix;

            public C(string prefix) { _prefix = prefix; }

            public C() : this("x") { }

            public C(int n) => _prefix = n.ToString();

            Task<string> LoadAsync() => Task.FromResult(_prefix);

            public async Task<int> LengthAsync()
            {
                if (_name is null)
                {
                    _name = this.LoadAsync();
                }

                return (await _name).Length;
            }
        }
        """, """
        using System.Threading.Tasks;
        using AsyncGuard;

        class C
        {
            private AsyncLazy<string> _name;
            private readonly string _prefix;

            public C(string prefix) { _name = new AsyncLazy<string>(() => this.LoadAsync()); _prefix = prefix; }

            public C() : this("x") { }

            public C(int n)
            {
                _name = new AsyncLazy<string>(() => this.LoadAsync());
                _prefix = n.ToString();
            }

            Task<string> LoadAsync() => Task.FromResult(_prefix);

            public async Task<int> LengthAsync()
            {
                return (await _name).Length;
            }
        }
        """);

    [Theory]
    [InlineData("private static Task<int>? {|AG0404:s_task|}; Task<int> Get() => s_task ??= LoadMineAsync();")]
    [InlineData("private Task<int>? {|AG0404:_task|}; Task<int> Get() => _task ??= LoadAsync(); bool Started => _task != null;")]
    [InlineData("private Task<int>? {|AG0404:_task|}; Task<int> Get() => _task!; Task<int> Start() => _task ??= LoadAsync();")]
    [InlineData("private readonly Lazy<Task<int>> {|AG0404:_value|} = new Lazy<Task<int>>(() => LoadAsync()); object Box() => _value;")]
    [InlineData("private readonly Lazy<Task<int>> {|AG0404:_value|} = new Lazy<Task<int>>(() => LoadAsync(), LazyThreadSafetyMode.None);")]
    public Task No_fix_where_a_use_is_not_understood(string members) => NoFix(InClass(members));
}
