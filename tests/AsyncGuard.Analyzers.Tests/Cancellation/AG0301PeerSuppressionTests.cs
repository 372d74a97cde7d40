using AsyncGuard.Analyzers.Cancellation;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// AG0301 (issue 16, deb9): a call that carries a suppression of an equivalent rule of another analyzer — CA2016, MA0040,
/// MA0032 (pragma, [SuppressMessage], a global suppression), or ReSharper's MethodSupportsCancellation in a
/// `// ReSharper disable once` comment in front of the statement or a `// ReSharper disable` region — is a decision the
/// team made once: silent, `honor_peer_suppressions = false` reports it.
/// </summary>
public sealed class AG0301PeerSuppressionTests
{
    private const string Usings = "using System; using System.Diagnostics.CodeAnalysis; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    private static string InAsync(string body) => Usings + $$"""
        class Timer
        {
            async Task Run(Stream output, byte[] buffer, CancellationToken token)
            {
                await Task.Delay(10, token);
                {{body}}
            }
        }
        """;

    [Theory]
    // A pragma of NetAnalyzers' or Meziantou's rule around the call.
    [InlineData("#pragma warning disable CA2016 // the write must finish once started\n await output.WriteAsync(buffer, 0, 1);\n#pragma warning restore CA2016")]
    [InlineData("#pragma warning disable MA0040\n await output.FlushAsync();")]
    [InlineData("#pragma warning disable MA0032, CA1822\n await output.FlushAsync();\n#pragma warning restore MA0032, CA1822")]
    // ReSharper's comment in front of the statement, with a reason after the inspection, or beside another inspection.
    [InlineData("// ReSharper disable once MethodSupportsCancellation\n await output.WriteAsync(buffer, 0, 1);")]
    [InlineData("// ReSharper disable once MethodSupportsCancellation -- the command must go out once the delay passed\n await output.FlushAsync();")]
    [InlineData("// ReSharper disable once UnusedVariable, MethodSupportsCancellation\n var t = output.FlushAsync(); await t;")]
    // A ReSharper region not yet restored.
    [InlineData("// ReSharper disable MethodSupportsCancellation\n await output.FlushAsync();\n await output.WriteAsync(buffer, 0, 1);")]
    public Task Silent_where_an_equivalent_rule_is_suppressed(string statements) =>
        VerifyAG0301.NoDiagnostics(InAsync(statements));

    [Theory]
    // Restored before the call; another rule; the once-comment covers the statement before only.
    [InlineData("#pragma warning disable CA2016\n#pragma warning restore CA2016\n await output.{|AG0301:FlushAsync|}();")]
    [InlineData("#pragma warning disable CA2000\n await output.{|AG0301:FlushAsync|}();")]
    [InlineData("// ReSharper disable once MethodSupportsCancellation\n await output.WriteAsync(buffer, 0, 1);\n await output.{|AG0301:FlushAsync|}();")]
    // Another inspection, a restored region, a comment that only mentions the name, a comment after the call.
    [InlineData("// ReSharper disable once MethodHasAsyncOverload\n await output.{|AG0301:FlushAsync|}();")]
    [InlineData("// ReSharper disable MethodSupportsCancellation\n// ReSharper restore MethodSupportsCancellation\n await output.{|AG0301:FlushAsync|}();")]
    [InlineData("// MethodSupportsCancellation would flag this\n await output.{|AG0301:FlushAsync|}();")]
    [InlineData("await output.{|AG0301:FlushAsync|}(); // ReSharper disable once MethodSupportsCancellation")]
    // ReSharper's "disable All" is no statement about this rule.
    [InlineData("// ReSharper disable once All\n await output.{|AG0301:FlushAsync|}();")]
    public Task Reported_without_a_suppression_of_an_equivalent_rule_at_the_call(string statements) =>
        VerifyAG0301.Diagnostics(InAsync(statements));

    [Fact]
    public Task Silent_under_SuppressMessage_on_the_member_and_a_global_suppression()
    {
        var test = new AnalyzerTest<AG0301ForwardTokenAnalyzer>();
        test.TestState.Sources.Add(("Test0.cs", Usings + """
            namespace N
            {
                class Writer
                {
                    [SuppressMessage("Reliability", "CA2016:Forward the 'CancellationToken' parameter to methods", Justification = "commit step")]
                    async Task Commit(Stream output, CancellationToken token) { await Task.Delay(1, token); await output.FlushAsync(); }

                    async Task Global(Stream output, CancellationToken token) { await Task.Delay(1, token); await output.FlushAsync(); }

                    async Task Plain(Stream output, CancellationToken token) { await Task.Delay(1, token); await output.{|AG0301:FlushAsync|}(); }
                }
            }
            """));
        test.TestState.Sources.Add(("GlobalSuppressions.cs",
            "[assembly: System.Diagnostics.CodeAnalysis.SuppressMessage(\"Usage\", \"MA0040\", Scope = \"member\", Target = \"~M:N.Writer.Global(System.IO.Stream,System.Threading.CancellationToken)~System.Threading.Tasks.Task\")]\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Reported_anyway_when_the_option_says_so()
    {
        var test = new AnalyzerTest<AG0301ForwardTokenAnalyzer>();
        test.TestCode = InAsync("""
            #pragma warning disable CA2016
                    await output.{|AG0301:WriteAsync|}(buffer, 0, 1);
            #pragma warning restore CA2016
                    // ReSharper disable once MethodSupportsCancellation
                    await output.{|AG0301:FlushAsync|}();
            """);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.AG0301.honor_peer_suppressions = false\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Half_typed_code_does_not_throw()
    {
        var test = new AnalyzerTest<AG0301ForwardTokenAnalyzer>();
        test.TestCode = Usings + """
            class C
            {
                async Task A(Stream output, CancellationToken token)
                {
                    // ReSharper disable once
                    await output.{|AG0301:FlushAsync|}();
                    // ReSharper
                    await output.{|AG0301:FlushAsync|}();
                    // ReSharper disable once MethodSupportsCancellation
                    await output.FlushAsync(Missing);
                }
            }
            """;
        test.CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None;
        return test.RunAsync();
    }
}
