using Xunit;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// Issue 16, fourteenth pass (wrong16; CAP's RedisConnectionPool): a constructor's wait on its own private async initializer
/// whose one await is `WaitAsync()` on a private readonly `SemaphoreSlim` made with a free count, named nowhere else in the
/// type, the initializer called nowhere else: the lock is uncontended, the initializer runs to its end synchronously and
/// its task is complete. The nearest cases stay reported.
/// </summary>
public sealed class AG0103UncontendedInitializerTests
{
    private const string Usings = "using System; using System.Collections.Concurrent; using System.Threading; using System.Threading.Tasks;\n";

    private static Task Verify(string source) =>
        new Verifiers.AnalyzerTest<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer> { TestCode = Usings + source }.RunAsync();

    [Fact]
    public Task Silent_on_an_initializer_behind_a_fresh_lock() => Verify("""
        class Pool
        {
            private readonly ConcurrentBag<object> _connections = new();
            private readonly SemaphoreSlim _poolLock = new(1);
            private readonly int _size;

            public Pool(int size)
            {
                _size = size;
                Init().GetAwaiter().GetResult();
            }

            private async Task Init()
            {
                try
                {
                    await _poolLock.WaitAsync();
                    if (!_connections.IsEmpty) return;
                    for (var i = 0; i < _size; i++) _connections.Add(new object());
                }
                finally
                {
                    _poolLock.Release();
                }
            }
        }

        class Other
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(2, 2);

            public Other() => this.Start().Wait();

            private async Task Start()
            {
                await this._gate.WaitAsync().ConfigureAwait(false);
                Console.WriteLine("started");
            }
        }
        """);

    [Fact]
    public Task Reported_where_the_lock_may_be_taken_or_the_initializer_awaits_more() => Verify("""
        class Closed
        {
            private readonly SemaphoreSlim _lock = new(0);
            public Closed() { {|AG0103:Init().GetAwaiter().GetResult()|}; }
            private async Task Init() { await _lock.WaitAsync(); }
        }

        class Shared
        {
            private readonly SemaphoreSlim _lock = new(1);
            public Shared() { {|AG0103:Init().GetAwaiter().GetResult()|}; }
            private async Task Init() { await _lock.WaitAsync(); _lock.Release(); }
            public async Task UseAsync() { await _lock.WaitAsync(); }
        }

        class Twice
        {
            private readonly SemaphoreSlim _lock = new(1);
            public Twice() { {|AG0103:Init().GetAwaiter().GetResult()|}; }
            public Twice(int n) : this() { {|AG0103:Init().GetAwaiter().GetResult()|}; }
            private async Task Init() { await _lock.WaitAsync(); }
        }

        class MoreWork
        {
            private readonly SemaphoreSlim _lock = new(1);
            public MoreWork() { {|AG0103:Init().GetAwaiter().GetResult()|}; }
            private async Task Init() { await _lock.WaitAsync(); await Task.Delay(1); _lock.Release(); }
        }

        class InALoop
        {
            private readonly SemaphoreSlim _lock = new(1);
            public InALoop() { {|AG0103:Init().GetAwaiter().GetResult()|}; }
            private async Task Init() { for (var i = 0; i < 2; i++) await _lock.WaitAsync(); }
        }

        class Timed
        {
            private readonly SemaphoreSlim _lock = new(1);
            public Timed() { {|AG0103:Init().GetAwaiter().GetResult()|}; }
            private async Task Init() { await _lock.WaitAsync(1000); }
        }

        class Settable
        {
            private SemaphoreSlim _lock = new(1);
            public Settable() { {|AG0103:Init().GetAwaiter().GetResult()|}; }
            private async Task Init() { await _lock.WaitAsync(); }
        }

        class NotAConstructor
        {
            private readonly SemaphoreSlim _lock = new(1);
            public void Open() { {|AG0103:Init().GetAwaiter().GetResult()|}; }
            private async Task Init() { await _lock.WaitAsync(); }
        }

        class Visible
        {
            private readonly SemaphoreSlim _lock = new(1);
            public Visible() { {|AG0103:Init().GetAwaiter().GetResult()|}; }
            protected virtual async Task Init() { await _lock.WaitAsync(); }
        }
        """);
}
