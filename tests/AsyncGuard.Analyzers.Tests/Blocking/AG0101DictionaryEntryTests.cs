using Xunit;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// Issue 16, held-out ho4a (datastax/csharp-driver's contact-point resolution): a dictionary of tasks awaited through
/// <c>Task.WhenAll(d.Values)</c> and then read entry by entry (<c>d.ToDictionary(e =&gt; e.Key, e =&gt; e.Value.Result)</c>,
/// <c>foreach (var e in d) .. e.Value.Result</c>): each value is complete (Core/DictionaryEntries.cs). The wait in the LINQ
/// lambda is AG0103's (a synchronous lambda), the one in the loop AG0101's. Still reported: a dictionary changed after the
/// await, another dictionary awaited, an entry's value read before the await, a WhenAny.
/// </summary>
public sealed class AG0101DictionaryEntryTests
{
    private const string Usings = "using System; using System.Collections.Concurrent; using System.Collections.Generic; using System.Linq; using System.Threading; using System.Threading.Tasks;\n";

    private static Task Verify101(string source) =>
        new Verifiers.AnalyzerTest<AsyncGuard.Analyzers.Blocking.AG0101BlockingWaitAnalyzer> { TestCode = Usings + source }.RunAsync();

    private static Task Verify103(string source) =>
        new Verifiers.AnalyzerTest<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer> { TestCode = Usings + source }.RunAsync();

    private const string Silent = """
        class Resolver
        {
            private readonly ConcurrentDictionary<string, Task<int>> _pending = new();

            async Task<Dictionary<string, int>> Resolve(Dictionary<string, Task<int>> lookups)
            {
                await Task.WhenAll(lookups.Values).ConfigureAwait(false);
                return lookups.ToDictionary(e => e.Key, e => e.Value.Result);
            }

            async Task<int> Sum(IReadOnlyDictionary<string, Task<int>> lookups)
            {
                await Task.WhenAll(lookups.Values);
                var sum = 0;
                foreach (var entry in lookups)
                {
                    sum += entry.Value.Result;
                }

                return sum + lookups.Where(e => e.Key.Length > 0).Select(e => e.Value.GetAwaiter().GetResult()).Sum();
            }

            async Task<int> Field()
            {
                await Task.WhenAll(_pending.Values);
                return _pending.Sum(e => e.Value.Result);
            }
        }
        """;

    [Fact]
    public Task Silent_on_entries_of_a_dictionary_awaited_through_its_values_AG0101() => Verify101(Silent);

    [Fact]
    public Task Silent_on_entries_of_a_dictionary_awaited_through_its_values_AG0103() => Verify103(Silent);

    private const string Reported = """
        class Resolver
        {
            async Task<int> Changed(Dictionary<string, Task<int>> lookups, Func<Task<int>> more)
            {
                await Task.WhenAll(lookups.Values);
                lookups["late"] = more();
                var sum = 0;
                foreach (var entry in lookups)
                {
                    sum += {|AG0101:entry.Value.Result|};
                }

                return sum;
            }

            async Task<int> Other(Dictionary<string, Task<int>> lookups, Dictionary<string, Task<int>> others)
            {
                await Task.WhenAll(others.Values);
                var sum = 0;
                foreach (var entry in lookups)
                {
                    sum += {|AG0101:entry.Value.Result|};
                }

                return sum;
            }

            async Task<int> Raced(Dictionary<string, Task<int>> lookups)
            {
                await Task.WhenAny(lookups.Values);
                var sum = 0;
                foreach (var entry in lookups)
                {
                    sum += {|AG0101:entry.Value.Result|};
                }

                return sum;
            }

            async Task<int> Before(Dictionary<string, Task<int>> lookups)
            {
                var sum = 0;
                foreach (var entry in lookups)
                {
                    sum += {|AG0101:entry.Value.Result|};
                }

                await Task.WhenAll(lookups.Values);
                return sum;
            }

            async Task<int> Pairs(List<KeyValuePair<string, Task<int>>> pairs, Dictionary<string, Task<int>> lookups)
            {
                await Task.WhenAll(lookups.Values);
                var sum = 0;
                foreach (var entry in pairs)
                {
                    sum += {|AG0101:entry.Value.Result|};
                }

                return sum;
            }
        }
        """;

    [Fact]
    public Task Reported_when_the_dictionary_may_hold_a_pending_task() => Verify101(Reported);

    [Fact]
    public Task Half_typed_code_does_not_throw() => Verify101("""
        class Resolver
        {
            async Task<int> Broken(Dictionary<string, Task<int>> lookups)
            {
                await Task.WhenAll({|CS0103:missing|}.Values);
                var sum = 0;
                foreach (var entry in lookups)
                {
                    sum += {|AG0101:entry.Value.Result|} + entry.{|CS1061:Valu|}.Result;
                }

                return sum;
            }
        }
        """);
}
