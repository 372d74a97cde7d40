namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0202 (issue 16, eighth part, w2d): a fire-and-forget <c>async void</c> helper that ends on the cancellation it
    /// expects. Every <c>await</c> of the body stands in the <c>try</c> block of a <c>try</c> with a clause (no filter, no
    /// rethrow) that catches <c>OperationCanceledException</c> or a type derived from it (<c>TaskCanceledException</c>), or
    /// catches everything; and the method is only ever called directly: every use of it in the code that can see it (its
    /// type's declarations for a private method, the compilation for an internal one, the enclosing member for a local
    /// function) is the callee of an invocation, with at least one. A cancellable timeout or sweep loop
    /// (<c>await Task.Delay(d, token)</c> inside <c>try .. catch (OperationCanceledException)</c>) started from the type's
    /// own synchronous code: the author handled the way its awaits are meant to end, and no caller could await a task it
    /// returned. Handed to a delegate (<c>Task.Run(M)</c>, <c>new Timer(M)</c>), its void signature hides the work from whoever
    /// takes the delegate: still reported, like a public or protected method, a virtual one, an await outside such a try, and
    /// a filtered, rethrowing or other narrow catch. Silent unless <see cref="ReportOption"/> is on; asked only for a finding
    /// about to be reported, syntax before binding.
    /// </summary>
    internal static class CancellationCatches
    {
        /// <summary>.editorconfig key: `true` reports async void methods whose awaits only end in a caught cancellation as well.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0202.report_cancellation_catches";

        public static bool EndsOnCaughtCancellation(SyntaxNode declaration, BlockSyntax? body, IMethodSymbol method, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            if (body is null || method.IsVirtual || method.IsAbstract || method.IsOverride
                || types.TypeNamed("System.OperationCanceledException") is not { } canceled
                || !EveryAwaitCaught(body, model, canceled, ct))
            {
                return false;
            }

            var calls = 0;
            if (declaration is LocalFunctionStatementSyntax)
            {
                var member = declaration.Parent;
                while (member is not null and not (MemberDeclarationSyntax or CompilationUnitSyntax))
                {
                    member = member.Parent;
                }

                return member != null && OnlyCalled(method, member, model, ref calls, ct) && calls > 0;
            }

            if (method.MethodKind != MethodKind.Ordinary || method.ContainingType is not { } type)
            {
                return false;
            }

            if (method.DeclaredAccessibility != Accessibility.Private
                && (method.DeclaredAccessibility != Accessibility.Internal || !IsInternalAllTheWay(type)))
            {
                return false;
            }

            foreach (var root in ReferenceRoots.Of(method, model.Compilation, ct))
            {
                if (!OnlyCalled(method, root, SemanticModels.For(model, root.SyntaxTree), ref calls, ct))
                {
                    return false;
                }
            }

            return calls > 0;
        }

        /// <summary>No containing type opens the method to other assemblies' derived types (a protected nesting is not).</summary>
        private static bool IsInternalAllTheWay(INamedTypeSymbol type)
        {
            for (var current = type; current != null; current = current.ContainingType)
            {
                if (current.DeclaredAccessibility is Accessibility.Protected or Accessibility.ProtectedOrInternal)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool EveryAwaitCaught(BlockSyntax body, SemanticModel model, INamedTypeSymbol canceled, CancellationToken ct)
        {
            var awaits = 0;
            foreach (var node in body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (!CaughtAwaits.IsAwait(node))
                {
                    continue;
                }

                awaits++;
                if (!InsideCaughtTry(node, body, model, canceled, ct))
                {
                    return false;
                }
            }

            return awaits > 0;
        }

        private static bool InsideCaughtTry(SyntaxNode node, BlockSyntax body, SemanticModel model, INamedTypeSymbol canceled, CancellationToken ct)
        {
            SyntaxNode child = node;
            for (var current = node.Parent; current != null && current != body.Parent; child = current, current = current.Parent)
            {
                if (current is not TryStatementSyntax tryStatement || tryStatement.Block != child)
                {
                    continue;
                }

                foreach (var clause in tryStatement.Catches)
                {
                    if (clause.Filter is null && !CaughtAwaits.Rethrows(clause.Block)
                        && (CaughtAwaits.IsCatchAll(clause) || CatchesCancellation(clause, model, canceled, ct)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool CatchesCancellation(CatchClauseSyntax clause, SemanticModel model, INamedTypeSymbol canceled, CancellationToken ct)
        {
            // Syntax first: only a type whose name says so is bound.
            var name = clause.Declaration?.Type switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                _ => null,
            };
            if (name is null || !name.EndsWith("CanceledException", StringComparison.Ordinal))
            {
                return false;
            }

            for (var type = model.GetTypeInfo(clause.Declaration!.Type, ct).Type as INamedTypeSymbol; type != null; type = type.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(type, canceled))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Every identifier in <paramref name="scope"/> that names the method is the callee of an invocation.</summary>
        private static bool OnlyCalled(IMethodSymbol method, SyntaxNode scope, SemanticModel model, ref int calls, CancellationToken ct)
        {
            foreach (var token in scope.DescendantTokens())
            {
                if (!token.IsKind(SyntaxKind.IdentifierToken) || token.ValueText != method.Name
                    || token.Parent is not SimpleNameSyntax name || name.Parent is MethodDeclarationSyntax or LocalFunctionStatementSyntax)
                {
                    continue;
                }

                var info = model.GetSymbolInfo(name, ct);
                var isMethod = Names(method, info.Symbol);
                foreach (var candidate in info.CandidateSymbols)
                {
                    isMethod |= Names(method, candidate);
                }

                if (!isMethod)
                {
                    continue;
                }

                SyntaxNode callee = name;
                if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name)
                {
                    callee = access;
                }
                else if (name.Parent is MemberBindingExpressionSyntax binding && binding.Name == name)
                {
                    callee = binding;
                }

                if (info.Symbol is null || callee.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != callee)
                {
                    return false;
                }

                calls++;
            }

            return true;
        }

        private static bool Names(IMethodSymbol method, ISymbol? symbol) =>
            symbol is IMethodSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, method.OriginalDefinition);
    }
}
