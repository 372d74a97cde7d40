using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// Issue 16 (w2c): an async local function the caller only starts and drops, whose body reads no token, is work detached
/// from the caller's lifetime: the caller's tokens are not offered inside it (<c>report_detached_work</c> offers them).
/// The local function's own tokens, the type's tokens, and every token where the work is awaited, kept or already reads
/// a token are still offered.
/// </summary>
public sealed class AG0301DetachedWorkTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private const string Node = """
        class Node
        {
            public Task SetUserAsync(string name, CancellationToken cancellationToken = default) => Task.CompletedTask;
        }

        class Request
        {
            public CancellationToken Aborted { get; set; }
        }

        """;

    private static string InHandler(string body, string members = "") => Usings + Node + $$"""
        class Handler
        {
            private readonly Node _primary = new Node();
            {{members}}

            public async Task HandleAsync(Request request, string name, CancellationToken ct)
            {
                await Task.Yield();
                {{body}}
            }
        }
        """;

    [Theory]
    // the request's token (a parameter member), the discard started once
    [InlineData("""
        async Task UpdateAsync()
        {
            try { await _primary.SetUserAsync(name); }
            catch (Exception) { }
        }

        _ = UpdateAsync();
        """)]
    // a token parameter of the caller, expression-bodied local function started by a bare call
    [InlineData("""
        async Task UpdateAsync() => await _primary.SetUserAsync(name).ConfigureAwait(false);
        UpdateAsync();
        """)]
    // a local source of the caller, declared before the local function; started twice, dropped each time
    [InlineData("""
        using var cts = new CancellationTokenSource();
        async Task UpdateAsync() { await _primary.SetUserAsync(name); }
        if (name.Length > 1) _ = UpdateAsync(); else _ = UpdateAsync();
        """)]
    public Task Caller_tokens_are_not_offered_to_detached_work(string body) => VerifyAG0301.NoDiagnostics(InHandler(body));

    [Fact]
    public Task Detached_work_is_reported_with_the_key() => VerifyAG0301.DiagnosticsWithOptions(InHandler("""
        async Task UpdateAsync() { await _primary.{|AG0301:SetUserAsync|}(name); }
        _ = UpdateAsync();
        """), "dotnet_diagnostic.AG0301.report_detached_work = true");

    [Theory]
    // awaited: the caller waits for it, so its token belongs to the work
    [InlineData("""
        async Task UpdateAsync() { await _primary.{|AG0301:SetUserAsync|}(name); }
        await UpdateAsync();
        """)]
    // kept in a local (awaited later, or observed): not dropped
    [InlineData("""
        async Task UpdateAsync() { await _primary.{|AG0301:SetUserAsync|}(name); }
        var pending = UpdateAsync();
        await pending;
        """)]
    // dropped once, awaited elsewhere
    [InlineData("""
        async Task UpdateAsync() { await _primary.{|AG0301:SetUserAsync|}(name); }
        _ = UpdateAsync();
        await UpdateAsync();
        """)]
    // handed on (Task.Run of the method group)
    [InlineData("""
        async Task UpdateAsync() { await _primary.{|AG0301:SetUserAsync|}(name); }
        _ = Task.Run(UpdateAsync);
        """)]
    // the body reads a token (a loop that tests the caller's token): it is tied to that lifetime
    [InlineData("""
        async Task UpdateAsync()
        {
            while (!ct.IsCancellationRequested) { await _primary.{|AG0301:SetUserAsync|}(name); }
        }

        _ = UpdateAsync();
        """)]
    // the local function's own token parameter
    [InlineData("""
        async Task UpdateAsync(CancellationToken token) { await _primary.{|AG0301:SetUserAsync|}(name); }
        _ = UpdateAsync(ct);
        """)]
    // not a local function: the call directly in the handler
    [InlineData("await _primary.{|AG0301:SetUserAsync|}(name);")]
    // a dropped lambda is not covered
    [InlineData("""
        Func<Task> update = async () => await _primary.{|AG0301:SetUserAsync|}(name);
        _ = update();
        """)]
    public Task Tokens_of_work_that_is_not_detached_are_still_offered(string body) => VerifyAG0301.Diagnostics(InHandler(body));

    [Fact]
    public Task The_types_own_token_is_still_offered_to_detached_work() => VerifyAG0301.Diagnostics(InHandlerWithoutTokens("""
        async Task UpdateAsync() { await _primary.{|AG0301:SetUserAsync|}(name); }
        _ = UpdateAsync();
        """));

    private static string InHandlerWithoutTokens(string body) => Usings + Node + $$"""
        class Handler
        {
            private readonly Node _primary = new Node();
            private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

            public async Task RunAsync(string name)
            {
                await _primary.SetUserAsync(name, _stopping.Token);
                {{body}}
            }
        }
        """;

    [Fact]
    public Task Half_typed_detached_work_does_not_crash() => VerifyAG0301.NoDiagnostics(InHandler("""
        {|CS0103:Missing|}();
        async Task Other() { await {|CS0103:Unknown|}.SetUserAsync(name); }
        _ = Other();
        """));
}
