namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// InMemoryCalls' locals declared without a value and assigned in branches, corpus10lib class W4 (issue 16, twelfth pass,
    /// mime10; never blocks, no option):
    /// <list type="bullet">
    /// <item>a local declared without an initializer (<c>Stream content;</c>), never passed by reference, deconstructed into
    /// or compound-assigned, whose every simple assignment in the function (lambdas included) is a value the in-memory proof
    /// accepts, is over memory like a local initialised with one (C#'s definite assignment makes every read follow one of them);</item>
    /// <item>the parameterless <c>Dispose()</c> or <c>Close()</c> of such a local whose every assignment is either over
    /// memory or <c>new T(..)</c> of a stream class of the compilation none of whose types, from T up to
    /// <c>System.IO.Stream</c>, declares a <c>DisposeAsync</c>: Stream's own DisposeAsync only calls Dispose, so the
    /// suggested <c>await content.DisposeAsync()</c> would run the very same synchronous code
    /// (<c>content = new BoundStream(stream, begin, end, true)</c> in one branch, <c>content = new MemoryBlockStream()</c> in the
    /// other, then <c>content.Dispose()</c>). Whether that Dispose does I/O does not matter: nothing asynchronous exists for it.</item>
    /// </list>
    /// Still reported: a local assigned a parameter, a field or a call's result on some path, a local passed by <c>ref</c>/<c>out</c>,
    /// a stream type from a referenced assembly (it may override DisposeAsync; KnownStreamDisposals lists the few that do not), a source type (or a source base) declaring DisposeAsync,
    /// any call other than a parameterless Dispose/Close on a view (its reads and writes reach the stream it wraps).
    /// </summary>
    internal sealed partial class InMemoryCalls
    {
        /// <summary>A plain local declared by <c>T name;</c> (no initializer), not a foreach, catch, pattern or out variable.</summary>
        private static bool IsDeclaredWithoutValue(ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken) =>
            local.DeclaringSyntaxReferences.Length == 1
            && local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer: null, Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0 } } } declarator
            && declarator.SyntaxTree == model.SyntaxTree;

        /// <summary>
        /// Every write to <paramref name="local"/> in <paramref name="function"/> is a simple assignment whose value
        /// <paramref name="accept"/> takes (at least one); no reference passes it by ref, takes its address or deconstructs into it.
        /// </summary>
        private static bool EveryAssignmentIs(ILocalSymbol local, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken, Func<IOperation, bool> accept)
        {
            var any = false;
            var all = LocalReferences.All(local, function, model, cancellationToken, reference =>
            {
                switch (reference.Parent)
                {
                    case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                        if (assignment.IsRef || !accept(Invocations.WithoutImplicitConversions(assignment.Value)))
                        {
                            return false;
                        }

                        any = true;
                        return true;
                    case IAssignmentOperation assignment when assignment.Target == reference:
                    case IArgumentOperation { Parameter.RefKind: not RefKind.None }:
                    case IAddressOfOperation:
                    case ITupleOperation:
                    case IIncrementOrDecrementOperation:
                        return false;
                    default:
                        return true;
                }
            });
            return all && any;
        }

        /// <summary><c>local.Dispose()</c> / <c>local.Close()</c> where every value the local is given has no DisposeAsync of its own, or is over memory.</summary>
        private bool IsDisposeOfAssignedLocal(IInvocationOperation operation, IOperation receiver, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            if (operation.TargetMethod is not { Name: "Dispose" or "Close", Parameters.Length: 0, IsStatic: false }
                || receiver is not ILocalReferenceOperation { Local: { } local }
                || !IsDeclaredWithoutValue(local, model, cancellationToken))
            {
                return false;
            }

            return EveryAssignmentIs(local, function, model, cancellationToken, value =>
                IsWithoutOwnDisposeAsync(value) || IsOverMemory(value, function, model, 1, cancellationToken));
        }

        /// <summary><c>new T(..)</c>, T a source class deriving from Stream through source types only, none declaring DisposeAsync.</summary>
        private bool IsWithoutOwnDisposeAsync(IOperation value)
        {
            _stream ??= _types.TypeNamed("System.IO.Stream");
            if (_stream is null || value is not IObjectCreationOperation { Type: INamedTypeSymbol { TypeKind: TypeKind.Class } type })
            {
                return false;
            }

            for (var current = (INamedTypeSymbol?)type; current != null; current = current.BaseType)
            {
                if (current.Is(_stream))
                {
                    return true;
                }

                if ((current.ContainingAssembly is not ISourceAssemblySymbol && !KnownStreamDisposals.InheritsStreamDisposeAsync(current))
                    || !current.GetMembers("DisposeAsync").IsEmpty)
                {
                    return false;
                }
            }

            return false;
        }
    }
}
