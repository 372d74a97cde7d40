using Xunit;
using VerifyAG0305 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0305DisposeTokenRegistrationAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// Issue 16, nineteenth pass (a wrong finding in a library's queue helper): the callback stops a worker the function starts
/// and hands to a subscription (a lambda given to a call keeps it), and the function never waits for the worker. The
/// registration is meant to stop the worker whenever the token fires, after the function returned, so disposing it at the end
/// would break that: silent. Still reported: a worker the function awaits on after registering, one no other lambda keeps,
/// a callback that also uses a parameter.
/// </summary>
public sealed class AG0305HandedOffCallbackTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private static string InMethod(string body) => Usings + $$"""
        sealed class Worker
        {
            public Task StartAsync() => Task.CompletedTask;
            public Task StopAsync() => Task.CompletedTask;
            public void Stop() { }
            public void Write(int item) { }
            public Task Completion => Task.CompletedTask;
        }

        static class C
        {
            static void Subscribe(Action<int> onItem) { }
            static Task SubscribeAsync(Action<int> onItem) => Task.CompletedTask;

            public static async Task M(CancellationToken ct, Worker given)
            {
                var worker = new Worker();
                await worker.StartAsync();
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("ct.Register(async () => { await worker.StopAsync(); }); await SubscribeAsync(item => worker.Write(item));")]
    [InlineData("ct.Register(() => worker.Stop()); Subscribe(worker.Write); Subscribe(i => worker.Write(i));")]
    [InlineData("Subscribe(delegate (int i) { worker.Write(i); }); _ = ct.Register(worker.Stop); await Task.Yield();")]
    [InlineData("ct.Register(() => worker.Stop()); await SubscribeAsync(item => worker.Write(item)).ConfigureAwait(false); worker.Write(0);")]
    public Task Silent_for_a_worker_handed_to_a_subscription_and_never_awaited(string body) =>
        VerifyAG0305.NoDiagnostics(InMethod(body));

    [Theory]
    // Awaited after registering: the registration serves that wait and should end with it.
    [InlineData("{|AG0305:ct.Register(() => worker.Stop())|}; await SubscribeAsync(item => worker.Write(item)); await worker.Completion;")]
    [InlineData("{|AG0305:ct.Register(() => worker.Stop())|}; Subscribe(item => worker.Write(item)); await Task.WhenAny(worker.Completion, Task.Delay(10));")]
    // No other lambda keeps the worker: nothing outlives the function but the callback.
    [InlineData("{|AG0305:ct.Register(() => worker.Stop())|}; await Task.Delay(10);")]
    [InlineData("{|AG0305:ct.Register(() => worker.Stop())|}; Action stop = () => worker.Stop(); await Task.Delay(10);")]
    // The callback also uses a parameter of the function.
    [InlineData("{|AG0305:ct.Register(() => { worker.Stop(); given.Stop(); })|}; Subscribe(i => worker.Write(i));")]
    public Task Reported_where_the_function_waits_or_keeps_nothing(string body) =>
        VerifyAG0305.Diagnostics(InMethod(body));

    [Fact]
    public Task Half_typed_code_does_not_throw() =>
        VerifyAG0305.DiagnosticsInBrokenCode(Usings + """
            static class C
            {
                static void Subscribe(Action<int> onItem) { }
                public static async Task M(CancellationToken ct)
                {
                    var worker = new Unknown();
                    {|AG0305:ct.Register(() => worker.Stop())|};
                    Listen(i => worker.Write(i));
                    await Task.Yield();
                }

                public static async Task N(CancellationToken ct)
                {
                    var worker = new Unknown();
                    // An unfinished call is not a proven hand-off.
                    {|AG0305:ct.Register(() => worker.Stop())|};
                    Subscribe(i => worker.Write(i)
                    await Task.Yield();
                }
            }
            """);
}
