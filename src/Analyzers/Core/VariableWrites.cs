namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Every write of a local or field, found through the operation tree of the syntax that can hold it: for engines that
    /// decide a variable by what is ever stored in it (a local only ever assigned an awaited <c>Task.WhenAny</c>, a readonly
    /// field only ever made over memory). Each reference by name is bound; a reference the operation tree does not show,
    /// or a write other than a plain assignment (by reference, compound, <c>??=</c>, increment, tuple or deconstruction,
    /// address-of, a <c>ref</c> local over it), means nothing is known.
    /// </summary>
    internal static class VariableWrites
    {
        /// <summary>
        /// No name in the member that declares <paramref name="local"/> at <paramref name="declarator"/> (lambdas and local
        /// functions in it included; top-level statements share the compilation unit) writes it: no assignment, ref/out pass,
        /// <c>ref</c> or increment (by syntax, <see cref="SyntaxExtensions.IsWritePosition"/>, each candidate bound).
        /// </summary>
        public static bool OnlyByDeclarator(ILocalSymbol local, VariableDeclaratorSyntax declarator, SemanticModel model, CancellationToken cancellationToken)
        {
            SyntaxNode? scope = declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>();
            if (scope is GlobalStatementSyntax { Parent: CompilationUnitSyntax unit })
            {
                scope = unit;
            }

            if (scope is null)
            {
                return false;
            }

            foreach (var node in scope.DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier
                    && identifier.Identifier.ValueText == local.Name
                    && identifier.IsWritePosition()
                    && model.GetSymbolInfo(identifier, cancellationToken).Symbol.Is(local))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Every reference to <paramref name="variable"/> under <paramref name="scope"/> is a read or a plain assignment whose
        /// value <paramref name="accept"/> takes; <paramref name="written"/> is set when an assignment was seen.
        /// </summary>
        public static bool AllAccepted(ISymbol variable, SyntaxNode scope, SemanticModel model, Func<ISimpleAssignmentOperation, bool> accept, ref bool written, CancellationToken cancellationToken)
        {
            foreach (var node in scope.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != variable.Name)
                {
                    continue;
                }

                // A field may be named through `this.` (the operation is the member access's).
                SyntaxNode named = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : identifier;
                var reference = model.GetOperation(named, cancellationToken);
                var referenced = reference switch
                {
                    ILocalReferenceOperation local => (ISymbol)local.Local,
                    IFieldReferenceOperation field => field.Field,
                    _ => null,
                };
                if (referenced is null)
                {
                    if (model.GetSymbolInfo(identifier, cancellationToken).Symbol.Is(variable))
                    {
                        return false; // a use the operation tree does not show: nothing known about it
                    }

                    continue;
                }

                if (!referenced.Is(variable))
                {
                    continue;
                }

                switch (reference!.Parent)
                {
                    case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                        if (assignment.IsRef || !accept(assignment))
                        {
                            return false;
                        }

                        written = true;
                        break;
                    case ICompoundAssignmentOperation:
                    case ICoalesceAssignmentOperation:
                        return false;
                    case var parent when IsWriteBesidesAssignment(parent):
                        return false;
                }
            }

            return true;
        }

        /// <summary>
        /// A reference's <paramref name="parent"/> writes it other than through an assignment operator: a <c>ref</c>/<c>out</c>
        /// argument, <c>++</c>/<c>--</c>, address-of, a tuple element or a deconstruction, or a <c>ref</c> local over it
        /// (<c>ref var r = ref x;</c> writes through r). Shared with <see cref="InMemoryCalls"/>' parameter check.
        /// </summary>
        internal static bool IsWriteBesidesAssignment(IOperation? parent) =>
            parent is IArgumentOperation { Parameter.RefKind: not RefKind.None and not RefKind.In }
                or IIncrementOrDecrementOperation
                or IAddressOfOperation
                or ITupleOperation
                or IDeconstructionAssignmentOperation
                or IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.IsRef: true } };
    }
}
