using AsyncGuard.Analyzers.Cancellation;
using Xunit;
using VerifyAG0305 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0305DisposeTokenRegistrationAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// Issue 16, eleventh pass (debmix): a registration on a background service's own stopping token, made once by its
/// ExecuteAsync outside any loop (eShop's GracePeriodManagerService), lives as long as the service: silent by default,
/// reported again with report_service_stopping_token. Registrations in a loop, on other tokens or in other methods stay.
/// </summary>
public sealed class AG0305ServiceStoppingTokenTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    // The hosting abstraction, declared as its package declares it (the test references only the core library).
    private const string Hosting = """
        namespace Microsoft.Extensions.Hosting
        {
            public abstract class BackgroundService
            {
                protected abstract Task ExecuteAsync(CancellationToken stoppingToken);
            }
        }
        """;

    private const string Services = """
        class Log { public void Write(string s) { } }

        class Grace : Microsoft.Extensions.Hosting.BackgroundService
        {
            readonly Log _log = new();
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                var name = nameof(Grace);
                if (name.Length > 0)
                {
                    /*B*/stoppingToken.Register(() => _log.Write(name + " stopping"))/*E*/;
                }

                while (!stoppingToken.IsCancellationRequested)
                    await Task.Delay(1000, stoppingToken);
            }
        }

        abstract class Base : Microsoft.Extensions.Hosting.BackgroundService { }

        sealed class Derived(Log log) : Base
        {
            protected override async Task ExecuteAsync(CancellationToken token)
            {
                var start = DateTime.UtcNow;
                _ = /*B*/token.Register(delegate { log.Write(start.ToString()); })/*E*/;
                var kept = /*B*/token.Register(s => log.Write((string)s!), start.ToString())/*E*/;
                await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
            }
        }
        """;

    [Fact]
    public Task Silent_on_the_stopping_token_once_per_service() =>
        VerifyAG0305.NoDiagnostics(Usings + Hosting + Services.Replace("/*B*/", "").Replace("/*E*/", ""));

    [Fact]
    public Task The_option_reports_them() =>
        VerifyAG0305.DiagnosticsWithOptions(
            Usings + Hosting + Services.Replace("/*B*/", "{|AG0305:").Replace("/*E*/", "|}"),
            ServiceStoppingRegistrations.ReportOption + " = true");

    /// <summary>The nearest cases: a registration per round, on another token, inside a lambda, in another method, after a reassignment, or with a backward goto.</summary>
    [Fact]
    public Task Reported_where_registrations_pile_up_or_the_token_is_not_the_services() =>
        VerifyAG0305.Diagnostics(Usings + Hosting + """
            class Log { public void Write(string s) { } }

            class Loops(Log log) : Microsoft.Extensions.Hosting.BackgroundService
            {
                CancellationToken _other;
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    var round = 0;
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        round++;
                        {|AG0305:stoppingToken.Register(() => log.Write(round.ToString()))|};
                        await Task.Delay(1000, stoppingToken);
                    }

                    foreach (var i in new[] { 1, 2 })
                        {|AG0305:stoppingToken.Register(() => log.Write(i.ToString()))|};

                    {|AG0305:_other.Register(() => log.Write(round.ToString()))|};

                    Func<Task> later = async () => { {|AG0305:stoppingToken.Register(() => log.Write(round.ToString()))|}; await Task.Yield(); };
                    await later();
                }

                public async Task RunAsync(CancellationToken stoppingToken)
                {
                    var name = "run";
                    {|AG0305:stoppingToken.Register(() => log.Write(name))|};
                    await Task.Delay(1, stoppingToken);
                }
            }

            class Reassigned(Log log, CancellationToken other) : Microsoft.Extensions.Hosting.BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    var name = "r";
                    stoppingToken = other;
                    {|AG0305:stoppingToken.Register(() => log.Write(name))|};
                    await Task.Delay(1, stoppingToken);
                }
            }

            class Jumps(Log log) : Microsoft.Extensions.Hosting.BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    var n = 0;
                again:
                    {|AG0305:stoppingToken.Register(() => log.Write(n.ToString()))|};
                    await Task.Delay(1, stoppingToken);
                    if (++n < 3) goto again;
                }
            }

            // Not the hosting type: a class of the same name elsewhere.
            namespace Other { public abstract class BackgroundService { protected abstract Task ExecuteAsync(CancellationToken stoppingToken); } }

            class Lookalike(Log log) : Other.BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    var name = "x";
                    {|AG0305:stoppingToken.Register(() => log.Write(name))|};
                    await Task.Delay(1, stoppingToken);
                }
            }
            """);
}
