using AsyncGuard.Analyzers.TaskLifetime;
using Xunit;
using VerifyAG0211 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0211AwaitNullConditionalAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// AG0211 on a delegate the code only ever gives functions (issue 16, twenty-first pass: a list of include steps that only
/// receives lambdas, a private bulk helper every caller hands a lambda): the <c>?.</c> is dead, the await never sees null.
/// Silent by default, reported with report_function_only_receivers. Still reported: a delegate a caller or an Add may give as
/// null or as any value (a parameter, a local, a default), a helper used as a method group or visible outside its type, a
/// collection handed out or created with default elements, a delegate field.
/// </summary>
public sealed class AG0211FunctionOnlyReceiverTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Linq; using System.Threading; using System.Threading.Tasks;\n";

    // A private helper whose every caller passes a lambda, an anonymous method or a method group.
    private const string Helper = Usings + """
        class Bulk
        {
            public async Task<int> RunAsync(string table)
            {
                var a = await Import(table, t => Task.FromResult(t.Length));
                var b = await Import(table, Count);
                var c = await Import(table, delegate (string t) { return Task.FromResult(0); });
                return a + b + c;
            }
            static Task<int> Count(string t) => Task.FromResult(1);
            private async Task<int> Import(string table, Func<string, Task<int>> import)
            {
                var result = await {|AG0211:import?.Invoke(table)|};
                return result;
            }
        }
        """;

    // The extension form of the helper in a partial static class, the call in the other part.
    private const string PartialExtension = Usings + """
        static partial class Ext
        {
            private static async Task<int> Send(this string text, Func<string, CancellationToken, Task<int>> send, CancellationToken ct = default) =>
                await {|AG0211:send?.Invoke(text, ct)|};
        }
        static partial class Ext
        {
            public static Task<int> SendAll(string text) => text.Send(async (t, ct) => { await Task.Yield(); return t.Length; });
            public static Task<int> SendOne(string text, CancellationToken ct) => Send(text, (t, c) => Task.FromResult(1), ct);
        }
        """;

    // A private list that only ever receives functions: Add, Insert, a copy into another instance, reads, removals.
    private const string Steps = Usings + """
        class Pipeline
        {
            private List<Func<object, CancellationToken, Task>> steps = new List<Func<object, CancellationToken, Task>>();
            public void Use(bool flag)
            {
                steps.Add((o, ct) => Task.Delay(1, ct));
                steps.Insert(0, Step);
                if (flag) steps.Add(new Func<object, CancellationToken, Task>(Step));
            }
            static Task Step(object o, CancellationToken ct) => Task.CompletedTask;
            public void Reset() { steps?.Clear(); if (steps.Count > 1 && steps.Any()) steps.RemoveAt(0); }
            public void CopyTo(Pipeline other, bool share)
            {
                if (share) other.steps = steps;
                else other.steps = new List<Func<object, CancellationToken, Task>>(steps.ToArray());
            }
            public async Task RunAsync(object o, CancellationToken ct)
            {
                foreach (var step in steps) await {|AG0211:step?.Invoke(o, ct)|};
                await {|AG0211:steps[0]?.Invoke(o, ct)|};
            }
        }
        """;

    // A public array field with functions in its initializer and element writes of functions, read from another type.
    private const string Handlers = Usings + """
        public class Hooks
        {
            public Func<Task>[] Handlers = { () => Task.CompletedTask, Stop };
            public Func<Task>[] Spare = new Func<Task>[0];
            static Task Stop() => Task.CompletedTask;
            public void Swap() { Handlers[1] = async () => await Task.Yield(); Spare = new Func<Task>[] { Stop }; }
        }
        class Runner
        {
            public async Task RunAsync(Hooks hooks)
            {
                for (var i = 0; i < hooks.Handlers.Length; i++) await {|AG0211:hooks.Handlers[i]?.Invoke()|};
            }
        }
        """;

    public static TheoryData<string> Sources() => new() { Helper, PartialExtension, Steps, Handlers };

    private static string Unmarked(string source) => System.Text.RegularExpressions.Regex.Replace(source, @"\{\|AG0211:(.*?)\|\}", "$1");

    [Theory]
    [MemberData(nameof(Sources))]
    public Task Silent_where_every_value_is_a_function(string source) => VerifyAG0211.NoDiagnostics(Unmarked(source));

    [Theory]
    [MemberData(nameof(Sources))]
    public Task The_option_reports_them(string source) =>
        VerifyAG0211.DiagnosticsWithOptions(source, FunctionOnlyReceivers.ReportOption + " = true");

    [Theory]
    // A caller passes null, a parameter, or leaves a defaulted argument out.
    [InlineData("await Import(\"t\", null);")]
    [InlineData("await Import(\"t\", given);")]
    [InlineData("await Import(\"t\");")]
    // The helper as a method group: other code chooses the argument.
    [InlineData("Func<string, Func<string, Task<int>>, Task<int>> g = Import; await g(\"t\", t => Task.FromResult(1));")]
    public Task Reported_where_a_caller_may_give_null(string call) =>
        VerifyAG0211.Diagnostics(Usings + $$"""
            class Bulk
            {
                public async Task RunAsync(Func<string, Task<int>> given)
                {
                    await Import("t", t => Task.FromResult(0));
                    {{call}}
                }
                private async Task<int> Import(string table, Func<string, Task<int>> import = null) => await {|AG0211:import?.Invoke(table)|};
            }
            """);

    [Theory]
    // Visible outside the type, or overridable; the parameter assigned in the helper.
    [InlineData("internal async Task<int> Import(string table, Func<string, Task<int>> import) => await {|AG0211:import?.Invoke(table)|};")]
    [InlineData("protected virtual async Task<int> Import(string table, Func<string, Task<int>> import) => await {|AG0211:import?.Invoke(table)|};")]
    [InlineData("private async Task<int> Import(string table, Func<string, Task<int>> import) { if (table == null) import = null; return await {|AG0211:import?.Invoke(table)|}; }")]
    public Task Reported_where_the_helper_is_not_closed(string helper) =>
        VerifyAG0211.Diagnostics(Usings + $$"""
            class Bulk
            {
                public async Task RunAsync() => await Import("t", t => Task.FromResult(0));
                {{helper}}
            }
            """);

    [Theory]
    // The nearest right findings: a step added from a parameter, null added, an element set to null.
    [InlineData("public void Use(Func<object, Task> step) => steps.Add(step);")]
    [InlineData("public void Use() => steps.Add(null);")]
    [InlineData("public void Use() { steps.Add(o => Task.CompletedTask); steps[0] = null; }")]
    // The list handed to other code, kept in a local, taken from outside, or a copy of something else.
    [InlineData("public void Use() => Register(steps);")]
    [InlineData("public void Use() { var l = steps; l.Add(null); }")]
    [InlineData("public void Use(List<Func<object, Task>> given) => steps = given;")]
    [InlineData("public void Use(List<Func<object, Task>> given) => steps = new List<Func<object, Task>>(given);")]
    [InlineData("public void Use(List<Func<object, Task>> given) => steps = given.ToList();")]
    [InlineData("public void Use() => steps = null;")]
    [InlineData("public void Use() => steps.AddRange(new Func<object, Task>[] { null });")]
    public Task Reported_where_the_list_may_hold_null(string member) =>
        VerifyAG0211.Diagnostics(Usings + $$"""
            class Pipeline
            {
                private List<Func<object, Task>> steps = new List<Func<object, Task>>();
                {{member}}
                static void Register(List<Func<object, Task>> list) { }
                public async Task RunAsync(object o)
                {
                    foreach (var step in steps) await {|AG0211:step?.Invoke(o)|};
                }
            }
            """);

    [Fact]
    public Task Reported_for_arrays_with_default_elements_and_delegate_fields() =>
        VerifyAG0211.Diagnostics(Usings + """
            class Hooks
            {
                private Func<Task>[] handlers = new Func<Task>[3];
                private readonly Func<Task> callback;
                private List<Func<Task>> locals = new List<Func<Task>>();
                public Hooks(Func<Task> callback = null) { this.callback = callback; locals.Add(() => Task.CompletedTask); }
                public async Task RunAsync()
                {
                    await {|AG0211:handlers[0]?.Invoke()|};
                    await {|AG0211:callback?.Invoke()|};
                    var list = new List<Func<Task>> { () => Task.CompletedTask };
                    foreach (var f in list) await {|AG0211:f?.Invoke()|};
                }
            }
            """);

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0211.DiagnosticsInBrokenCode(Usings + """
            class Pipeline
            {
                private List<Func<object, Task>> steps = new List<Func<object, Task>>();
                private List<Missing> unknown = new List<Missing>();
                public void Use() { steps.Add(Undefined); steps.Add(o => Task.CompletedTask); unknown.Add(() => 1); }
                public async Task RunAsync(object o)
                {
                    foreach (var step in steps) await {|AG0211:step?.Invoke(o)|};
                    foreach (var u in unknown) await u?.Invoke();
                    await Import(Nope, x => Task.FromResult(1));
                    await Import("t", Nope);
                }
                private async Task<int> Import(string t, Func<string, Task<int>> import) => await {|AG0211:import?.Invoke(t)|};
            }
            """);
}
