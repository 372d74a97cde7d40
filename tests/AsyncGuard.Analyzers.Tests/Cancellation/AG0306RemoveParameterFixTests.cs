using AsyncGuard.Analyzers.Cancellation;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using AsyncGuard.Analyzers.Tests.Verifiers;
using AsyncGuard.CodeFixes.Cancellation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>AG0306's second fix: remove the parameter and its argument at every call ("AG0306:remove").</summary>
public sealed class AG0306RemoveParameterFixTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private static Task Remove(string before, string after, string? batch = null, int? iterations = null) =>
        Remove(new[] { before }, new[] { after }, batch is null ? null : new[] { batch }, iterations);

    /// <summary>The remove action (its key; none where it is not offered) on each file; Fix All in document, project and solution must give <paramref name="batch"/> (default: <paramref name="after"/>).</summary>
    private static Task Remove(string[] before, string[] after, string[]? batch = null, int? iterations = null)
    {
        var test = new CodeFixTest<AG0306UnusedTokenParameterAnalyzer, AG0306UnusedTokenParameterCodeFixProvider>
        {
            CodeActionEquivalenceKey = AG0306UnusedTokenParameterCodeFixProvider.RemoveKey,
        };
        for (var i = 0; i < before.Length; i++)
        {
            test.TestState.Sources.Add(($"/0/Test{i}.cs", Usings + before[i]));
            test.FixedState.Sources.Add(($"/0/Test{i}.cs", Usings + after[i]));
            test.BatchFixedState.Sources.Add(($"/0/Test{i}.cs", Usings + (batch ?? after)[i]));
        }

        test.FixedState.MarkupHandling = MarkupMode.Allow;
        test.BatchFixedState.MarkupHandling = MarkupMode.Allow;
        if (iterations is { } n)
        {
            // At most n (negative): a caller whose token went only to the removed parameter is reported in turn and follows.
            test.NumberOfIncrementalIterations = -n;
            test.NumberOfFixAllIterations = -n;
            test.NumberOfFixAllInDocumentIterations = -n;
        }

        return test.RunAsync();
    }

    [Fact]
    public Task Removes_positional_named_and_omitted_arguments() => Remove("""
        public class C
        {
            int _n;
            CancellationToken _token;

            /// <summary>Saves.</summary>
            /// <param name="path">Where.</param>
            /// <param name="ct">Ignored.</param>
            private async Task SaveAsync(string path, CancellationToken {|AG0306:ct|})
            {
                await Task.Yield();
                _n += path.Length;
            }

            internal int Count(CancellationToken {|AG0306:ct|} = default) => ++_n;

            private protected async Task FirstAsync(CancellationToken {|AG0306:token|}, int times)
            {
                await Task.Yield();
                _n += times;
            }

            public async Task RunAsync()
            {
                var none = CancellationToken.None;
                await SaveAsync("a", none);
                await SaveAsync(ct: default, path: "b");
                await SaveAsync("c", ct: _token);
                _ = Count();
                _ = Count(CancellationToken.None);
                _ = this.Count(ct: new CancellationToken(true));
                await FirstAsync(_token, 2);
                await FirstAsync(times: 3, token: default);
                await Local(1, (CancellationToken?)default);

                async Task Local(int x, CancellationToken? {|AG0306:inner|})
                {
                    await Task.Yield();
                    _n += x;
                }
            }
        }
        """, """
        public class C
        {
            int _n;
            CancellationToken _token;

            /// <summary>Saves.</summary>
            /// <param name="path">Where.</param>
            private async Task SaveAsync(string path)
            {
                await Task.Yield();
                _n += path.Length;
            }

            internal int Count() => ++_n;

            private protected async Task FirstAsync(int times)
            {
                await Task.Yield();
                _n += times;
            }

            public async Task RunAsync()
            {
                var none = CancellationToken.None;
                await SaveAsync("a");
                await SaveAsync(path: "b");
                await SaveAsync("c");
                _ = Count();
                _ = Count();
                _ = this.Count();
                await FirstAsync(2);
                await FirstAsync(times: 3);
                await Local(1);

                async Task Local(int x)
                {
                    await Task.Yield();
                    _n += x;
                }
            }
        }
        """);

    [Fact]
    public Task Removes_from_extension_methods_conditional_calls_and_crefs() => Remove("""
        internal static class Texts
        {
            /// <summary>Twice the length; see <see cref="Twice(string, CancellationToken)"/>.</summary>
            internal static int Twice(this string s, CancellationToken {|AG0306:ct|}) => s.Length * 2;
        }

        internal sealed class Node
        {
            int _n;
            internal Node? Next;
            internal string? Name;
            internal int Step(int by, CancellationToken {|AG0306:ct|}) => _n += by;
            internal int Use(string s, CancellationToken token) => token.IsCancellationRequested ? 0 : s.Twice(token) + Texts.Twice(s, ct: CancellationToken.None) + Next!.Step(1, token) + (Next?.Name?.Twice(default) ?? 0);
        }
        """, """
        internal static class Texts
        {
            /// <summary>Twice the length; see <see cref="Twice(string)"/>.</summary>
            internal static int Twice(this string s) => s.Length * 2;
        }

        internal sealed class Node
        {
            int _n;
            internal Node? Next;
            internal string? Name;
            internal int Step(int by) => _n += by;
            internal int Use(string s, CancellationToken token) => token.IsCancellationRequested ? 0 : s.Twice() + Texts.Twice(s) + Next!.Step(1) + (Next?.Name?.Twice() ?? 0);
        }
        """);

    [Fact]
    public Task Removes_from_multi_line_lists_and_documentation_and_generic_methods() => Remove("""
        internal sealed class C
        {
            int _n;

            /// <summary>Echoes.</summary>
            /// <param name="ct">
            /// Ignored; kept for the callers.
            /// </param>
            /// <param name="value">The value.</param>
            /// <typeparam name="T">Its type.</typeparam>
            internal T Echo<T>(
                CancellationToken {|AG0306:ct|},
                T value)
            {
                _n++;
                return value;
            }

            internal int Sum(
                int a,
                CancellationToken {|AG0306:token|})
            {
                _n += a;
                return _n;
            }

            internal int Use() => Echo<int>(
                CancellationToken.None,
                1) + Sum(
                2,
                token: default);
        }
        """, """
        internal sealed class C
        {
            int _n;

            /// <summary>Echoes.</summary>
            /// <param name="value">The value.</param>
            /// <typeparam name="T">Its type.</typeparam>
            internal T Echo<T>(
                T value)
            {
                _n++;
                return value;
            }

            internal int Sum(
                int a)
            {
                _n += a;
                return _n;
            }

            internal int Use() => Echo<int>(
                1) + Sum(
                2);
        }
        """);

    [Fact]
    public Task Fix_All_removes_across_documents_and_a_caller_left_without_use_follows() => Remove(
        new[]
        {
            """
            internal sealed class Store
            {
                int _n;
                internal async Task SaveAsync(string key, CancellationToken {|AG0306:ct|}) { await Task.Yield(); _n += key.Length; }
                internal async Task<int> LoadAsync(CancellationToken {|AG0306:ct|} = default) { await Task.Yield(); return _n; }
            }
            """,
            """
            internal sealed class Service(Store store)
            {
                internal async Task CopyAsync(CancellationToken ct)
                {
                    await store.SaveAsync("k", ct);
                    await store.SaveAsync(key: "l", ct: ct);
                    _ = await store.LoadAsync();
                    _ = await store.LoadAsync(ct);
                }

                public async Task RunAsync() => await CopyAsync(CancellationToken.None);
            }
            """,
        },
        new[]
        {
            """
            internal sealed class Store
            {
                int _n;
                internal async Task SaveAsync(string key) { await Task.Yield(); _n += key.Length; }
                internal async Task<int> LoadAsync() { await Task.Yield(); return _n; }
            }
            """,
            """
            internal sealed class Service(Store store)
            {
                internal async Task CopyAsync()
                {
                    await store.SaveAsync("k");
                    await store.SaveAsync(key: "l");
                    _ = await store.LoadAsync();
                    _ = await store.LoadAsync();
                }

                public async Task RunAsync() => await CopyAsync();
            }
            """,
        },
        iterations: 3);

    [Theory]
    [InlineData("public async Task RunAsync(CancellationToken ct) { await Task.Yield(); _n++; }", "_ = c.RunAsync(default);")]
    [InlineData("protected internal async Task RunAsync(CancellationToken ct) { await Task.Yield(); _n++; }", "_ = c.RunAsync(default);")]
    [InlineData("internal async Task RunAsync(CancellationToken ct) { await Task.Yield(); _n++; }", "Func<CancellationToken, Task> group = c.RunAsync;")]
    [InlineData("internal async Task RunAsync(CancellationToken ct) { await Task.Yield(); _n++; }", "_ = c.RunAsync(default); var name = nameof(c.RunAsync);")]
    [InlineData("internal async Task RunAsync(CancellationToken ct) { await Task.Yield(); _n++; }", "_ = c.RunAsync(c.Next());")]
    [InlineData("internal async Task RunAsync(CancellationToken ct) { await Task.Yield(); _n++; }", "CancellationToken t; _ = c.RunAsync(t = default);")]
    [InlineData("internal async Task RunAsync(CancellationToken ct) { await Task.Yield(); _n++; }", "_ = c.RunAsync(new CancellationTokenSource().Token);")]
    [InlineData("internal int Run(int x, CancellationToken ct) => _n += x; internal int Run(int x) => _n -= x;", "_ = c.Run(1, default);")]
    [InlineData("internal int Run(object o, CancellationToken ct) => _n += o.GetHashCode(); internal int Run(string s) => _n -= s.Length;", "_ = c.Run(\"x\", default);")]
    [InlineData("internal static int Run(this C c, CancellationToken ct) => c._n++; internal int Run() => _n--;", "_ = c.Run(default);")]
    public async Task Not_offered_where_the_removal_cannot_be_sound(string declaration, string use)
    {
        // Each trap alone (an extension method goes into a static class of its own): only the observing fix is offered.
        var source = declaration.Contains("this C", StringComparison.Ordinal)
            ? "internal sealed class C { internal int _n; " + declaration.Substring(declaration.IndexOf("internal int Run()", StringComparison.Ordinal)) + " }\n"
                + "internal static class Ext { " + declaration.Substring(0, declaration.IndexOf("internal int Run()", StringComparison.Ordinal)) + " }\n"
            : "public sealed class C { int _n; CancellationToken _t; internal CancellationToken Next() { _n++; return _t; } " + declaration + " }\n";
        var keys = await ActionKeysAsync(source + "internal sealed class Other { internal void Use(C c) { " + use + " } }");
        var run = Assert.Single(keys, k => k.Key == "Run" || k.Key == "RunAsync");
        Assert.Equal(new[] { "AG0306" }, run.Value);
    }

    [Theory]
    [InlineData("_ = c.RunAsync(default);")]
    [InlineData("_ = c.RunAsync(CancellationToken.None); _ = c.RunAsync(ct: _source.Token);")]
    [InlineData("var source = new CancellationTokenSource(); _ = c.RunAsync(source.Token); _ = c?.RunAsync(new CancellationToken(false));")]
    public async Task Offered_for_the_twin_of_each_trap(string use)
    {
        var keys = await ActionKeysAsync("public sealed class C { int _n; internal async Task RunAsync(CancellationToken ct) { await Task.Yield(); _n++; } }\n"
            + "internal sealed class Other { CancellationTokenSource _source = new(); internal void Use(C? c) { " + use + " } }");
        Assert.Equal(new[] { "AG0306", AG0306UnusedTokenParameterCodeFixProvider.RemoveKey }, keys["RunAsync"]);
    }

    [Fact]
    public Task Fix_All_removes_what_passes_the_check_and_leaves_the_rest() => Remove(
        """
        internal sealed class C
        {
            int _n;
            internal int Put(int x, CancellationToken {|AG0306:ct|}) => _n += x;
            internal int Put(int x) => _n -= x;
            internal int Take(int x, CancellationToken {|AG0306:ct|}) => _n -= x;
            internal int Use() => Put(1, default) + Take(2, default);
        }
        """,
        """
        internal sealed class C
        {
            int _n;
            internal int Put(int x, CancellationToken {|AG0306:ct|}) => _n += x;
            internal int Put(int x) => _n -= x;
            internal int Take(int x) => _n -= x;
            internal int Use() => Put(1, default) + Take(2);
        }
        """);

    [Fact]
    public async Task Offered_for_a_public_method_of_an_internal_type_and_not_for_the_trap_beside_it()
    {
        var keys = await ActionKeysAsync("""
            internal sealed class C
            {
                int _n;
                public async Task OpenAsync(CancellationToken ct) { await Task.Yield(); _n++; }
                internal int Pick(object o, CancellationToken ct) => _n += o.GetHashCode();
                internal int Pick(string s) => _n -= s.Length;
                internal int Use() => Pick(1, default) + Pick(this, CancellationToken.None);
            }
            """);
        Assert.Equal(new[] { "AG0306", AG0306UnusedTokenParameterCodeFixProvider.RemoveKey }, keys["OpenAsync"]);
        // Pick("x") would bind to Pick(string), but no call passes a string: the removal is offered.
        Assert.Equal(new[] { "AG0306", AG0306UnusedTokenParameterCodeFixProvider.RemoveKey }, keys["Pick"]);
    }

    [Fact]
    public async Task Partial_method_loses_the_parameter_in_both_parts()
    {
        // The analyzer is silent on partial methods; the fix handles them when asked (a diagnostic made by hand).
        var source = Usings + """
            internal sealed partial class P
            {
                int _n;
                /// <param name="x">How many.</param>
                /// <param name="ct">Unused.</param>
                private partial Task LoadAsync(int x, CancellationToken ct);
                internal Task UseAsync() => LoadAsync(1, default);
            }

            internal sealed partial class P
            {
                private partial async Task LoadAsync(int x, CancellationToken ct) { await Task.Yield(); _n += x; }
            }
            """;
        var (document, _) = await FixHarness.AnalyzeAsync(source, "Partial.cs", OutputKind.DynamicallyLinkedLibrary, "AG0306");
        var text = (await document.GetTextAsync()).ToString();
        var at = text.LastIndexOf("CancellationToken ct)", StringComparison.Ordinal) + "CancellationToken ".Length;
        var tree = (await document.GetSyntaxTreeAsync())!;
        var diagnostic = Diagnostic.Create(AG0306UnusedTokenParameterAnalyzer.Rule, Location.Create(tree, new TextSpan(at, 2)), "LoadAsync", "ct");
        var fixer = new AG0306UnusedTokenParameterCodeFixProvider();
        var actions = await FixHarness.GetActionsAsync(fixer, document, diagnostic);
        var remove = Assert.Single(actions, a => a.EquivalenceKey == AG0306UnusedTokenParameterCodeFixProvider.RemoveKey);
        var changed = (await FixHarness.ApplyAsync(remove, document)).GetProject(document.Project.Id)!;
        var result = (await changed.Documents.Single().GetTextAsync()).ToString();
        Assert.Contains("private partial Task LoadAsync(int x);", result);
        Assert.Contains("private partial async Task LoadAsync(int x) {", result);
        Assert.Contains("=> LoadAsync(1);", result);
        Assert.DoesNotContain("name=\"ct\"", result);
        Assert.Contains("<param name=\"x\">How many.</param>", result);
        Assert.Empty(await FixHarness.EmitErrorsAsync(changed));
    }

    [Fact]
    public async Task Removal_reaches_callers_in_another_project()
    {
        var (solution, diagnostics) = await FixHarness.AnalyzeSolutionAsync(new[]
        {
            ("Library", OutputKind.DynamicallyLinkedLibrary, (IReadOnlyList<(string, string)>)new[] { ("Parser.cs", Usings + """
                [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("App")]
                namespace Lib;
                internal sealed class Parser
                {
                    int _n;
                    internal async Task<int> ParseAsync(string text, CancellationToken ct) { await Task.Yield(); return _n += text.Length; }
                }
                """) }, Array.Empty<string>()),
            ("App", OutputKind.DynamicallyLinkedLibrary, new[] { ("Use.cs", Usings + """
                internal static class Use
                {
                    internal static Task<int> RunAsync() => new Lib.Parser().ParseAsync("a", CancellationToken.None);
                }
                """) }, new[] { "Library" }),
        }, "AG0306");
        var library = solution.Projects.Single(p => p.Name == "Library");
        var diagnostic = Assert.Single(diagnostics[library.Id], d => d.Id == AG0306UnusedTokenParameterAnalyzer.Id);
        var document = FixHarness.DocumentOf(library, diagnostic);
        var remove = Assert.Single(await FixHarness.GetActionsAsync(new AG0306UnusedTokenParameterCodeFixProvider(), document, diagnostic),
            a => a.EquivalenceKey == AG0306UnusedTokenParameterCodeFixProvider.RemoveKey);
        var changed = await FixHarness.ApplyAsync(remove, document);
        var app = changed.Projects.Single(p => p.Name == "App");
        Assert.Contains("ParseAsync(\"a\")", (await app.Documents.Single().GetTextAsync()).ToString());
        Assert.Contains("ParseAsync(string text)", (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString());
        Assert.Empty(await FixHarness.EmitErrorsAsync(app));
    }

    /// <summary>The equivalence keys of the actions offered for each AG0306 diagnostic, by method name.</summary>
    private static async Task<Dictionary<string, string?[]>> ActionKeysAsync(string source)
    {
        var (document, diagnostics) = await FixHarness.AnalyzeAsync(Usings + source, "Test.cs", OutputKind.DynamicallyLinkedLibrary, "AG0306");
        Assert.Empty(await FixHarness.EmitErrorsAsync(document.Project));
        var fixer = new AG0306UnusedTokenParameterCodeFixProvider();
        var keys = new Dictionary<string, string?[]>();
        foreach (var diagnostic in diagnostics.Where(d => d.Id == AG0306UnusedTokenParameterAnalyzer.Id))
        {
            var actions = await FixHarness.GetActionsAsync(fixer, document, diagnostic);
            var method = diagnostic.GetMessage().Split('\'')[1];
            keys[method] = actions.Select(a => a.EquivalenceKey).ToArray();
        }

        return keys;
    }
}
