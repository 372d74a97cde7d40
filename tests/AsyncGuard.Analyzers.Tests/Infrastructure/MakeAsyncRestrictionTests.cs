using AsyncGuard.Analyzers.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Infrastructure;

/// <summary>
/// What C# refuses in an async function, one case per restriction, for every fix that adds `async` or a new `await`
/// (AsyncCapability): the rule's diagnostic is there, and its fix is absent. The controls beside them (the nearest code
/// that may become async) must still be fixed, and the fixed code must build (emit included: CS4007 and CS9217 come
/// from the async lowering only).
/// </summary>
public sealed class MakeAsyncRestrictionTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Linq; using System.Threading; using System.Threading.Tasks;\n";

    /// <summary>A Task-returning method that waits (AG0101: the fix makes it async).</summary>
    private static string AG0101(string typeModifiers = "", string modifiers = "", string parameters = "", string before = "", string wait = "WAIT", string after = "") =>
        $"{typeModifiers} class C {{ {modifiers} Task M(Task t{parameters}) {{ {before} {wait.Replace("WAIT", "t.Wait();")} {after} return Task.CompletedTask; }} }}";

    /// <summary>A Task-returning method that sleeps (AG0102: the fix awaits Task.Delay and makes it async).</summary>
    private static string AG0102(string typeModifiers = "", string modifiers = "", string parameters = "", string before = "", string wait = "WAIT", string after = "") =>
        $"{typeModifiers} class C {{ {modifiers} Task M(Task t{parameters}) {{ {before} {wait.Replace("WAIT", "Thread.Sleep(1);")} {after} return Task.CompletedTask; }} }}";

    /// <summary>A synchronous method that waits (AG0103: the fix changes its signature to async Task).</summary>
    private static string AG0103(string typeModifiers = "", string modifiers = "", string parameters = "", string before = "", string wait = "WAIT", string after = "") =>
        $"{typeModifiers} class C {{ {modifiers} void M(Task t{parameters}) {{ {before} {wait.Replace("WAIT", "t.Wait();")} {after} }} }}";

    private static readonly Func<string, string, string, string, string, string, string>[] Templates = { AG0101, AG0102, AG0103 };
    private static readonly string[] TemplateIds = { "AG0101", "AG0102", "AG0103" };

    /// <summary>Each restriction, placed in each of the three make-async templates.</summary>
    public static IEnumerable<object[]> Restrictions()
    {
        var cases = new (string Name, string TypeModifiers, string Modifiers, string Parameters, string Before, string Wait, string After)[]
        {
            ("unsafe method (CS4004)", "", "unsafe", "", "", "WAIT", ""),
            ("unsafe type (CS4004)", "unsafe", "", "", "", "WAIT", ""),
            ("wait in an unsafe block (CS4004)", "", "", "", "", "unsafe { WAIT }", ""),
            ("wait in a fixed statement (CS4004)", "", "unsafe", ", int[] a", "", "fixed (int* p = a) { WAIT }", ""),
            ("address of a static local function (CS4004)", "", "unsafe", "", "delegate*<int, object> f = &Box; static object Box(int i) => i;", "WAIT", "_ = f(1);"),
            ("address of a local in an unsafe block (CS9123)", "", "", "", "unsafe { int v = 1; int* p = &v; Console.Write(*p); }", "WAIT", ""),
            ("address of a parameter in an unsafe block (CS9123)", "", "", ", int n", "unsafe { int* p = &n; Console.Write(*p); }", "WAIT", ""),
            ("ref parameter (CS1988)", "", "", ", ref int r", "", "WAIT", ""),
            ("in parameter (CS1988)", "", "", ", in int r", "", "WAIT", ""),
            ("out parameter (CS1988)", "", "", ", out int r", "r = 0;", "WAIT", ""),
            ("Span parameter (CS4012)", "", "", ", Span<int> s", "", "WAIT", ""),
            ("pointer parameter (CS4005)", "", "unsafe", ", int* p", "", "WAIT", ""),
            ("__arglist (CS4006)", "", "", ", __arglist", "", "WAIT", ""),
            ("ref local across the await (CS9217)", "", "", ", int[] a", "ref int r = ref a[0];", "WAIT", "r = 1;"),
            ("ref readonly local across the await (CS9217)", "", "", ", int[] a", "ref readonly int r = ref a[0];", "WAIT", "Console.Write(r);"),
            ("ReadOnlySpan local across the await (CS4007)", "", "", ", string s", "ReadOnlySpan<char> x = s.AsSpan();", "WAIT", "Console.Write(x.Length);"),
            ("stackalloc Span across the await (CS4007)", "", "", "", "Span<byte> b = stackalloc byte[4];", "WAIT", "b[0] = 1;"),
            ("Utf8JsonReader across the await (CS4007)", "", "", ", byte[] data", "var reader = new System.Text.Json.Utf8JsonReader(data);", "WAIT", "reader.Read();"),
            ("span local used again in a loop (CS4007)", "", "", ", string s", "ReadOnlySpan<char> x = s.AsSpan();", "for (int i = 0; i < 2; i++) { Console.Write(x.Length); WAIT }", ""),
            ("foreach over a span (CS4007)", "", "", ", string s", "", "foreach (var c in s.AsSpan()) { WAIT }", ""),
            ("foreach ref over a span (CS9217)", "", "", ", int[] a", "", "foreach (ref int x in a.AsSpan()) { x++; WAIT }", ""),
            ("lock body (CS1996)", "", "", ", object o", "", "lock (o) { WAIT }", ""),
        };
        foreach (var c in cases)
        {
            for (var i = 0; i < Templates.Length; i++)
            {
                if (TemplateIds[i] == "AG0102" && c.Wait.StartsWith("lock", StringComparison.Ordinal))
                {
                    continue; // AG0102 does not report in a lock body (AG0403's).
                }

                yield return new object[] { TemplateIds[i], c.Name, Templates[i](c.TypeModifiers, c.Modifiers, c.Parameters, c.Before, c.Wait, c.After) };
            }
        }

        // Restrictions that need a shape of their own.
        yield return new object[] { "AG0101", "span receiver evaluated before the await (CS4007)", "class C { Task M(string s, Task<char> t) { Console.Write(s.AsSpan().IndexOf(t.Result)); return Task.CompletedTask; } }" };
        yield return new object[] { "AG0103", "span argument evaluated before the await (CS4007)", "class C { void M(string s, Task<int> t) { Use(s.AsSpan(), t.Result); } static void Use(ReadOnlySpan<char> x, int i) { } }" };
        yield return new object[] { "AG0101", "catch filter (CS7094)", "class C { Task M(Task<bool> t) { try { Console.Write(1); } catch (Exception) when (t.Result) { } return Task.CompletedTask; } }" };
        yield return new object[] { "AG0103", "catch filter (CS7094)", "class C { void M(Task<bool> t) { try { Console.Write(1); } catch (Exception) when (t.Result) { } } }" };
        yield return new object[] { "AG0103", "query clause (CS1995)", "class C { int[] M(int[] xs, Task<bool> t) => (from x in xs where t.Result select x).ToArray(); }" };
        yield return new object[] { "AG0103", "iterator", "class C { IEnumerable<int> M(Task t) { t.Wait(); yield return 1; } }" };
        yield return new object[] { "AG0101", "ref struct instance method", "ref struct R { Task M(Task t) { t.Wait(); return Task.CompletedTask; } }" };
        yield return new object[] { "AG0101", "?. chain: await x?.M() would throw where the wait did nothing", "class S { public Task<int> GetAsync() => Task.FromResult(1); } class C { Task<int> M(S? s) => Task.FromResult(s?.GetAsync().Result ?? 0); }" };
        yield return new object[] { "AG0103", "?. chain", "class S { public Task<int> GetAsync() => Task.FromResult(1); public S? Next; } class C { int M(S? s) => s?.Next?.GetAsync().GetAwaiter().GetResult() ?? 0; }" };
        yield return new object[] { "AG0103", "?. chain (Wait)", "class S { public Task DoAsync() => Task.CompletedTask; } class C { void M(S? s) { s?.DoAsync().Wait(); } }" };

        // The real case: an unsafe override that takes the address of a static local function (AG0102's fix made it async).
        yield return new object[] { "AG0102", "unsafe override taking &LocalFunction (CS4004)", """
            abstract class Base { internal abstract ValueTask<object?> M(int x); }
            sealed class D : Base
            {
                internal sealed override unsafe ValueTask<object?> M(int x)
                {
                    delegate*<int, object?> box = &BoxResult;
                    Thread.Sleep(x);
                    return new ValueTask<object?>(box(x));

                    static object? BoxResult(int value) => value;
                }
            }
            """ };

        // Other make-async fixes: AG0201 (await the unobserved task), AG0204 (await before the scope ends), AG0202 (await the call of the converted method).
        yield return new object[] { "AG0201", "unsafe method (CS4004)", "class C { static Task Work() => Task.CompletedTask; unsafe Task M() { Work(); return Task.CompletedTask; } }" };
        yield return new object[] { "AG0201", "ReadOnlySpan local across the await (CS4007)", "class C { static Task Work() => Task.CompletedTask; Task M(string s) { ReadOnlySpan<char> x = s.AsSpan(); Work(); Console.Write(x.Length); return Task.CompletedTask; } }" };
        yield return new object[] { "AG0201", "lock body (CS1996)", "class C { static Task Work() => Task.CompletedTask; Task M(object o) { lock (o) { Work(); } return Task.CompletedTask; } }" };
        yield return new object[] { "AG0204", "unsafe method (CS4004)", "class C { unsafe Task M(System.IO.Stream s) { using (var r = new System.IO.StreamReader(s)) { return r.ReadToEndAsync(); } } }" };
        yield return new object[] { "AG0202", "caller is unsafe (CS4004)", "class C { async void Fire() { await Task.Yield(); } unsafe Task Caller() { Fire(); return Task.CompletedTask; } }" };
        yield return new object[] { "AG0202", "caller holds a span across the call (CS4007)", "class C { async void Fire() { await Task.Yield(); } Task Caller(string s) { ReadOnlySpan<char> x = s.AsSpan(); Fire(); Console.Write(x.Length); return Task.CompletedTask; } }" };
        yield return new object[] { "AG0202", "call in a lock body (CS1996)", "class C { async void Fire() { await Task.Yield(); } Task Caller(object o) { lock (o) { Fire(); } return Task.CompletedTask; } }" };
        yield return new object[] { "AG0204", "return in a lock body (CS1996)", "class C { Task<string> M(System.IO.Stream s, object o) { lock (o) { using (var r = new System.IO.StreamReader(s)) { return r.ReadToEndAsync(); } } } }" };
        yield return new object[] { "AG0204", "ReadOnlySpan local across the return's await (CS4007)", "class C { Task<string> M(System.IO.Stream s, string t) { ReadOnlySpan<char> x = t.AsSpan(); using (var r = new System.IO.StreamReader(s)) { try { return r.ReadToEndAsync(); } finally { Console.Write(x.Length); } } } }" };
    }

    /// <summary>The nearest code that may become async: each must still be fixed, and build.</summary>
    public static IEnumerable<object[]> Controls()
    {
        yield return new object[] { "AG0101", "span local used only before the wait", AG0101(parameters: ", string s", before: "ReadOnlySpan<char> x = s.AsSpan(); Console.Write(x.Length);") };
        yield return new object[] { "AG0103", "span local used only before the wait", AG0103(parameters: ", string s", before: "ReadOnlySpan<char> x = s.AsSpan(); Console.Write(x.Length);") };
        yield return new object[] { "AG0102", "span local declared after the wait", AG0102(parameters: ", string s", after: "ReadOnlySpan<char> x = s.AsSpan(); Console.Write(x.Length);") };
        yield return new object[] { "AG0101", "ref local used only before the wait", AG0101(parameters: ", int[] a", before: "ref int r = ref a[0]; r = 1;") };
        yield return new object[] { "AG0101", "unsafe block beside the wait", AG0101(parameters: ", int[] a", before: "unsafe { fixed (int* p = a) { Console.Write(*p); } }") };
        yield return new object[] { "AG0103", "lock beside the wait", AG0103(parameters: ", object o", before: "lock (o) { Console.Write(1); }") };
        yield return new object[] { "AG0101", "span local in a loop, declared after the wait", AG0101(parameters: ", string s", wait: "for (int i = 0; i < 2; i++) { WAIT ReadOnlySpan<char> x = s.AsSpan(); Console.Write(x.Length); }") };
        yield return new object[] { "AG0101", "span argument evaluated after the await", "class C { Task M(string s, Task<int> t) { Use(t.Result, s.AsSpan()); return Task.CompletedTask; } static void Use(int i, ReadOnlySpan<char> x) { } }" };
        yield return new object[] { "AG0101", "wait in a ?. call's argument", "class S { public void Use(int i) { } } class C { Task M(S? s, Task<int> t) { s?.Use(t.Result); return Task.CompletedTask; } }" };
        yield return new object[] { "AG0202", "caller with a span used before the call", "class C { async void Fire() { await Task.Yield(); } Task Caller(string s) { ReadOnlySpan<char> x = s.AsSpan(); Console.Write(x.Length); Fire(); return Task.CompletedTask; } }" };
        yield return new object[] { "AG0201", "span local declared after the call", "class C { static Task Work() => Task.CompletedTask; Task M(string s) { Work(); ReadOnlySpan<char> x = s.AsSpan(); Console.Write(x.Length); return Task.CompletedTask; } }" };
    }

    [Theory]
    [MemberData(nameof(Restrictions))]
    public async Task No_fix_where_CSharp_refuses_async(string id, string restriction, string source)
    {
        var (project, diagnostics) = await FixHarness.AnalyzeAsync(new[] { ("Test0.cs", Usings + source) }, OutputKind.DynamicallyLinkedLibrary);
        Assert.Empty(await FixHarness.EmitErrorsAsync(project));
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        var reported = diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(reported.Count > 0, $"{restriction}: no {id} reported");
        foreach (var diagnostic in reported)
        {
            var document = FixHarness.DocumentOf(project, diagnostic);
            foreach (var fixer in RobustnessRunner.AllFixers.Where(f => f.FixableDiagnosticIds.Contains(id)))
            {
                foreach (var action in await FixHarness.GetActionsAsync(fixer, document, diagnostic))
                {
                    // Only a variant that neither adds async nor awaits (and builds) may be offered, e.g. AG0201's discard.
                    var changed = (await FixHarness.ApplyAsync(action, document)).GetProject(project.Id)!;
                    var errors = await FixHarness.EmitErrorsAsync(changed);
                    var root = (await changed.Documents.Single().GetSyntaxRootAsync())!;
                    if (errors.Count > 0 || CountAsync(root) > CountAsync((await document.GetSyntaxRootAsync())!))
                    {
                        Assert.Fail($"{restriction}: '{action.Title}' offered ({(errors.Count == 0 ? "it builds" : string.Join("; ", errors))}):\n{root}");
                    }
                }
            }
        }
    }

    private static int CountAsync(SyntaxNode root) =>
        root.DescendantNodes().Count(n => n is AwaitExpressionSyntax) + root.DescendantTokens().Count(t => t.IsKind(SyntaxKind.AsyncKeyword));

    [Theory]
    [MemberData(nameof(Controls))]
    public async Task Fix_where_CSharp_allows_async(string id, string control, string source)
    {
        var (project, diagnostics) = await FixHarness.AnalyzeAsync(new[] { ("Test0.cs", Usings + source) }, OutputKind.DynamicallyLinkedLibrary);
        Assert.Empty(await FixHarness.EmitErrorsAsync(project));
        var diagnostic = Assert.Single(diagnostics, d => d.Id == id);
        var document = FixHarness.DocumentOf(project, diagnostic);
        var actions = new List<string>();
        foreach (var fixer in RobustnessRunner.AllFixers.Where(f => f.FixableDiagnosticIds.Contains(id)))
        {
            foreach (var action in await FixHarness.GetActionsAsync(fixer, document, diagnostic))
            {
                var changed = (await FixHarness.ApplyAsync(action, document)).GetProject(project.Id)!;
                var root = await changed.Documents.Single().GetSyntaxRootAsync();
                Assert.Empty(await FixHarness.EmitErrorsAsync(changed));
                Assert.DoesNotContain((await changed.GetCompilationAsync())!.GetDiagnostics(), d => d.Id is "CS9123" or "CS4014");
                if (root!.DescendantNodes().Any(n => n is AwaitExpressionSyntax))
                {
                    actions.Add(action.Title);
                }
            }
        }

        Assert.True(actions.Count > 0, $"{control}: no {id} fix that awaits offered");
    }

    [Fact]
    public async Task Ref_locals_need_CSharp_13_in_an_async_method()
    {
        var source = Usings + AG0101(parameters: ", string s", before: "ReadOnlySpan<char> x = s.AsSpan(); Console.Write(x.Length);");
        var (project, diagnostics) = await FixHarness.AnalyzeAsync(new[] { ("Test0.cs", source) }, OutputKind.DynamicallyLinkedLibrary, new CSharpParseOptions(LanguageVersion.CSharp12));
        var diagnostic = Assert.Single(diagnostics, d => d.Id == "AG0101");
        var document = FixHarness.DocumentOf(project, diagnostic);
        foreach (var fixer in RobustnessRunner.AllFixers.Where(f => f.FixableDiagnosticIds.Contains("AG0101")))
        {
            Assert.Empty(await FixHarness.GetActionsAsync(fixer, document, diagnostic));
        }
    }

    [Fact]
    public void Await_inside_a_conditional_access_chain_is_refused_and_never_bound()
    {
        var tree = CSharpSyntaxTree.ParseText("class C { object M(C? x) => x?.A.B().C[0]!.D; C A = null!; C B() => this; C[] C = null!; object D = null!; }");
        var root = tree.GetRoot();
        var conditional = root.DescendantNodes().OfType<ConditionalAccessExpressionSyntax>().Single();
        foreach (var piece in conditional.WhenNotNull.DescendantNodesAndSelf().OfType<ExpressionSyntax>()
            .Where(e => e is MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax or MemberBindingExpressionSyntax or PostfixUnaryExpressionSyntax))
        {
            Assert.True(ConditionalAccesses.IsInsideChain(piece), piece.ToString());
            Assert.True(ConditionalAccesses.HasDanglingBinding(piece), piece.ToString()); // its `?` is outside it
            var detached = piece.WithAdditionalAnnotations(new SyntaxAnnotation());
            Assert.True(ConditionalAccesses.HasDanglingBinding(detached), piece.ToString());
        }

        Assert.False(ConditionalAccesses.IsInsideChain(conditional));
        Assert.False(ConditionalAccesses.IsInsideChain(conditional.Expression));
        Assert.False(ConditionalAccesses.HasDanglingBinding(root));
        Assert.Equal(default, Speculation.GetSymbolInfo(
            CSharpCompilation.Create("x", new[] { tree }).GetSemanticModel(tree), conditional.WhenNotNull.SpanStart, SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.MemberBindingExpression(SyntaxFactory.IdentifierName("A")), SyntaxFactory.IdentifierName("B")))));
    }
}
