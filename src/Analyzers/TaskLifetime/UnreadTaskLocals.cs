using Microsoft.CodeAnalysis.Text;

namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0201's unread-local case (issue 16, M1): `var t = StartAsync();` (or `t = StartAsync();`) where the local is never
    /// read anywhere in its member — lambdas and local functions included. Storing the task in such a local observes
    /// nothing: its failure is lost just as when the call stands alone.
    /// </summary>
    internal static class UnreadTaskLocals
    {
        /// <summary>
        /// The written local when <paramref name="top"/> (the value, climbed over parentheses and `?.`) is the whole initializer
        /// of a plain local declaration (not `using`, `const` or `ref`) or the right side of `local = value;` standing as a
        /// statement. Syntax only: the caller checks the types and <see cref="IsNeverRead"/>.
        /// </summary>
        public static bool IsLocalWrite(SyntaxNode top, out SyntaxNode target)
        {
            target = null!;
            switch (top.Parent)
            {
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } clause
                    when clause.Value == top
                         && declarator.Parent is VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax statement } declaration
                         && statement.UsingKeyword.IsKind(SyntaxKind.None) && !statement.IsConst
                         && declaration.Type is not RefTypeSyntax && !clause.Value.IsKind(SyntaxKind.RefExpression):
                    target = declarator;
                    return true;
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: not "_" } name, Parent: ExpressionStatementSyntax } assignment
                    when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && assignment.Right == top:
                    target = name;
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// A cheap syntactic pre-check before any binding: some name spelled like the written local, in its scope, stands where
        /// it can only be read (not a member name `x.t`/`?.t`, a named argument or an anonymous-type member, nor the target of
        /// a plain assignment statement). Such a name reads the local, or another symbol of the same name that shadows it in a
        /// nested function (then silent too: never more findings than <see cref="IsNeverRead"/>).
        /// </summary>
        public static bool SurelyRead(SyntaxNode target)
        {
            var name = target is VariableDeclaratorSyntax declarator ? declarator.Identifier.ValueText : ((IdentifierNameSyntax)target).Identifier.ValueText;

            // A declaration's block; for `t = value;` (the declaration not at hand) the whole member.
            var scope = Around(target, blocks: target is VariableDeclaratorSyntax);

            // A declared local is read only after its declaration; an assigned one anywhere in the member (loops).
            var tokens = target is VariableDeclaratorSyntax
                ? scope.DescendantTokens(TextSpan.FromBounds(target.Span.End, scope.Span.End))
                : scope.DescendantTokens();
            foreach (var token in tokens)
            {
                if (!token.IsKind(SyntaxKind.IdentifierToken) || token.ValueText != name || token.Parent is not IdentifierNameSyntax identifier || identifier == target)
                {
                    continue;
                }

                switch (identifier.Parent)
                {
                    case MemberAccessExpressionSyntax access when access.Name == identifier:
                    case MemberBindingExpressionSyntax:
                    case NameColonSyntax or NameEqualsSyntax:
                        continue;
                    case AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax } assignment
                        when assignment.Left == identifier && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression):
                        continue;
                    default:
                        return true;
                }
            }

            return false;
        }

        /// <summary>The local that <paramref name="target"/> (from <see cref="IsLocalWrite"/>) writes, if it is a local of an awaitable type.</summary>
        public static ILocalSymbol? WrittenLocal(SyntaxNode target, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            var symbol = target is VariableDeclaratorSyntax declarator
                ? model.GetDeclaredSymbol(declarator, ct)
                : model.GetSymbolInfo(target, ct).Symbol;
            return symbol is ILocalSymbol { IsRef: false, IsConst: false } local && local.Type is { TypeKind: not TypeKind.Error } type && types.IsAwaitable(type)
                ? local
                : null;
        }

        /// <summary>
        /// Whether no reference to <paramref name="local"/> in its member reads it: every name that binds to it is the target of
        /// a plain assignment standing as a statement. Anything else counts as a read — `await t`, `return t`, `t.IsCompleted`,
        /// an argument (also `ref`/`out`), a capture in a lambda or local function, `nameof(t)`, `t ??= ..`, a deconstruction —
        /// and so does a same-spelled name that does not bind (half-typed code: nothing is known, stay silent).
        /// </summary>
        public static bool IsNeverRead(ILocalSymbol local, SyntaxNode target, SemanticModel model, CancellationToken ct)
        {
            foreach (var node in ScopeOf(local, target).DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != local.Name)
                {
                    continue;
                }

                ct.ThrowIfCancellationRequested();
                var info = model.GetSymbolInfo(identifier, ct);
                if (info.Symbol is { } bound)
                {
                    if (!bound.Is(local))
                    {
                        continue;
                    }
                }
                else if (MayBe(info, local))
                {
                    // Unbound, or ambiguous with the local among the candidates: treat as a read.
                    return false;
                }
                else
                {
                    continue;
                }

                if (!IsPlainWrite(identifier, model, ct))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Whether any name other than <paramref name="except"/> binds to <paramref name="local"/> (the fix removes the declaration only when none does).</summary>
        public static bool HasOtherReferences(ILocalSymbol local, SyntaxNode target, SyntaxNode? except, SemanticModel model, CancellationToken ct)
        {
            foreach (var node in ScopeOf(local, target).DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier && node != except && identifier.Identifier.ValueText == local.Name)
                {
                    var info = model.GetSymbolInfo(identifier, ct);
                    if (info.Symbol is null ? MayBe(info, local) : info.Symbol.Is(local))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>An unbound name: unresolved (nothing known) or ambiguous with the local among the candidates.</summary>
        private static bool MayBe(SymbolInfo info, ILocalSymbol local)
        {
            foreach (var candidate in info.CandidateSymbols)
            {
                if (candidate.Is(local))
                {
                    return true;
                }
            }

            return info.CandidateSymbols.IsEmpty;
        }

        /// <summary>`t = value;` as a statement: the assignment's own value is dropped, so the name is only written.</summary>
        private static bool IsPlainWrite(IdentifierNameSyntax identifier, SemanticModel model, CancellationToken ct)
            => model.GetOperation(identifier, ct) is ILocalReferenceOperation reference
               && reference.Parent is ISimpleAssignmentOperation { IsRef: false } assignment
               && assignment.Target == reference
               && assignment.Parent is IExpressionStatementOperation;

        /// <summary>
        /// A node that holds the local's whole scope: the block (or switch statement: its sections share one scope) around its declaration — a superset for
        /// `for`/`out var`/pattern variables — else the member; the compilation unit for top-level statements.
        /// </summary>
        private static SyntaxNode ScopeOf(ILocalSymbol local, SyntaxNode target)
        {
            var declaration = target is VariableDeclaratorSyntax
                ? target
                : local.DeclaringSyntaxReferences.Length == 1 && local.DeclaringSyntaxReferences[0].SyntaxTree == target.SyntaxTree
                    ? local.DeclaringSyntaxReferences[0].GetSyntax()
                    : target;
            return Around(declaration, blocks: true);
        }

        /// <summary>
        /// The innermost block or switch statement around <paramref name="node"/> (only with <paramref name="blocks"/>), else its
        /// member or accessor; the compilation unit for top-level statements; the outermost node reached otherwise.
        /// </summary>
        private static SyntaxNode Around(SyntaxNode node, bool blocks)
        {
            var scope = node;
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case BlockSyntax or SwitchStatementSyntax when blocks:
                        return current;
                    case GlobalStatementSyntax { Parent: CompilationUnitSyntax unit }:
                        return unit;
                    case MemberDeclarationSyntax or AccessorDeclarationSyntax:
                        return current;
                }

                scope = current;
            }

            return scope;
        }
    }
}
