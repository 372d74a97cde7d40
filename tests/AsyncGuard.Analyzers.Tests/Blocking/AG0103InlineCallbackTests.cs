using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Core;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0103 in callbacks the framework runs inline through a delegate type with no async form — cancellation registrations
/// and TLS certificate callbacks (issue 16, wave 2): silent by default, reported with report_external_contracts.
/// </summary>
public sealed class AG0103InlineCallbackTests
{
    private const string Usings = "using System; using System.IO; using System.Net.Security; using System.Security.Cryptography.X509Certificates; using System.Threading; using System.Threading.Tasks;\n";

    // Each wait is marked {|AG0103:..|} only for the option's test; the default test strips the marks.
    private const string Silenced = Usings + """
        class Dispatcher
        {
            private readonly CancellationTokenSource _cts = new();
            private Task SaveAsync() => Task.CompletedTask;
            // A lambda handed to Register, block and expression bodied, and an anonymous method to UnsafeRegister.
            public void Start(CancellationToken token)
            {
                _cts.Token.Register(() =>
                {
                    try { [|SaveAsync().ConfigureAwait(false).GetAwaiter().GetResult()|]; } catch (Exception) { }
                });
                token.Register(state => [|((Task)state!).Wait()|], SaveAsync());
                token.UnsafeRegister(delegate (object? state) { [|SaveAsync().Wait()|]; }, null);
                // A private method whose only use is the whole body of a registered lambda, or a method group given to Register.
                token.Register(() => OnClosed());
                token.Register(OnStopped);
            }
            private void OnClosed() { [|SaveAsync().Wait()|]; }
            private void OnStopped() => [|SaveAsync().GetAwaiter().GetResult()|];
        }
        // TLS certificate callbacks: a lambda of the delegate type, and an internal method reached only through such lambdas.
        class Handshake
        {
            private Task<bool> AskUserAsync() => Task.FromResult(true);
            public SslStream Open(Stream inner) => new SslStream(inner, false,
                (sender, certificate, chain, errors) => [|AskUserAsync().Result|]);
            internal bool Validate(object sender, int session, X509Certificate? certificate, SslPolicyErrors errors)
            {
                [|AskUserAsync().Wait()|];
                return errors == SslPolicyErrors.None;
            }
            internal X509Certificate? Select(object sender, string host) => [|Task.FromResult<X509Certificate?>(null).Result|];
        }
        class Factory
        {
            public SslStream Open(Stream inner, Handshake proxy, int session) => new SslStream(inner, false,
                (sender, certificate, chain, errors) => proxy.Validate(sender, session, certificate, errors),
                (sender, host, local, remote, issuers) => { return proxy.Select(sender, host); });
        }
        """;

    private const string Reported = Usings + """
        class Dispatcher
        {
            private Task SaveAsync() => Task.CompletedTask;
            public void Start(CancellationToken token, System.Timers.Timer timer)
            {
                // Timer and event callbacks are not run inline by a canceller or a handshake: still reported.
                var t = new Timer(_ => {|AG0103:SaveAsync().Wait()|});
                timer.Elapsed += (s, e) => {|AG0103:SaveAsync().Wait()|};
                Action later = () => {|AG0103:SaveAsync().Wait()|};
                token.Register(later);
                // A lambda nested inside the callback is not the callback.
                token.Register(() => { Action inner = () => {|AG0103:SaveAsync().Wait()|}; inner(); });
                // The method also called directly, or the call being one step of the lambda, or a public method.
                token.Register(() => Both());
                Both();
                token.Register(() => { Step(); Console.WriteLine(); });
                token.Register(() => Open());
            }
            private void Both() { {|AG0103:SaveAsync().Wait()|}; }
            private void Step() { {|AG0103:SaveAsync().Wait()|}; }
            public void Open() { {|AG0103:SaveAsync().Wait()|}; }
            // A Register of the code base's own type.
            public void Register(Action a) { }
            public void Own() => Register(() => {|AG0103:SaveAsync().Wait()|});
        }
        class Handshake
        {
            private Task<bool> AskUserAsync() => Task.FromResult(true);
            // Stored in a Func, not a certificate callback type; an internal method also used elsewhere.
            public Func<object, bool> Check => _ => {|AG0103:AskUserAsync().Result|};
            internal bool Validate(object sender) => {|AG0103:AskUserAsync().Result|};
            public bool Direct(object sender) => Validate(sender);
            public SslStream Open(Stream inner) => new SslStream(inner, false, (sender, c, ch, e) => Validate(sender));
        }
        """;

    [Fact]
    public Task Silent_in_cancellation_registrations_and_certificate_callbacks() =>
        VerifyAG0103.Diagnostics(Silenced.Replace("[|", "").Replace("|]", ""));

    [Fact]
    public Task Reported_for_timers_events_nested_lambdas_shared_and_public_methods() =>
        VerifyAG0103.Diagnostics(Reported);

    [Fact]
    public Task The_external_contracts_option_reports_inline_callbacks_too()
    {
        var test = new AnalyzerTest<AG0103SyncOverAsyncAnalyzer> { TestCode = Silenced.Replace("[|", "{|AG0103:").Replace("|]", "|}") };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.AG0103." + ExternalContracts.ReportOptionName + " = true\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Half_typed_callbacks_do_not_throw() =>
        VerifyAG0103.DiagnosticsInBrokenCode(Usings + """
            class Broken
            {
                private Task SaveAsync() => Task.CompletedTask;
                public void Start(CancellationToken token, Missing m)
                {
                    token.Register(() => {|AG0103:SaveAsync().Wait()|}, m.Unknown);
                    m.Register(() => {|AG0103:SaveAsync().Wait()|});
                    token.Register(() => Gone());
                    token.Register(() => Half());
                }
                private void Half(int x) { {|AG0103:SaveAsync().Wait()|}; }
            }
            """);
}
