using System.Linq;

namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0302 (issue 16, thirteenth pass, corpus13app: Thor's <c>await foreach (var r in client.Chat.Stream(..))</c>): the
    /// sequence is the result of a call to an async iterator method of this compilation (`async IAsyncEnumerable&lt;T&gt;
    /// M(..)` with `yield`) none of whose parameters carries [EnumeratorCancellation]. The compiler's enumerator of such a
    /// method ignores the token given to GetAsyncEnumerator, so `.WithCancellation(token)` would change nothing: the gap is
    /// that the iterator takes no token, which is for its author to add. The method must be the one that runs (not virtual,
    /// abstract, an override or an interface member: another implementation may honour the token).
    /// <para>
    /// Still reported: an iterator with an [EnumeratorCancellation] parameter (only through a call that does not take a token
    /// argument, which AG0301 reports otherwise), a sequence from a parameter, field or property, a method of another
    /// assembly (its body is not known), a virtual or interface method, and a method that returns a sequence it does not
    /// produce with `yield` (it may forward the token to one that does).
    /// </para>
    /// </summary>
    internal static class TokenlessIterators
    {
        public static bool IgnoresEnumeratorToken(IInvocationOperation invocation, AsyncTypes types, CancellationToken cancellationToken)
        {
            var method = invocation.TargetMethod.OriginalDefinition;
            if (method is not { IsAsync: true, IsVirtual: false, IsAbstract: false, IsOverride: false, MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction }
                || method.ContainingType?.TypeKind == TypeKind.Interface
                || method.DeclaringSyntaxReferences.Length == 0
                || !method.ReturnType.OriginalDefinition.Is(types.IAsyncEnumerableOfT))
            {
                return false;
            }

            var attribute = types.TypeNamed("System.Runtime.CompilerServices.EnumeratorCancellationAttribute");
            if (attribute is null)
            {
                return false;
            }

            foreach (var parameter in method.Parameters)
            {
                foreach (var data in parameter.GetAttributes())
                {
                    if (data.AttributeClass.Is(attribute))
                    {
                        return false;
                    }
                }
            }

            // An async method returning IAsyncEnumerable<T> compiles only as an iterator (CS8403 otherwise), but half-typed
            // code may not: ask for a yield in its body.
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is { } declaration
                    && declaration.DescendantNodes().Any(node => node.IsKind(SyntaxKind.YieldReturnStatement)))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
