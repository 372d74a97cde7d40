using Xunit;
using VerifyAG0201 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0201UnobservedTaskAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// AG0201 shapes from the peers' issue trackers (thirteenth pass): a dropped call that keeps the task it hands back in a
/// shared store (a concurrent dictionary, an immutable dictionary field, a memory cache) drops a second reference only.
/// </summary>
public sealed class AG0201PeerReportTests
{
    private const string Usings = "using System; using System.Collections.Concurrent; using System.Collections.Immutable; using System.Threading; using System.Threading.Tasks;\n";

    private const string CacheStub = """

        namespace Microsoft.Extensions.Caching.Memory
        {
            public interface IMemoryCache { }
            public interface ICacheEntry { }
            public static class CacheExtensions
            {
                public static TItem Set<TItem>(this IMemoryCache cache, object key, TItem value) => value;
                public static TItem GetOrCreate<TItem>(this IMemoryCache cache, object key, Func<ICacheEntry, TItem> factory) => factory(null!);
            }
        }
        """;

    [Fact]
    public Task Silent_when_the_store_keeps_the_task_it_hands_back() =>
        VerifyAG0201.NoDiagnostics(Usings + "using Microsoft.Extensions.Caching.Memory;\n" + """
            class Prefetcher
            {
                private readonly ConcurrentDictionary<string, Task<int>> _pending = new();
                private readonly ConcurrentDictionary<int, ValueTask> _flushes = new();
                private ImmutableDictionary<string, Task> _loads = ImmutableDictionary<string, Task>.Empty;
                private readonly IMemoryCache _cache;

                public Prefetcher(IMemoryCache cache) => _cache = cache;

                private Task<int> LoadAsync(string key) => Task.FromResult(key.Length);

                public void Warm(string key, ConcurrentDictionary<string, Task<int>>? other)
                {
                    _pending.GetOrAdd(key, LoadAsync);
                    _pending.GetOrAdd(key, k => LoadAsync(k));
                    _pending.GetOrAdd(key, static (k, self) => self.LoadAsync(k), this);
                    _pending.AddOrUpdate(key, LoadAsync, (k, _) => LoadAsync(k));
                    other?.GetOrAdd(key, LoadAsync);
                    _flushes.GetOrAdd(1, _ => new ValueTask(Task.Delay(1)));
                    ImmutableInterlocked.GetOrAdd(ref _loads, key, k => Task.Delay(k.Length));
                    _cache.Set(key, LoadAsync(key));
                    _cache.GetOrCreate(key, _ => LoadAsync(key));
                }

                public Action Later(string key) => () => _pending.GetOrAdd(key, LoadAsync);
            }
            """ + CacheStub);

    [Fact]
    public Task Still_reported_when_the_call_keeps_nothing() =>
        VerifyAG0201.Diagnostics(Usings + """
            class MyCache
            {
                public Task<int> GetOrAdd(string key) => Task.FromResult(key.Length);
                public Task<int> AddOrUpdate(string key, Func<string, Task<int>> f) => f(key);
            }

            class Prefetcher
            {
                private readonly ConcurrentDictionary<string, Task<int>> _pending = new();
                private Task<int> LoadAsync(string key) => Task.FromResult(key.Length);

                public void Warm(string key, MyCache mine)
                {
                    {|AG0201:LoadAsync(key)|};
                    {|AG0201:mine.GetOrAdd(key)|};
                    {|AG0201:mine.AddOrUpdate(key, LoadAsync)|};
                    {|AG0201:_pending.GetOrAdd(key, LoadAsync).ContinueWith(_ => Console.WriteLine(), TaskScheduler.Default)|};
                }
            }
            """);
}
