using AsyncGuard.Analyzers.Style;
using AsyncGuard.CodeFixes.Style;
using Microsoft.CodeAnalysis;
using Xunit;
using V = AsyncGuard.Analyzers.Tests.Style.StyleVerify<AsyncGuard.Analyzers.Style.AG0506TokenParameterLastAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Style;

public sealed class AG0506TokenParameterLastTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    /// <summary>A build without the SDK's analyzers: AG0506 is the one reporting.</summary>
    private const string PeerOff = "build_property.EnableNETAnalyzers = false";

    [Fact]
    public void Is_info_and_off_by_default()
    {
        Assert.False(AG0506TokenParameterLastAnalyzer.Rule.IsEnabledByDefault);
        Assert.Equal(DiagnosticSeverity.Info, AG0506TokenParameterLastAnalyzer.Rule.DefaultSeverity);
    }

    [Fact]
    public Task Flags_public_async_apis_with_the_token_before_other_parameters() => V.Diagnostics(Usings + """
        public interface IStore { Task SaveAsync(CancellationToken {|AG0506:ct|}, string key); }
        public class C
        {
            public Task A(CancellationToken {|AG0506:ct|}, int x) => Task.CompletedTask;
            protected async Task<int> B(string s, CancellationToken {|AG0506:token|}, int retries) { await Task.Delay(1, token); return retries; }
            public static Task E(CancellationToken ct, params int[] xs) => Task.CompletedTask;
            public Task<T> F<T>(CancellationToken {|AG0506:ct|}, T value) => Task.FromResult(value);
            public class Nested { public Task G(CancellationToken {|AG0506:ct|}, string s) => Task.CompletedTask; }
        }
        public static class Extensions { public static Task H(this string s, CancellationToken {|AG0506:ct|}, int x) => Task.CompletedTask; }
        """, options: PeerOff);

    [Fact]
    public Task Silent_where_the_order_is_right_fixed_elsewhere_or_not_public() => V.Diagnostics(Usings + """
        public interface IStore { Task SaveAsync(CancellationToken {|AG0506:ct|}, string key); }
        public abstract class Base { public abstract Task Run(CancellationToken {|AG0506:ct|}, int x); }
        public class C : Base, IStore
        {
            public Task SaveAsync(CancellationToken ct, string key) => Task.CompletedTask;
            public override Task Run(CancellationToken ct, int x) => Task.CompletedTask;
            public Task Last(int x, CancellationToken ct) => Task.CompletedTask;
            public Task OptionalAfter(CancellationToken ct, int x = 0) => Task.CompletedTask;
            public Task OptionalTokenThenOptional(int a, CancellationToken ct = default, int x = 0) => Task.CompletedTask;
            public Task ParamsAfter(CancellationToken ct, params int[] xs) => Task.CompletedTask;
            public Task OutAfter(CancellationToken ct, out int x) { x = 0; return Task.CompletedTask; }
            public Task TwoTokens(int x, CancellationToken a, CancellationToken b) => Task.CompletedTask;
            public void Sync(CancellationToken ct, int x) { }
            public int NotAwaitable(CancellationToken ct, int x) => x;
            internal Task Internal(CancellationToken ct, int x) => Task.CompletedTask;
            private Task Private(CancellationToken ct, int x) => Task.CompletedTask;
            public Task Nullable(CancellationToken? ct, int x) => Task.CompletedTask;
            public C(CancellationToken ct, int x) { }
            public C() { }
        }
        internal class Hidden { public Task A(CancellationToken ct, int x) => Task.CompletedTask; }
        public static class Extensions { public static Task ThisToken(this CancellationToken ct, int x) => Task.CompletedTask; }
        """, options: PeerOff);

    [Theory]
    [InlineData(null)]
    [InlineData("dotnet_diagnostic.CA1068.severity = suggestion")]
    [InlineData("dotnet_diagnostic.CA1068.severity = warning")]
    public Task Silent_where_CA1068_is_on(string? setting) => V.Diagnostics(Usings + """
        public class C { public Task A(CancellationToken ct, int x) => Task.CompletedTask; }
        """, options: setting);

    [Theory]
    [InlineData("build_property.EnableNETAnalyzers = false")]
    [InlineData("build_property.EnableNETAnalyzers = ")]
    [InlineData("dotnet_diagnostic.CA1068.severity = none\ndotnet_diagnostic.AG0506.report_where_ca1068_is_off = true")]
    [InlineData("dotnet_diagnostic.CA1068.severity = silent\ndotnet_diagnostic.AG0506.report_where_ca1068_is_off = true")]
    public Task Reported_where_CA1068_does_not_run_or_on_request_where_it_is_off(string setting) => V.Diagnostics(Usings + """
        public class C { public Task A(CancellationToken {|AG0506:ct|}, int x) => Task.CompletedTask; }
        """, options: setting);

    /// <summary>A project that turned CA1068 off decided against the convention (AsyncEx, FluentFTP on the corpus): not asked again.</summary>
    [Theory]
    [InlineData("dotnet_diagnostic.CA1068.severity = none")]
    [InlineData("dotnet_diagnostic.CA1068.severity = silent")]
    [InlineData("build_property.EnableNETAnalyzers = false\ndotnet_diagnostic.CA1068.severity = none")]
    [InlineData("dotnet_diagnostic.CA1068.severity = warning\ndotnet_diagnostic.AG0506.report_where_ca1068_is_off = true")]
    public Task Silent_where_the_project_configured_CA1068(string setting) => V.Diagnostics(Usings + """
        public class C { public Task A(CancellationToken ct, int x) => Task.CompletedTask; }
        """, options: setting);

    [Fact]
    public Task Half_typed_code_is_silent() => V.Diagnostics(Usings + """
        public class C
        {
            public Task A(CancellationToken ct, {|CS0246:Missing|} x) => Task.CompletedTask;
            public {|CS0246:Undefined|} B(CancellationToken ct, int x) => default;
            public Task D(CancellationToken ct, {|CS1001:{|CS1031:)|}|} => Task.CompletedTask;
        }
        """, options: PeerOff);

    [Fact]
    public Task Fix_moves_the_token_last_and_reorders_the_callers() => V.Fix<AG0506TokenParameterLastCodeFixProvider>(Usings + """
        public class C
        {
            public async Task<int> LoadAsync(CancellationToken {|AG0506:cancellationToken|}, string key, int retries = 3)
            {
                await Task.Delay(retries, cancellationToken);
                return key.Length;
            }

            public async Task Callers(CancellationToken ct)
            {
                await LoadAsync(ct, "a");
                await LoadAsync(ct, "b", 5);
                await this.LoadAsync(key: "c", cancellationToken: ct);
                var n = nameof(LoadAsync);
            }
        }
        """, Usings + """
        public class C
        {
            public async Task<int> LoadAsync(string key, CancellationToken cancellationToken, int retries = 3)
            {
                await Task.Delay(retries, cancellationToken);
                return key.Length;
            }

            public async Task Callers(CancellationToken ct)
            {
                await LoadAsync("a", ct);
                await LoadAsync("b", ct, 5);
                await this.LoadAsync(key: "c", cancellationToken: ct);
                var n = nameof(LoadAsync);
            }
        }
        """, options: PeerOff);

    [Fact]
    public Task Fix_reorders_extension_calls_and_is_not_offered_for_method_groups_or_virtual_methods() => V.Fix<AG0506TokenParameterLastCodeFixProvider>(Usings + """
        public static class Extensions
        {
            public static Task SendAsync(this string s, CancellationToken {|AG0506:ct|}, int x) => Task.CompletedTask;
            public static Task UseAsync(CancellationToken {|AG0506:ct|}, int x) => Task.CompletedTask;
            public static Task Calls(CancellationToken ct)
            {
                Func<CancellationToken, int, Task> f = UseAsync;
                return "s".SendAsync(ct, 1);
            }
        }
        public class Base { public virtual Task RunAsync(CancellationToken {|AG0506:ct|}, int x) => Task.CompletedTask; }
        """, Usings + """
        public static class Extensions
        {
            public static Task SendAsync(this string s, int x, CancellationToken ct) => Task.CompletedTask;
            public static Task UseAsync(CancellationToken {|AG0506:ct|}, int x) => Task.CompletedTask;
            public static Task Calls(CancellationToken ct)
            {
                Func<CancellationToken, int, Task> f = UseAsync;
                return "s".SendAsync(1, ct);
            }
        }
        public class Base { public virtual Task RunAsync(CancellationToken {|AG0506:ct|}, int x) => Task.CompletedTask; }
        """, options: PeerOff);

    [Fact]
    public Task Fix_all_reorders_nested_calls_and_keeps_params_last() => V.Fix<AG0506TokenParameterLastCodeFixProvider>(Usings + """
        public static class Api
        {
            public static Task<int> A(CancellationToken {|AG0506:ct|}, int x) => Task.FromResult(x);
            public static Task<int> B(CancellationToken {|AG0506:ct|}, int x, params int[] rest) => Task.FromResult(x + rest.Length);
            public static async Task<int> Use(CancellationToken ct) => await A(ct, await B(ct, 1, 2, 3));
        }
        """, Usings + """
        public static class Api
        {
            public static Task<int> A(int x, CancellationToken ct) => Task.FromResult(x);
            public static Task<int> B(int x, CancellationToken ct, params int[] rest) => Task.FromResult(x + rest.Length);
            public static async Task<int> Use(CancellationToken ct) => await A(await B(1, ct, 2, 3), ct);
        }
        """, options: PeerOff);

    /// <summary>Where CA1068 is on it owns the finding (AG0506 is silent); the fix serves CA1068's diagnostic, on the method's name.</summary>
    [Fact]
    public async Task Fix_serves_CA1068_reported_on_the_method_name()
    {
        var source = Usings + """
            public class C
            {
                public Task SendAsync(CancellationToken ct, string message) => Task.CompletedTask;
                public Task Call(CancellationToken ct) => SendAsync(ct, "m");
            }
            """;
        var (document, diagnostics) = await Infrastructure.FixHarness.AnalyzeAsync(source, "/0/Test0.cs", OutputKind.DynamicallyLinkedLibrary);
        Assert.DoesNotContain(diagnostics, d => d.Id == AG0506TokenParameterLastAnalyzer.Id);
        var root = await document.GetSyntaxRootAsync();
        var name = root!.DescendantTokens().First(t => t.ValueText == "SendAsync");
        var peer = Diagnostic.Create(
            new DiagnosticDescriptor("CA1068", "CancellationToken parameters must come last", "m", "Design", DiagnosticSeverity.Info, true),
            Location.Create(root.SyntaxTree, name.Span));
        var fixer = new AG0506TokenParameterLastCodeFixProvider();
        Assert.Contains("CA1068", fixer.FixableDiagnosticIds);
        var action = Assert.Single(await Infrastructure.FixHarness.GetActionsAsync(fixer, document, peer));
        var fixedText = (await (await Infrastructure.FixHarness.ApplyAsync(action, document)).GetDocument(document.Id)!.GetTextAsync()).ToString();
        Assert.Contains("public Task SendAsync(string message, CancellationToken ct)", fixedText);
        Assert.Contains("SendAsync(\"m\", ct)", fixedText);
    }
}
