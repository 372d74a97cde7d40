using Xunit;
using VerifyAG0101 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0101BlockingWaitAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0101: `.Result` on an element picked from a collection (First, Single, Last, ElementAt, List.Find, an indexer, a
/// foreach variable) after a dominating `await Task.WhenAll(tasks)` of the same collection with nothing added since
/// (fix17, corpus17lib CryptoExchange.Net SocketConnection.ProcessReconnectAsync, UserDataTracker.StartAsync).
/// </summary>
public sealed class AG0101PickedElementTests
{
    private const string Usings = "using System; using System.Linq; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    private static string InClass(string body) => Usings + $$"""
        class C
        {
            static Task<int> RunAsync(int i) => Task.FromResult(i);
            static void Fill(List<Task<int>> tasks) { }

        {{body}}
        }
        """;

    [Theory]
    [InlineData("async Task<int> M() { var tasks = new List<Task<int>>(); for (var i = 0; i < 3; i++) tasks.Add(RunAsync(i)); await Task.WhenAll(tasks).ConfigureAwait(false); if (tasks.Any(t => t.Result < 0)) { return tasks.First(t => t.Result < 0).Result; } return 0; }")]
    [InlineData("async Task<int> M(List<Task<int>> tasks) { await Task.WhenAll(tasks); return tasks.Single(t => t.Result > 1).Result + tasks.Last().Result + tasks.ElementAt(0).Result; }")]
    [InlineData("async Task<int> M(Task<int>[] tasks) { await Task.WhenAll(tasks); return Enumerable.FirstOrDefault(tasks)!.Result + tasks.Where(t => t.Result > 0).First().Result; }")]
    [InlineData("async Task<int> M(List<Task<int>> tasks) { await Task.WhenAll(tasks); var n = 0; foreach (var t in tasks) n += t.Result; return n + tasks[0].Result + tasks.Find(t => t.IsFaulted)!.Result; }")]
    [InlineData("async Task<int> M(List<Task<int>> tasks) { await Task.WhenAll(tasks); if (tasks.Count == 0) return 0; await Task.Delay(1); return tasks.First().Result; }")]
    public Task Silent_on_an_element_of_an_awaited_WhenAll(string member) => VerifyAG0101.NoDiagnostics(InClass(member));

    [Theory]
    // Another collection.
    [InlineData("async Task<int> M(List<Task<int>> tasks, List<Task<int>> others) { await Task.WhenAll(tasks); return {|AG0101:others.First().Result|}; }")]
    // An element added after the WhenAll, directly, through the indexer, or by a helper that gets the list.
    [InlineData("async Task<int> M(List<Task<int>> tasks) { await Task.WhenAll(tasks); tasks.Add(RunAsync(9)); return {|AG0101:tasks.Last().Result|}; }")]
    [InlineData("async Task<int> M(List<Task<int>> tasks) { await Task.WhenAll(tasks); tasks[0] = RunAsync(9); return {|AG0101:tasks.First().Result|}; }")]
    [InlineData("async Task<int> M(Task<int>[] tasks) { await Task.WhenAll(tasks); tasks[0] = RunAsync(9); return {|AG0101:tasks[0].Result|}; }")]
    [InlineData("async Task<int> M(List<Task<int>> tasks) { await Task.WhenAll(tasks); Fill(tasks); return {|AG0101:tasks.ElementAt(1).Result|}; }")]
    // Reassigned after the WhenAll.
    [InlineData("async Task<int> M(List<Task<int>> tasks) { await Task.WhenAll(tasks); tasks = new List<Task<int>> { RunAsync(1) }; return {|AG0101:tasks.First().Result|}; }")]
    // WhenAny completes one task only.
    [InlineData("async Task<int> M(List<Task<int>> tasks) { await Task.WhenAny(tasks); return {|AG0101:tasks.First().Result|}; }")]
    // WhenAll not on every path.
    [InlineData("async Task<int> M(List<Task<int>> tasks, bool b) { if (b) await Task.WhenAll(tasks); return {|AG0101:tasks.Single().Result|}; }")]
    // Not an element operator: Max of the tasks' results would not compile; a user method named First proves nothing.
    [InlineData("async Task<int> M(List<Task<int>> tasks) { await Task.WhenAll(tasks); return {|AG0101:First(tasks).Result|}; } static Task<int> First(List<Task<int>> t) => RunAsync(0);")]
    public Task Reports_when_not_proven(string member) => VerifyAG0101.Diagnostics(InClass(member));
}
