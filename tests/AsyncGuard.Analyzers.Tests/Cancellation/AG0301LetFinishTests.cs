using AsyncGuard.Analyzers.Cancellation;
using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// Issue 16 (d301): shapes where the token is left out on purpose or already governs the wait. A request's abort token is
/// not offered to a change of a shared object's state (<c>report_shared_state_changes</c>) nor to more of the request's own
/// I/O (<c>report_request_body_io</c>: a text reader over the request body, the connection's client certificate, a call
/// context carrying the HttpContext, a timeout wrapper around own-body I/O); a drain loop's delay in
/// <c>IHostedService.StopAsync</c> is silent (<c>report_stop_drains</c>); a take right after a wait for availability given
/// the token is silent (no option). The nearest shapes of right findings are still reported.
/// </summary>
public sealed class AG0301LetFinishTests
{
    private const string Usings = "using System; using System.IO; using System.Text; using System.Threading; using System.Threading.Channels; using System.Threading.Tasks; using Microsoft.AspNetCore.Http;\n";

    private const string PlainUsings = "using System; using System.Threading; using System.Threading.Channels; using System.Threading.Tasks;\n";

    // ---- shared state changes -------------------------------------------------------------------------------------

    private const string Cluster = """
        public sealed class Node
        {
            private DateTime _seen;
            public async Task SetAsync(string value, CancellationToken cancellationToken = default)
            {
                await Task.Delay(1, cancellationToken);
                _seen = DateTime.UtcNow;
            }
        }

        public class Cluster
        {
            private string[] _nodes = new string[0];
            private int _version;
            private readonly Node _primary = new Node();

            public async Task JoinAsync(string url, CancellationToken cancellationToken = default)
            {
                var nodes = await FetchAsync(url, cancellationToken).ConfigureAwait(false);
                _nodes = nodes;
            }

            public async Task<int> BumpAsync(CancellationToken cancellationToken = default)
            {
                if (_nodes.Length > 0)
                {
                    await Task.Delay(1, cancellationToken);
                }

                _version++;
                return _version;
            }

            public async Task<string[]> ReadAsync(CancellationToken cancellationToken = default)
            {
                await Task.Delay(1, cancellationToken);
                return _nodes;
            }

            public async Task RecordFirstAsync(CancellationToken cancellationToken = default)
            {
                _version = 1;
                await Task.Delay(1, cancellationToken);
            }

            public async Task DeferAsync(CancellationToken cancellationToken = default)
            {
                await Task.Delay(1, cancellationToken);
                Action later = () => _version = 3;
                later();
            }

            public virtual async Task VirtualJoinAsync(CancellationToken cancellationToken = default)
            {
                await Task.Delay(1, cancellationToken);
                _version = 2;
            }

            public Node Primary() => _primary;

            private static Task<string[]> FetchAsync(string url, CancellationToken cancellationToken) => Task.FromResult(new[] { url });
        }

        public sealed class Web
        {
            public Cluster Cluster = new Cluster();
        }

        """;

    [Fact]
    public Task Request_token_is_not_offered_to_changes_of_shared_objects() => VerifyAG0301.NoDiagnostics(Usings + Cluster + """
        public sealed class Api
        {
            private static readonly Cluster Shared = new Cluster();
            private readonly Web _web = new Web();
            private readonly Cluster _cluster = new Cluster();

            // a field chain, expression-bodied
            public async Task JoinAsync(HttpContext context) => await _web.Cluster.JoinAsync("https://primary");

            // a field, the counter written after a conditional await, ConfigureAwait
            public async Task<int> BumpAsync(HttpContext context)
            {
                var version = await _cluster.BumpAsync().ConfigureAwait(false);
                return version;
            }

            // a call result on a field, and a static field
            public async Task SetAsync(HttpContext context)
            {
                var aborted = context.RequestAborted;
                await _web.Cluster.Primary().SetAsync("value");
                await Shared.JoinAsync("https://other");
            }
        }
        """ + AspNetStubs.Http);

    [Fact]
    public Task Shared_state_changes_are_reported_with_the_key() => VerifyAG0301.DiagnosticsWithOptions(Usings + Cluster + """
        public sealed class Api
        {
            private readonly Cluster _cluster = new Cluster();
            public async Task JoinAsync(HttpContext context) => await _cluster.{|AG0301:JoinAsync|}("https://primary");
        }
        """ + AspNetStubs.Http, SharedStateChanges.ReportOption + " = true");

    [Fact]
    public Task Reads_locals_parameters_own_methods_and_other_tokens_are_still_reported() => VerifyAG0301.Diagnostics(Usings + Cluster + """
        public sealed class Api
        {
            private readonly Cluster _cluster = new Cluster();
            private int _count;

            public async Task Handle(HttpContext context, Cluster given)
            {
                // a read of the shared object (nothing recorded after its await)
                await _cluster.{|AG0301:ReadAsync|}();
                // the state written before the token's await, an overridable method, a write in a lambda
                await _cluster.{|AG0301:RecordFirstAsync|}();
                await _cluster.{|AG0301:VirtualJoinAsync|}();
                await _cluster.{|AG0301:DeferAsync|}();
                // an object the request made or was given
                var local = new Cluster();
                await local.{|AG0301:JoinAsync|}("https://primary");
                await given.{|AG0301:JoinAsync|}("https://primary");
                // the handler's own method
                await {|AG0301:UpdateOwnAsync|}();
            }

            public async Task WithParameterToken(HttpContext context, CancellationToken cancellationToken)
            {
                // the caller's own token is still offered
                await _cluster.{|AG0301:JoinAsync|}("https://primary");
            }

            private async Task UpdateOwnAsync(CancellationToken cancellationToken = default)
            {
                await Task.Delay(1, cancellationToken);
                _count++;
            }
        }
        """ + AspNetStubs.Http);

    [Fact]
    public Task Shared_state_changes_in_half_typed_code() => VerifyAG0301.DiagnosticsInBrokenCode(Usings + Cluster + """
        public sealed class Api
        {
            private readonly Cluster _cluster = new Cluster();
            public async Task Handle(HttpContext context)
            {
                await _cluster.JoinAsync("x");
                await _cluster.Missing("x");
                await _unknown.JoinAsync("x");
                var half = 
            }
        }
        """ + AspNetStubs.Http);

    // ---- more of the request's own I/O (report_request_body_io) ----------------------------------------------------

    private const string CallContext = """
        public abstract class CallContext
        {
            public abstract HttpContext HttpContext { get; }
            public abstract CancellationToken CancellationToken { get; }
        }

        public static class Timeouts
        {
            public static Task RunAsync(Func<CancellationToken, Task> work, int milliseconds, CancellationToken cancellationToken = default) => work(cancellationToken);
        }

        """;

    [Fact]
    public Task Request_token_is_not_offered_to_more_of_the_requests_own_io() => VerifyAG0301.NoDiagnostics(Usings + CallContext + """
        public sealed class Endpoint
        {
            public async Task<string> ReadText(HttpContext context)
            {
                using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
                    return await reader.ReadToEndAsync();
            }

            public async Task ReadLine(HttpContext context)
            {
                using var reader = new StreamReader(context.Request.Body);
                var line = await reader.ReadLineAsync().ConfigureAwait(false);
            }

            public async Task Certificate(HttpContext context)
            {
                var request = context.Request;
                var viaRequest = await request.HttpContext.Connection.GetClientCertificateAsync();
                var direct = await context.Connection.GetClientCertificateAsync();
            }

            public async Task Carrier(CallContext call)
            {
                var response = call.HttpContext.Response;
                if (true)
                {
                    await response.StartAsync();
                }
            }

            public async Task Wrapped(HttpContext context)
            {
                var response = context.Response;
                using (var memory = new MemoryStream(new byte[8]))
                {
                    await Timeouts.RunAsync(async delegate (CancellationToken t)
                    {
                        await memory.CopyToAsync(response.Body, 512, t);
                    }, 1000);
                    await Timeouts.RunAsync(t => memory.CopyToAsync(response.Body, 512, t), 1000);
                }
            }
        }
        """ + AspNetStubs.Http);

    [Fact]
    public Task Own_io_is_reported_with_the_key() => VerifyAG0301.DiagnosticsWithOptions(Usings + CallContext + """
        public sealed class Endpoint
        {
            public async Task<string> ReadText(HttpContext context)
            {
                using var reader = new StreamReader(context.Request.Body);
                var cert = await context.Connection.{|AG0301:GetClientCertificateAsync|}();
                return await reader.{|AG0301:ReadToEndAsync|}();
            }
        }
        """ + AspNetStubs.Http, RequestBodyIo.ReportOption + " = true");

    [Fact]
    public Task Other_streams_other_tokens_and_mixed_wrappers_are_still_reported() => VerifyAG0301.Diagnostics(Usings + CallContext + """
        public sealed class Endpoint
        {
            public async Task<string> FromFile(HttpContext context, Stream file)
            {
                using var reader = new StreamReader(file);
                return await reader.{|AG0301:ReadToEndAsync|}();
            }

            public async Task<string> WithOwnToken(HttpContext context, CancellationToken ct)
            {
                using var reader = new StreamReader(context.Request.Body);
                return await reader.{|AG0301:ReadToEndAsync|}();
            }

            public async Task OtherConnection(HttpContext context, HttpContext other)
            {
                var cert = await other.Connection.{|AG0301:GetClientCertificateAsync|}();
            }

            public async Task CarrierSendsAFile(CallContext call)
            {
                await call.HttpContext.Response.{|AG0301:SendFileAsync|}("file.bin");
            }

            public async Task MixedWrapper(HttpContext context)
            {
                var response = context.Response;
                var memory = new MemoryStream();
                await Timeouts.{|AG0301:RunAsync|}(async t =>
                {
                    await Task.Delay(10, t);
                    await memory.CopyToAsync(response.Body, 512, t);
                }, 1000);
                await Timeouts.{|AG0301:RunAsync|}(t => Task.Delay(10, t), 1000);
            }
        }
        """ + AspNetStubs.Http);

    // ---- drain loops in StopAsync ----------------------------------------------------------------------------------

    private const string Hosting = """

        namespace Microsoft.Extensions.Hosting
        {
            public interface IHostedService
            {
                System.Threading.Tasks.Task StartAsync(System.Threading.CancellationToken cancellationToken);
                System.Threading.Tasks.Task StopAsync(System.Threading.CancellationToken cancellationToken);
            }

            public abstract class BackgroundService : IHostedService
            {
                public virtual System.Threading.Tasks.Task StartAsync(System.Threading.CancellationToken cancellationToken) => System.Threading.Tasks.Task.CompletedTask;
                public virtual System.Threading.Tasks.Task StopAsync(System.Threading.CancellationToken cancellationToken) => System.Threading.Tasks.Task.CompletedTask;
            }
        }
        """;

    [Fact]
    public Task Drain_loops_in_stop_are_silent() => VerifyAG0301.NoDiagnostics(PlainUsings + """
        public sealed class Queue : Microsoft.Extensions.Hosting.IHostedService
        {
            public bool IsRunning { get; set; }
            public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public async Task StopAsync(CancellationToken cancellationToken)
            {
                while (IsRunning)
                {
                    await Task.Delay(50);
                }
            }
        }

        public sealed class Explicit : Microsoft.Extensions.Hosting.IHostedService
        {
            private int _pending;
            Task Microsoft.Extensions.Hosting.IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            async Task Microsoft.Extensions.Hosting.IHostedService.StopAsync(CancellationToken cancellationToken)
            {
                while (Volatile.Read(ref _pending) > 0) await Task.Delay(TimeSpan.FromMilliseconds(10)).ConfigureAwait(false);
            }
        }

        public sealed class Worker : Microsoft.Extensions.Hosting.BackgroundService
        {
            private volatile bool _busy;

            public override async Task StopAsync(CancellationToken cancellationToken)
            {
                while (_busy)
                    await Task.Delay(5);
                await base.StopAsync(cancellationToken);
            }
        }
        """ + Hosting);

    [Fact]
    public Task Drain_loops_are_reported_with_the_key() => VerifyAG0301.DiagnosticsWithOptions(PlainUsings + """
        public sealed class Queue : Microsoft.Extensions.Hosting.IHostedService
        {
            public bool IsRunning { get; set; }
            public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public async Task StopAsync(CancellationToken cancellationToken)
            {
                while (IsRunning) await Task.{|AG0301:Delay|}(50);
            }
        }
        """ + Hosting, StopDrains.ReportOption + " = true");

    [Fact]
    public Task Other_waits_and_loops_are_still_reported() => VerifyAG0301.Diagnostics(PlainUsings + """
        public sealed class Queue : Microsoft.Extensions.Hosting.IHostedService
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
            public bool IsRunning { get; set; }
            public int Polls { get; set; }
            public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public async Task StopAsync(CancellationToken cancellationToken)
            {
                // the start/stop gate (a right shape), a loop that tests the token, a loop doing more than waiting
                await _gate.{|AG0301:WaitAsync|}();
                while (IsRunning && !cancellationToken.IsCancellationRequested) await Task.{|AG0301:Delay|}(50);
                while (IsRunning)
                {
                    Polls++;
                    await Task.{|AG0301:Delay|}(50);
                }

                await Task.{|AG0301:Delay|}(50);
            }

            // the same loop outside StopAsync (a download throttle)
            public async Task ThrottleAsync(CancellationToken cancellationToken)
            {
                while (IsRunning) await Task.{|AG0301:Delay|}(1);
            }
        }
        """ + Hosting);

    [Fact]
    public Task Drain_loops_in_half_typed_code() => VerifyAG0301.DiagnosticsInBrokenCode(PlainUsings + """
        public sealed class Queue : Microsoft.Extensions.Hosting.IHostedService
        {
            public async Task StopAsync(CancellationToken cancellationToken)
            {
                while (Missing) await Task.Delay(50);
                while (Missing) await Unknown.Delay(50);
                var half = 
            }
        }
        """ + Hosting);

    // ---- a take after a wait for availability given the token ------------------------------------------------------

    [Fact]
    public Task Take_after_an_availability_wait_with_the_token_is_silent() => VerifyAG0301.NoDiagnostics(PlainUsings + """
        public sealed class Consumer
        {
            private readonly ChannelReader<int> _reader = Channel.CreateUnbounded<int>().Reader;
            public int Sum { get; private set; }

            public async Task Loop(ChannelReader<string> reader, CancellationToken ct)
            {
                while (await reader.WaitToReadAsync(ct))
                {
                    Console.WriteLine(await reader.ReadAsync());
                }
            }

            public async Task Once(CancellationToken ct, bool go)
            {
                if (go && await _reader.WaitToReadAsync(ct).ConfigureAwait(false))
                {
                    var item = await _reader.ReadAsync().ConfigureAwait(false);
                    Sum += item;
                }
            }
        }
        """);

    [Fact]
    public Task Takes_without_a_tokened_wait_are_still_reported() => VerifyAG0301.Diagnostics(PlainUsings + """
        public sealed class Consumer
        {
            public async Task NoToken(ChannelReader<int> reader, CancellationToken ct)
            {
                while (await reader.{|AG0301:WaitToReadAsync|}())
                {
                    await reader.{|AG0301:ReadAsync|}();
                }
            }

            public async Task ExplicitNone(ChannelReader<int> reader, CancellationToken ct)
            {
                while (await reader.WaitToReadAsync(CancellationToken.None))
                {
                    await reader.{|AG0301:ReadAsync|}();
                }
            }

            public async Task TwoTakes(ChannelReader<int> reader, CancellationToken ct)
            {
                while (await reader.WaitToReadAsync(ct))
                {
                    await reader.{|AG0301:ReadAsync|}();
                    await reader.{|AG0301:ReadAsync|}();
                }
            }

            public async Task OtherSource(ChannelReader<int> reader, ChannelReader<int> other, CancellationToken ct)
            {
                while (await other.WaitToReadAsync(ct))
                {
                    await reader.{|AG0301:ReadAsync|}();
                }
            }
        }
        """);

    [Fact]
    public Task Takes_in_half_typed_code() => VerifyAG0301.DiagnosticsInBrokenCode(PlainUsings + """
        public sealed class Consumer
        {
            public async Task Loop(ChannelReader<int> reader, CancellationToken ct)
            {
                while (await reader.WaitToReadAsync(ct))
                {
                    await reader.ReadAsync();
                    await missing.ReadAsync();
                }
                while (await reader.Unknown(ct)) { var half = }
            }
        }
        """);
}
