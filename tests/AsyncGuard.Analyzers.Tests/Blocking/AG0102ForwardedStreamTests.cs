using AsyncGuard.Analyzers.Blocking;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 on a `using` of a loosely typed parameter (<c>Stream</c>) of a private method whose every call passes a network
/// stream (issue 16, thirteenth pass, corpus12cli; NSmartProxy <c>Server.StreamTransfer</c>, whose only caller passes a local
/// assigned only from <c>TcpClient.GetStream()</c>): NetworkStream has no asynchronous disposal of its own, so `await using`
/// would run the same code. Still reported: a caller's local that may also hold an SslStream, a method callers outside the
/// type can reach, a parameter the method assigns, a method used as a method group or never called, a caller's own parameter,
/// a local written through `out` or `??=`.
/// </summary>
public sealed class AG0102ForwardedStreamTests
{
    private const string Usings = "using System; using System.IO; using System.Net.Security; using System.Net.Sockets; using System.Threading; using System.Threading.Tasks;\n";

    // The pumps here only read their parameter: since the fourteenth pass that disposal is silent by default on its own
    // (ReadStreams.Given, AG0102GivenReadStreamTests). These tests are about ForwardedStreams' boundaries, so they run with
    // that class reported (report_given_read_streams = true); their expectations are unchanged.
    private static Task Run(string source)
    {
        var test = new Verifiers.AnalyzerTest<AG0102AsyncAlternativeAnalyzer> { TestCode = Usings + source };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + ReadStreams.ReportGivenReadStreamsOption + " = true\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task A_local_assigned_only_from_GetStream_and_passed_to_the_private_pump_is_silent() =>
        Run("""
            class Tunnel
            {
                async Task OpenAsync(TcpClient consumer, TcpClient provider, CancellationToken ct)
                {
                    Stream providerStream = null;
                    await provider.ConnectAsync("host", 80, ct);
                    providerStream = provider.GetStream();
                    await PumpAsync(ct, providerStream, consumer.GetStream());
                }

                private async Task PumpAsync(CancellationToken ct, Stream from, Stream to)
                {
                    using (from)
                    {
                        var buffer = new byte[4096];
                        int read;
                        while ((read = await from.ReadAsync(buffer, ct)) > 0)
                        {
                            await to.WriteAsync(buffer.AsMemory(0, read), ct);
                        }
                    }
                }
            }
            """);

    [Fact]
    public Task Calls_with_GetStream_a_new_NetworkStream_named_arguments_and_this_are_silent() =>
        Run("""
            struct Relay
            {
                public async Task RunAsync(TcpClient client, Socket socket)
                {
                    await this.CopyOutAsync(client.GetStream());
                    await CopyOutAsync(source: new NetworkStream(socket, true));
                    var direct = client.GetStream();
                    await CopyOutAsync(direct);
                }

                private async Task CopyOutAsync(Stream source)
                {
                    using var owned = source;
                    await owned.CopyToAsync(Stream.Null);
                }
            }
            """);

    [Fact]
    public Task A_parameter_forwarded_by_one_private_method_is_followed_to_its_callers() =>
        Run("""
            class Server
            {
                async Task AcceptAsync(TcpClient consumerClient, TcpClient providerClient, CancellationToken ct)
                {
                    Stream consumerStream = consumerClient.GetStream();
                    Stream providerStream = null;
                    providerStream = providerClient.GetStream();
                    await OpenTcpTransmission(consumerStream, providerStream, ct);
                }

                async Task OpenTcpTransmission(Stream consumerStream, Stream providerStream, CancellationToken ct)
                {
                    var c2p = StaticTransfer(ct, consumerStream, providerStream);
                    var p2c = StreamTransfer(ct, providerStream, consumerStream);
                    await Task.WhenAny(c2p, p2c);
                }

                private async Task StreamTransfer(CancellationToken ct, Stream fromStream, Stream toStream)
                {
                    using (fromStream)
                    {
                        await fromStream.CopyToAsync(toStream, ct);
                    }
                }

                private async Task StaticTransfer(CancellationToken ct, Stream fromStream, Stream toStream)
                {
                    using (fromStream)
                    {
                        await fromStream.CopyToAsync(toStream, ct);
                    }
                }
            }
            """);

    [Fact]
    public Task A_forwarded_parameter_that_may_be_an_SslStream_or_forwarded_twice_is_reported() =>
        Run("""
            class Server
            {
                async Task AcceptAsync(TcpClient consumerClient, bool tls, CancellationToken ct)
                {
                    Stream consumerStream = consumerClient.GetStream();
                    if (tls) consumerStream = new SslStream(consumerStream);
                    await Open(consumerStream, consumerClient.GetStream(), ct);
                }

                async Task Open(Stream consumerStream, Stream providerStream, CancellationToken ct)
                {
                    await Forward(consumerStream, ct);
                    await Forward2(providerStream, ct);
                }

                async Task Forward(Stream from, CancellationToken ct)
                {
                    {|AG0102:using|} (from)
                    {
                        await from.CopyToAsync(Stream.Null, ct);
                    }
                }

                async Task Forward2(Stream from, CancellationToken ct) => await Forward3(from, ct);

                async Task Forward3(Stream from, CancellationToken ct)
                {
                    {|AG0102:using|} (from)
                    {
                        await from.CopyToAsync(Stream.Null, ct);
                    }
                }
            }
            """);

    [Fact]
    public Task A_local_that_may_also_hold_an_SslStream_is_reported() =>
        Run("""
            class Tunnel
            {
                async Task OpenAsync(TcpClient consumer, bool tls)
                {
                    Stream consumerStream = consumer.GetStream();
                    if (tls)
                    {
                        var ssl = new SslStream(consumerStream);
                        await ssl.AuthenticateAsClientAsync("host");
                        consumerStream = ssl;
                    }

                    await PumpAsync(consumerStream);
                }

                private async Task PumpAsync(Stream from)
                {
                    {|AG0102:using|} (from)
                    {
                        await from.CopyToAsync(Stream.Null);
                    }
                }
            }
            """);

    [Theory]
    // Callers outside the type can pass anything.
    [InlineData("internal", "", "")]
    // The method replaces the value it disposes.
    [InlineData("private", "from = new BufferedStream(from);", "")]
    // A method group: its calls are not all visible.
    [InlineData("private", "", "Func<Stream, Task> later = PumpAsync;")]
    public Task Methods_whose_calls_or_value_are_not_all_known_are_reported(string access, string inside, string elsewhere) =>
        Run($$"""
            class Tunnel
            {
                async Task OpenAsync(TcpClient consumer)
                {
                    {{elsewhere}}
                    await PumpAsync(consumer.GetStream());
                }

                {{access}} async Task PumpAsync(Stream from)
                {
                    {{inside}}
                    {|AG0102:using|} (from)
                    {
                        await from.CopyToAsync(Stream.Null);
                    }
                }
            }
            """);

    [Theory]
    // The caller's own parameter; a local written through `out`; a local also given another stream with `??=`.
    [InlineData("await PumpAsync(given);")]
    [InlineData("Stream s; Open(consumer, out s); await PumpAsync(s);")]
    [InlineData("Stream s = consumer.GetStream(); s ??= new MemoryStream(); await PumpAsync(s);")]
    [InlineData("Stream s = null; s = new BufferedStream(consumer.GetStream()); await PumpAsync(s);")]
    public Task Arguments_of_unknown_or_mixed_runtime_type_are_reported(string call) =>
        Run($$"""
            class Tunnel
            {
                async Task OpenAsync(TcpClient consumer, Stream given)
                {
                    {{call}}
                }

                static void Open(TcpClient client, out Stream stream) => stream = client.GetStream();

                private async Task PumpAsync(Stream from)
                {
                    {|AG0102:using|} (from)
                    {
                        await from.CopyToAsync(Stream.Null);
                    }
                }
            }
            """);

    [Fact]
    public Task A_private_method_never_called_is_reported() =>
        Run("""
            class Tunnel
            {
                private async Task PumpAsync(Stream from)
                {
                    {|AG0102:using|} (from)
                    {
                        await from.CopyToAsync(Stream.Null);
                    }
                }
            }
            """);

    [Fact]
    public Task Half_typed_calls_do_not_throw() =>
        Run("""
            class Tunnel
            {
                async Task OpenAsync(TcpClient consumer)
                {
                    await PumpAsync({|CS0103:missing|});
                    await {|CS7036:PumpAsync|}();
                }

                private async Task PumpAsync(Stream from)
                {
                    {|AG0102:using|} (from)
                    {
                        await from.CopyToAsync(Stream.Null);
                    }
                }
            }
            """);
}
