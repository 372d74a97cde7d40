using AsyncGuard.Analyzers.Style;
using AsyncGuard.CodeFixes.Style;
using Microsoft.CodeAnalysis;
using Xunit;
using V = AsyncGuard.Analyzers.Tests.Style.StyleVerify<AsyncGuard.Analyzers.Style.AG0506TokenParameterLastAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Style;

public sealed class AG0506TokenParameterLastTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    /// <summary>CA1068 turned off: AG0506 is the one reporting.</summary>
    private const string PeerOff = "dotnet_diagnostic.CA1068.severity = none";

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
            public ValueTask D(CancellationToken {|AG0506:ct|} = default, int x = 0) => default;
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
    [InlineData("dotnet_diagnostic.CA1068.severity = none")]
    [InlineData("dotnet_diagnostic.CA1068.severity = silent")]
    [InlineData("build_property.EnableNETAnalyzers = false")]
    [InlineData("build_property.EnableNETAnalyzers = ")]
    public Task Reported_where_CA1068_is_off(string setting) => V.Diagnostics(Usings + """
        public class C { public Task A(CancellationToken {|AG0506:ct|}, int x) => Task.CompletedTask; }
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

            public Task MoveAsync(CancellationToken {|AG0506:ct|} = default, int x = 0) => Task.CompletedTask;

            public async Task Callers(CancellationToken ct)
            {
                await LoadAsync(ct, "a");
                await LoadAsync(ct, "b", 5);
                await this.LoadAsync(key: "c", cancellationToken: ct);
                await MoveAsync(ct);
                await MoveAsync(ct, 1);
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

            public Task MoveAsync(int x = 0, CancellationToken ct = default) => Task.CompletedTask;

            public async Task Callers(CancellationToken ct)
            {
                await LoadAsync("a", ct);
                await LoadAsync("b", ct, 5);
                await this.LoadAsync(key: "c", cancellationToken: ct);
                await MoveAsync(ct: ct);
                await MoveAsync(1, ct);
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
}
