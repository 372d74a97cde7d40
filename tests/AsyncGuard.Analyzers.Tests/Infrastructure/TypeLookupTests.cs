using System.Linq;
using AsyncGuard.Analyzers.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Infrastructure;

/// <summary>
/// AsyncTypes.TypeNamed shares the answers for referenced types between the compilations of an edit (issue 17's
/// keystroke); it must answer exactly as Compilation.GetTypeByMetadataName on every compilation: the source's own
/// declaration wins, other references give other answers, an absent type stays absent.
/// </summary>
public sealed class TypeLookupTests
{
    private static readonly string[] Names =
    {
        "System.Threading.Tasks.Task", "System.Threading.Tasks.Task`1", "System.Threading.CancellationTokenSource",
        "System.Threading.Tasks.TaskCompletionSource", "System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter",
        "AsyncGuard.AsyncLock", "System.Linq.Enumerable", "System.IO.File",
    };

    private static CSharpCompilation Create(string source, params MetadataReference[] references) =>
        CSharpCompilation.Create("Lookup", new[] { CSharpSyntaxTree.ParseText(source) }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static void AssertSameAsCompiler(Compilation compilation)
    {
        var types = AsyncTypes.For(compilation);
        Assert.NotNull(types);
        foreach (var name in Names)
        {
            Assert.Same(compilation.GetTypeByMetadataName(name), types!.TypeNamed(name));
        }
    }

    [Fact]
    public void Edits_share_referenced_types_and_the_source_still_wins()
    {
        var references = Basic.Reference.Assemblies.Net100.References.All.ToArray();
        var first = Create("class C { }", references);
        AssertSameAsCompiler(first);

        // An edit: the same options and references, another tree. The referenced symbols are the same objects.
        var edited = first.ReplaceSyntaxTree(first.SyntaxTrees[0], CSharpSyntaxTree.ParseText("class C { void M() { } }"));
        AssertSameAsCompiler(edited);
        Assert.Same(first.GetTypeByMetadataName("System.IO.File"), AsyncTypes.For(edited)!.TypeNamed("System.IO.File"));

        // The source declares one of the names: that compilation gets its own type, the others keep the referenced one.
        var declaring = first.ReplaceSyntaxTree(first.SyntaxTrees[0], CSharpSyntaxTree.ParseText(
            "namespace System.Threading.Tasks { public class TaskCompletionSource { } } namespace AsyncGuard { public class AsyncLock { } }"));
        AssertSameAsCompiler(declaring);
        Assert.Equal(TypeKind.Class, AsyncTypes.For(declaring)!.TypeNamed("AsyncGuard.AsyncLock")!.TypeKind);
        Assert.True(AsyncTypes.For(declaring)!.TypeNamed("System.Threading.Tasks.TaskCompletionSource")!.Locations.First().IsInSource);
        AssertSameAsCompiler(first);
        Assert.Null(AsyncTypes.For(first)!.TypeNamed("AsyncGuard.AsyncLock"));
    }

    [Fact]
    public void Other_references_under_the_same_options_get_their_own_answers()
    {
        var all = Basic.Reference.Assemblies.Net100.References.All.ToArray();
        var full = Create("class C { }", all);
        var withoutLinq = all.Where(r => full.GetAssemblyOrModuleSymbol(r) is not IAssemblySymbol { Name: "System.Linq" }).ToArray();
        Assert.NotEqual(all.Length, withoutLinq.Length);

        AssertSameAsCompiler(full);
        Assert.NotNull(AsyncTypes.For(full)!.TypeNamed("System.Linq.Enumerable"));

        // Same options object, fewer references: no answer of the first reference set may leak into it.
        var fewer = full.WithReferences(withoutLinq);
        Assert.Same(full.Options, fewer.Options);
        AssertSameAsCompiler(fewer);
        Assert.Null(AsyncTypes.For(fewer)!.TypeNamed("System.Linq.Enumerable"));
        AssertSameAsCompiler(full.ReplaceSyntaxTree(full.SyntaxTrees[0], CSharpSyntaxTree.ParseText("class D { }")));
    }

    [Fact]
    public void Source_declarations_are_read_in_every_syntax_and_edits_that_add_one_are_seen()
    {
        var references = Basic.Reference.Assemblies.Net100.References.All.ToArray();
        var other = CSharpSyntaxTree.ParseText("namespace Other { class D { } }");
        var first = CSharpCompilation.Create("Lookup", new[] { CSharpSyntaxTree.ParseText("class C { }"), other }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        AssertSameAsCompiler(first);

        // A file-scoped namespace, a generic arity, an escaped identifier, a nested type, a delegate.
        foreach (var source in new[]
        {
            "namespace System.Threading.Tasks; public class Task<T> { }",
            "namespace System { namespace IO { public static class @File { } } }",
            "namespace System.Runtime.CompilerServices { public struct ConfiguredTaskAwaitable { public struct ConfiguredTaskAwaiter { } } }",
            "namespace System.Threading { public delegate void CancellationTokenSource(); }",
            "namespace System.Threading.Tasks { }\nnamespace  { class X { } }\nnamespace System.Threading.Tasks { public class TaskCompletionSource { } }",
        })
        {
            var edited = first.ReplaceSyntaxTree(first.SyntaxTrees[0], CSharpSyntaxTree.ParseText(source));
            AssertSameAsCompiler(edited);
            Assert.Contains(Names, name => AsyncTypes.For(edited)!.TypeNamed(name) is { } type && type.Locations.First().IsInSource);

            // The next edit of the same file removes the declaration again: the referenced answers come back.
            AssertSameAsCompiler(edited.ReplaceSyntaxTree(edited.SyntaxTrees[0], CSharpSyntaxTree.ParseText("class C { int i; }")));
        }

        // An edit of the other file that adds a declaration is seen too.
        var adding = first.ReplaceSyntaxTree(other, CSharpSyntaxTree.ParseText("namespace AsyncGuard { class AsyncLock { } }"));
        AssertSameAsCompiler(adding);
        Assert.NotNull(AsyncTypes.For(adding)!.TypeNamed("AsyncGuard.AsyncLock"));
    }
}
