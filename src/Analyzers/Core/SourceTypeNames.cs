using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// The metadata names of the types a compilation's source declares (<c>Namespace.Name`2</c>, nested ones with <c>+</c>),
    /// read from syntax. <see cref="AsyncTypes.TypeNamed"/> asks it whether the source may declare a well-known name before
    /// it takes the answer of the referenced assemblies: asking the source assembly symbol instead cost about half of an
    /// edit's per-compilation work. An edit in an editor replaces one tree and rarely adds or removes a type, so the set of
    /// the previous compilation with the same options object is taken again when every tree is the same or declares the
    /// same names; each tree's names are read once and kept with the tree.
    /// </summary>
    internal sealed class SourceTypeNames
    {
        private static readonly ConditionalWeakTable<SyntaxTree, HashSet<string>> PerTree =
            new ConditionalWeakTable<SyntaxTree, HashSet<string>>();

        private static readonly ConditionalWeakTable<CompilationOptions, Latest<SourceTypeNames>> Previous =
            new ConditionalWeakTable<CompilationOptions, Latest<SourceTypeNames>>();

        /// <summary>Recorded for a tree with a namespace name that cannot be read (half-typed code): every name may be declared.</summary>
        private const string Unreadable = "\0";

        private readonly ImmutableArray<SyntaxTree> _trees;
        private readonly HashSet<string>[] _names;
        private readonly HashSet<string> _all;

        private SourceTypeNames(ImmutableArray<SyntaxTree> trees, HashSet<string>[] names, HashSet<string> all)
        {
            _trees = trees;
            _names = names;
            _all = all;
        }

        /// <summary>Whether a type of this metadata name is declared in the compilation's source (exact for C# source).</summary>
        public bool Declares(string metadataName) => _all.Contains(metadataName) || _all.Contains(Unreadable);

        public static SourceTypeNames Of(Compilation compilation)
        {
            var trees = compilation is CSharpCompilation csharp ? csharp.SyntaxTrees : compilation.SyntaxTrees.ToImmutableArray();
            var holder = Previous.GetValue(compilation.Options, static _ => new Latest<SourceTypeNames>());
            var previous = holder.Value;
            bool samePlaces = previous != null && previous._trees.Length == trees.Length;
            bool sameNames = samePlaces;
            var names = new HashSet<string>[trees.Length];
            for (int i = 0; i < trees.Length; i++)
            {
                if (samePlaces && ReferenceEquals(previous!._trees[i], trees[i]))
                {
                    names[i] = previous._names[i];
                    continue;
                }

                names[i] = PerTree.GetValue(trees[i], static tree => Read(tree));
                sameNames = sameNames && names[i].SetEquals(previous!._names[i]);
            }

            var all = sameNames ? previous!._all : Union(names);
            var created = new SourceTypeNames(trees, names, all);
            holder.Value = created;
            return created;
        }

        private static HashSet<string> Union(HashSet<string>[] names)
        {
            var all = new HashSet<string>(StringComparer.Ordinal);
            foreach (var set in names)
            {
                all.UnionWith(set);
            }

            return all;
        }

        private static HashSet<string> Read(SyntaxTree tree)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            if (tree.GetRoot() is CompilationUnitSyntax unit)
            {
                AddMembers(unit.Members, string.Empty, '.', names);
            }

            return names;
        }

        private static void AddMembers(SyntaxList<MemberDeclarationSyntax> members, string prefix, char separator, HashSet<string> names)
        {
            foreach (var member in members)
            {
                switch (member)
                {
                    case BaseNamespaceDeclarationSyntax ns:
                        var nsName = NameOf(ns.Name);
                        if (nsName == null)
                        {
                            names.Add(Unreadable);
                        }
                        else
                        {
                            AddMembers(ns.Members, prefix.Length == 0 ? nsName : prefix + "." + nsName, '.', names);
                        }

                        break;
                    case BaseTypeDeclarationSyntax type:
                        var typeName = Qualified(prefix, separator, type.Identifier.ValueText, (type as TypeDeclarationSyntax)?.Arity ?? 0);
                        names.Add(typeName);
                        if (type is TypeDeclarationSyntax withMembers)
                        {
                            AddMembers(withMembers.Members, typeName, '+', names);
                        }

                        break;
                    case DelegateDeclarationSyntax del:
                        names.Add(Qualified(prefix, separator, del.Identifier.ValueText, del.Arity));
                        break;
                }
            }
        }

        private static string Qualified(string prefix, char separator, string name, int arity)
        {
            var simple = arity > 0 ? name + "`" + arity.ToString(System.Globalization.CultureInfo.InvariantCulture) : name;
            return prefix.Length == 0 ? simple : prefix + separator + simple;
        }

        private static string? NameOf(NameSyntax name) => name switch
        {
            IdentifierNameSyntax identifier when identifier.Identifier.ValueText.Length > 0 => identifier.Identifier.ValueText,
            QualifiedNameSyntax qualified when NameOf(qualified.Left) is { } left && NameOf(qualified.Right) is { } right => left + "." + right,
            _ => null,
        };
    }
}
