using AsyncGuard.Analyzers.Cancellation;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

public sealed partial class AG0301ForwardTokenAnalyzerTests
{
    private const string Usings = "using System; using System.IO; using System.Linq; using System.Threading; using System.Threading.Tasks;\n";

    private static DiagnosticResult At(int markup, string method, string token) =>
        new DiagnosticResult(AG0301ForwardTokenAnalyzer.Rule).WithLocation(markup).WithArguments(method, token);

    private static Task Expect(string source, params DiagnosticResult[] expected) => Expect(source, OutputKind.DynamicallyLinkedLibrary, expected);

    private static Task Expect(string source, OutputKind outputKind, params DiagnosticResult[] expected)
    {
        var test = new Verifiers.AnalyzerTest<AG0301ForwardTokenAnalyzer> { TestCode = Usings + source };
        test.TestState.OutputKind = outputKind;
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Theory]
    [InlineData("await Task.{|AG0301:Delay|}(100);")]
    [InlineData("await File.{|AG0301:ReadAllTextAsync|}(\"a\");")]
    [InlineData("await s.{|AG0301:ReadAsync|}(buffer, 0, 1);")]
    [InlineData("await (s?.{|AG0301:ReadAsync|}(buffer, 0, 1) ?? Task.FromResult(0));")]
    [InlineData("Stream[]? all = new[] { s }; await (all?.First().{|AG0301:ReadAsync|}(buffer, 0, 1) ?? Task.FromResult(0));")]
    [InlineData("Func<Task> f = () => Task.{|AG0301:Delay|}(1);")]
    [InlineData("Func<int, Task> f = async x => await Task.{|AG0301:Delay|}(x);")]
    [InlineData("async Task Local() => await Task.{|AG0301:Delay|}(1);")]
    [InlineData("var xs = new[] { 1 }.Select(i => Task.{|AG0301:Delay|}(i));")]
    public Task Flags_calls_that_could_take_the_parameter_token(string statement) =>
        VerifyAG0301.Diagnostics(Usings + $$"""
            class C
            {
                async Task M(Stream s, byte[] buffer, CancellationToken ct)
                {
                    {{statement}}
                }
            }
            """);

    [Fact]
    public Task The_message_names_the_token() =>
        Expect("""
            class C
            {
                async Task M(CancellationToken requestAborted) => await Task.{|#0:Delay|}(1);
            }
            """, At(0, "Delay", "requestAborted"));

    [Fact]
    public Task A_delegate_given_no_token_is_named_by_its_variable() =>
        ExpectWith(ExplicitNone, """
            class C
            {
                Task M(Func<int, CancellationToken, Task> work, CancellationToken ct) => work(1, {|#0:default|});
            }
            """, At(0, "work", "ct"));

    private const string ExplicitNone = "dotnet_diagnostic.AG0301.report_explicit_none = true";

    private static Task ExpectWith(string option, string source, params DiagnosticResult[] expected)
    {
        var test = new Verifiers.AnalyzerTest<AG0301ForwardTokenAnalyzer> { TestCode = Usings + source };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + option + "\n"));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Fact]
    public Task An_explicit_none_is_a_decision_silent_by_default() =>
        VerifyAG0301.NoDiagnostics(Usings + """
            class C
            {
                async Task M(CancellationToken ct)
                {
                    await Task.Delay(1, CancellationToken.None);
                    await Task.Delay(1, default);
                    await Task.Delay(1, default(CancellationToken));
                    await Task.Delay(1, new CancellationToken());
                    await File.ReadAllTextAsync("a", cancellationToken: CancellationToken.None);
                }
            }
            """);

    [Theory]
    [InlineData("await Task.Delay(1, {|AG0301:CancellationToken.None|});")]
    [InlineData("await Task.Delay(1, {|AG0301:default|});")]
    [InlineData("await Task.Delay(1, {|AG0301:default(CancellationToken)|});")]
    [InlineData("await Task.Delay(1, {|AG0301:new CancellationToken()|});")]
    [InlineData("await File.ReadAllTextAsync(\"a\", cancellationToken: {|AG0301:CancellationToken.None|});")]
    [InlineData("await Task.{|AG0301:Delay|}(1);")]
    public Task The_option_reports_an_explicit_none(string statement) =>
        ExpectWith(ExplicitNone, $$"""
            class C
            {
                async Task M(CancellationToken ct)
                {
                    {{statement}}
                }
            }
            """);

    [Fact]
    public Task A_lambda_with_its_own_token_shadows_the_outer_one() =>
        Expect("""
            class C
            {
                void M(CancellationToken outer)
                {
                    Func<CancellationToken, Task> f = async inner => await Task.{|#0:Delay|}(1);
                    Func<int, CancellationToken, Task> g = (x, inner) =>
                    {
                        async Task Local(CancellationToken own) => await Task.{|#1:Delay|}(x);
                        return Task.{|#2:Delay|}(x);
                    };
                }
            }
            """, At(0, "Delay", "inner"), At(1, "Delay", "own"), At(2, "Delay", "inner"));

    [Fact]
    public Task A_static_lambda_or_static_local_function_sees_no_outer_token() =>
        VerifyAG0301.NoDiagnostics(Usings + """
            class C
            {
                CancellationToken _field;
                async Task M(CancellationToken ct)
                {
                    var local = ct;
                    Func<Task> f = static () => Task.Delay(1);
                    Func<int, Task> g = static async x => await Task.Delay(x);
                    static Task Local() => Task.Delay(1);
                    await Local();
                }
            }
            """);

    [Fact]
    public Task A_static_lambda_with_its_own_token_is_flagged() =>
        Expect("""
            class C
            {
                void M(CancellationToken ct)
                {
                    Func<CancellationToken, Task> f = static own => Task.{|#0:Delay|}(1);
                }
            }
            """, At(0, "Delay", "own"));

    [Fact]
    public Task Top_level_statements_forward_a_local_source() =>
        Expect("""
            using var cts = new CancellationTokenSource();
            await Task.{|#0:Delay|}(1);
            var token = cts.Token;
            await Task.{|#1:Delay|}(2);
            """, OutputKind.ConsoleApplication, At(0, "Delay", "cts.Token"), At(1, "Delay", "token"));

    [Fact]
    public Task Locals_declared_before_the_call_nearest_first() =>
        Expect("""
            class C
            {
                async Task M()
                {
                    var cts = new CancellationTokenSource();
                    CancellationToken first = cts.Token;
                    await Task.{|#0:Delay|}(1);
                    CancellationToken later = first;
                }
            }
            """, At(0, "Delay", "first"));

    [Fact]
    public Task Locals_of_inner_blocks_come_before_outer_ones_and_the_last_declared_first() =>
        Expect("""
            class C
            {
                async Task M(bool b)
                {
                    CancellationToken outer = default;
                    if (b)
                    {
                        CancellationToken first = outer;
                        var source = new CancellationTokenSource();
                        CancellationToken second = first;
                        await Task.{|#0:Delay|}(1);
                        CancellationToken after = second;
                    }

                    await Task.{|#1:Delay|}(2);
                }
            }
            """, At(0, "Delay", "second"), At(1, "Delay", "outer"));

    // Calls of one shape share their binding; these check that a shared answer never crosses what can change it.
    [Fact]
    public Task An_int_constant_is_part_of_the_call_shape() =>
        Expect("""
            public class Api
            {
                public Task Send(long value) => Task.CompletedTask;
                public Task Send(long value, CancellationToken ct) => Task.CompletedTask;
                public Task Send(byte value, CancellationToken ct) => Task.CompletedTask;
            }

            class C
            {
                // 5 fits a byte: with a token the call would pick Send(byte, ..), so it is no finding; 300 does not.
                async Task First(Api api, CancellationToken ct) { await api.Send(5); await api.{|#0:Send|}(300); }
                async Task Second(Api api, CancellationToken ct) { await api.{|#1:Send|}(300); await api.Send(5); }
            }
            """, At(0, "Send", "ct"), At(1, "Send", "ct"));

    [Fact]
    public Task A_token_overload_only_some_callers_can_see_is_bound_per_calling_type() =>
        Expect("""
            public class Api
            {
                public Task Run(int value) => Task.CompletedTask;
                private Task Run(int value, CancellationToken ct) => Task.CompletedTask;
                public async Task Inside(Api other, CancellationToken ct) => await other.{|#0:Run|}(1);
            }

            public class Outside
            {
                public async Task Before(Api api, CancellationToken ct) => await api.Run(1);
            }

            public class Later
            {
                public async Task After(Api api, CancellationToken ct) => await api.Run(1);
            }
            """, At(0, "Run", "ct"));

    [Fact]
    public Task A_static_call_through_a_derived_type_looks_in_that_type() =>
        Expect("""
            public class Base
            {
                public static Task Load(int id) => Task.CompletedTask;
                public static Task Load(int id, CancellationToken ct) => Task.CompletedTask;
            }

            public class Derived : Base
            {
                // Hides Base.Load(int, CancellationToken) for calls written Derived.Load: a different return type.
                public static new int Load(int id, CancellationToken ct) => 0;
            }

            class C
            {
                async Task M(CancellationToken ct)
                {
                    await Base.{|#0:Load|}(1);
                    await Derived.Load(1);
                }
            }
            """, At(0, "Load", "ct"));

    [Fact]
    public Task Fields_and_properties_of_the_type_where_reachable_when_configured() =>
        ExpectWith("dotnet_diagnostic.AG0301.token_members = *", """
            class C
            {
                private readonly CancellationToken _stopping;
                private static CancellationToken s_shutdown;
                public CancellationToken Aborted { get; }

                async Task Instance() => await Task.{|#0:Delay|}(1);
                static async Task Static() => await Task.{|#1:Delay|}(1);
                async Task Hidden(int _stopping) => await Task.{|#2:Delay|}(_stopping);
            }
            """, At(0, "Delay", "_stopping"), At(1, "Delay", "s_shutdown"), At(2, "Delay", "this._stopping"));

    [Fact]
    public Task Token_members_one_level_deep_on_parameters() =>
        Expect("""
            public sealed class Context { public CancellationToken RequestAborted { get; } }
            public sealed class Request { public CancellationToken CancellationToken; internal CancellationToken Hidden; }
            class C
            {
                async Task M(Context context, Request request) => await Task.{|#0:Delay|}(1);
            }
            """, At(0, "Delay", "context.RequestAborted"));

    [Fact]
    public Task Primary_constructor_token_when_configured() =>
        ExpectWith("dotnet_diagnostic.AG0301.token_members = Worker", """
            class Worker(CancellationToken stopping)
            {
                public Task Run() => Task.{|#0:Delay|}(1);
            }
            """, At(0, "Delay", "stopping"));

    [Fact]
    public Task Nullable_token_parameter() =>
        Expect("""
            class C
            {
                Task M(CancellationToken? ct) => Task.{|#0:Delay|}(1);
            }
            """, At(0, "Delay", "ct.GetValueOrDefault()"));

    [Fact]
    public Task Overloads_with_the_token_in_any_position_generic_and_extension() =>
        VerifyAG0301.Diagnostics(Usings + """
            static class Ext
            {
                public static Task Go(this string s) => Task.CompletedTask;
                public static Task Go(this string s, CancellationToken ct) => Task.CompletedTask;
            }
            class Api
            {
                public Task Middle(int a, int b) => Task.CompletedTask;
                public Task Middle(int a, CancellationToken ct, int b) => Task.CompletedTask;
                public Task<T> Get<T>(T value) => Task.FromResult(value);
                public Task<T> Get<T>(T value, CancellationToken ct) => Task.FromResult(value);
                public Task Optional(string s, int x = 0, CancellationToken ct = default) => Task.CompletedTask;
            }
            class C
            {
                async Task M(Api api, CancellationToken ct)
                {
                    await api.{|AG0301:Middle|}(1, 2);
                    var n = await api.{|AG0301:Get|}(42);
                    var s = await api.{|AG0301:Get<string>|}("x");
                    await "x".{|AG0301:Go|}();
                    await Ext.{|AG0301:Go|}("x");
                    await api.{|AG0301:Optional|}("a");
                    await api.{|AG0301:Optional|}("a", 1);
                }
            }
            """);

    [Fact]
    public Task Silent_when_the_call_already_gets_a_token_or_none_is_available() =>
        VerifyAG0301.NoDiagnostics(Usings + """
            class C
            {
                async Task WithToken(CancellationToken ct, CancellationTokenSource cts)
                {
                    await Task.Delay(1, ct);
                    await Task.Delay(1, cts.Token);
                    await File.ReadAllTextAsync("a", ct);
                    var t = nameof(Task.Delay);
                }
                async Task NoToken() { await Task.Delay(1); await File.ReadAllTextAsync("a"); await Task.Delay(1, CancellationToken.None); }
                async Task LocalAfterward() { await Task.Delay(1); var late = new CancellationTokenSource(); }
                void Out(out CancellationToken ct) { Task.Delay(1); ct = default; }
                void Sync(CancellationToken ct) => Console.WriteLine("no token to take");
            }
            """);

    [Fact]
    public Task Static_code_does_not_see_instance_fields() =>
        VerifyAG0301.NoDiagnostics(Usings + """
            class C
            {
                CancellationToken _instance;
                static async Task Static() => await Task.Delay(1);
                static Func<Task> Factory = () => Task.Delay(1);
                Func<Task> InInitializer = () => Task.Delay(1);
            }
            struct S
            {
                CancellationToken _instance;
                void M() { Func<Task> f = () => Task.Delay(1); }
            }
            """);

    [Fact]
    public Task Silent_for_recursion_obsolete_and_incompatible_overloads() =>
        VerifyAG0301.NoDiagnostics(Usings + """
            class Api
            {
                public Task Load(int x) => Load(x, CancellationToken.None);
                public Task Load(int x, CancellationToken ct) => x > 0 ? Load(x - 1) : Task.CompletedTask;
                public Task Old() => Task.CompletedTask;
                [Obsolete] public Task Old(CancellationToken ct) => Task.CompletedTask;
                public Task<int> Count() => Task.FromResult(0);
                public Task<long> Count(CancellationToken ct) => Task.FromResult(0L);
                private Task Private(CancellationToken ct) => Task.CompletedTask;
                public Task Private() => Task.CompletedTask;
            }
            class C
            {
                async Task M(Api api, CancellationToken ct)
                {
                    await api.Old();
                    int n = await api.Count();
                    await api.Private();
                    Task<string?> pending = new StreamReader(Stream.Null).ReadLineAsync();
                }
            }
            """);

    [Fact]
    public Task Blocking_task_waits_in_async_code_are_left_to_AG0101() =>
        VerifyAG0301.Diagnostics(Usings + """
            class C
            {
                async Task Async(Task t, CancellationToken ct) { await Task.Yield(); t.Wait(); Task.WaitAll(t); }
                void Sync(Task t, CancellationToken ct) { t.{|AG0301:Wait|}(); }
            }
            """);

    [Fact]
    public Task Parameters_only_option_ignores_locals_fields_and_members()
    {
        var test = new Verifiers.AnalyzerTest<AG0301ForwardTokenAnalyzer>
        {
            TestCode = Usings + """
                public sealed class Context { public CancellationToken RequestAborted { get; } }
                class C
                {
                    CancellationToken _field;
                    async Task Field() => await Task.Delay(1);
                    async Task Local(Context context) { var cts = new CancellationTokenSource(); await Task.Delay(1); }
                    async Task Parameter(CancellationToken ct) => await Task.{|AG0301:Delay|}(1);
                }
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.AG0301.parameters_only = true\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Survives_half_typed_code() =>
        VerifyAG0301.DiagnosticsInBrokenCode(Usings + """
            class C
            {
                async Task M(CancellationToken ct)
                {
                    await Task.Delay(;
                    await Task.Delay(1, );
                    await Undefined.Delay(1);
                    await File.ReadAllTextAsync(
                }
                async Task N(CancellationToken) { await Task.Delay(1); }
                async Task O(CancellationToken ct) { await Task.{|AG0301:Delay|}(1); }
            }
            """);
}
