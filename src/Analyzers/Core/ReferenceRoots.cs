namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Where source of this compilation can name a member: a private member only inside its containing type's declarations
    /// (nested types included, every partial part), any other member in every tree of the compilation. Callers ask it only
    /// for a finding about to be reported.
    /// </summary>
    internal static class ReferenceRoots
    {
        public static IEnumerable<SyntaxNode> Of(ISymbol member, Compilation compilation, CancellationToken ct)
        {
            if (member.DeclaredAccessibility == Accessibility.Private)
            {
                if (member.ContainingType is { } type)
                {
                    foreach (var reference in type.DeclaringSyntaxReferences)
                    {
                        yield return reference.GetSyntax(ct);
                    }
                }

                yield break;
            }

            foreach (var tree in compilation.SyntaxTrees)
            {
                yield return tree.GetRoot(ct);
            }
        }
    }
}
