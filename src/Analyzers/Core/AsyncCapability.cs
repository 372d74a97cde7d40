namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// What C# refuses in an async function, for every fix that adds `async` or a new `await`: the function-level rules
    /// (<see cref="WhyNotAsync"/>: unsafe context CS4004, ref/in/out parameters CS1988, ref struct parameters CS4012, pointer
    /// parameters CS4005, __arglist CS4006, iterators, the address of a local or parameter CS9123, expression-tree lambdas CS1989, ref and ref struct locals before C# 13
    /// CS9202/CS8177/CS4012/CS4013) and the rules of one new await (<see cref="WhyNotAwaitAt"/>: lock bodies CS1996, unsafe
    /// blocks CS4004, query clauses CS1995, catch filters CS7094, `?.` chains, and ref locals, ref struct locals, span
    /// enumerators and ref struct operands that would live across the await CS4007/CS9217). The signature rules (return type,
    /// overrides, public API) stay in <see cref="AsyncSignature"/>.
    /// </summary>
    internal static class AsyncCapability
    {
        /// <summary>Null when <paramref name="function"/> may carry `async`; otherwise the reason (for messages and tests).</summary>
        /// <param name="walkBody">False when the caller already walked the body (same nodes, lambdas and local functions not entered)
        /// and found neither a `yield` nor an address-of: then, with ref locals allowed, the walk below could find nothing.</param>
        public static string? WhyNotAsync(SyntaxNode function, IMethodSymbol? method, SemanticModel model, CancellationToken cancellationToken, bool walkBody = true)
        {
            if (function is CompilationUnitSyntax)
            {
                return null;
            }

            if (method != null)
            {
                if (method.IsVararg)
                {
                    return "async methods cannot take __arglist";
                }

                foreach (var parameter in method.Parameters)
                {
                    if (parameter.RefKind != RefKind.None)
                    {
                        return "async methods cannot have ref, in or out parameters";
                    }

                    if (parameter.Type.IsRefLikeType)
                    {
                        return "async methods cannot have ref struct parameters";
                    }

                    if (parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
                    {
                        return "async methods cannot have pointer parameters";
                    }
                }

                if (!method.IsStatic && method.MethodKind == MethodKind.Ordinary && method.ContainingType is { IsRefLikeType: true })
                {
                    return "an async method cannot use a ref struct's this";
                }
            }

            if (InUnsafeContext(function))
            {
                return "async methods cannot be unsafe (no await in an unsafe context)";
            }

            if (function is AnonymousFunctionExpressionSyntax lambda
                && model.GetTypeInfo(lambda, cancellationToken).ConvertedType is INamedTypeSymbol { Name: "Expression", ContainingNamespace: { Name: "Expressions", ContainingNamespace.Name: "Linq" } })
            {
                return "an async lambda cannot become an expression tree";
            }

            var body = BodyOf(function);
            if (body is null)
            {
                return null;
            }

            var refLocalsAllowed = ((CSharpParseOptions)function.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp13;
            if (!walkBody && refLocalsAllowed)
            {
                return null;
            }

            foreach (var node in body.DescendantNodesAndSelf(n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
            {
                if (node is YieldStatementSyntax)
                {
                    return "it is an iterator";
                }

                // CS9123: a local or parameter of an async method may be hoisted to the heap, its address is not stable.
                if (node is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression } addressOf
                    && model.GetSymbolInfo(addressOf.Operand, cancellationToken).Symbol is ILocalSymbol or IParameterSymbol)
                {
                    return "it takes the address of a local or parameter (CS9123 in an async method)";
                }

                if (!refLocalsAllowed
                    && (RefStateOf(node, model, cancellationToken) != null
                        || (node is CommonForEachStatementSyntax forEach && model.GetForEachStatementInfo(forEach).GetEnumeratorMethod?.ReturnType is { IsRefLikeType: true })
                        || (node is UsingStatementSyntax { Expression: { } resource } && model.GetTypeInfo(resource, cancellationToken).Type is { IsRefLikeType: true })))
                {
                    return "ref and ref struct locals need C# 13 in an async method";
                }
            }

            return null;
        }

        /// <summary>
        /// Null when an `await` may stand at <paramref name="node"/> (in the original tree) once <paramref name="function"/>,
        /// its innermost function, is async; otherwise the reason.
        /// </summary>
        public static string? WhyNotAwaitAt(SyntaxNode node, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            if (ConditionalAccesses.IsInsideChain(node))
            {
                return "an await cannot stand inside a ?. chain";
            }

            SyntaxNode child = node;
            for (var current = node.Parent; current != null && current != function; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case LockStatementSyntax lockStatement when child == lockStatement.Statement:
                        return "an await cannot stand in a lock body";
                    case UnsafeStatementSyntax:
                    case FixedStatementSyntax:
                        return "an await cannot stand in an unsafe context";
                    case QueryExpressionSyntax query when child != query.FromClause:
                    case FromClauseSyntax from when child != from.Expression:
                        return "an await cannot stand in a query clause";
                    case CatchFilterClauseSyntax:
                        return "an await cannot stand in a catch filter";
                }
            }

            if (InUnsafeContext(function))
            {
                return "an await cannot stand in an unsafe context";
            }

            return RefStateAcross(node, function, model, cancellationToken);
        }

        /// <summary>Whether <paramref name="node"/> is in an unsafe context: an `unsafe` member, type, local function or block around it.</summary>
        public static bool InUnsafeContext(SyntaxNode node)
        {
            for (SyntaxNode? current = node; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case UnsafeStatementSyntax:
                    case MemberDeclarationSyntax member when member.Modifiers.Any(SyntaxKind.UnsafeKeyword):
                    case LocalFunctionStatementSyntax local when local.Modifiers.Any(SyntaxKind.UnsafeKeyword):
                        return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A ref local or ref struct value that would have to live across an await at <paramref name="node"/> (CS4007, CS9217):
        /// a by-ref or ref struct local declared before the await in a scope that contains it and used after it (or anywhere in a
        /// loop around both), the enumerator of a foreach over a span, a using of a ref struct, and ref struct operands evaluated
        /// before the await in the same expression (`span.IndexOf(await c)`).
        /// </summary>
        private static string? RefStateAcross(SyntaxNode node, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            // Operands evaluated before the await, in the same expression.
            SyntaxNode child = node;
            for (var current = node.Parent; current != null && current != function && current is not StatementSyntax; child = current, current = current.Parent)
            {
                foreach (var earlier in EvaluatedBefore(current, child))
                {
                    if (earlier is ExpressionSyntax expression && model.GetTypeInfo(expression, cancellationToken).Type is { IsRefLikeType: true })
                    {
                        return "a ref struct value would live across the await";
                    }
                }
            }

            // Statements around the await that hold ref state over it.
            for (var current = node.Parent; current != null && current != function; current = current.Parent)
            {
                switch (current)
                {
                    case CommonForEachStatementSyntax forEach when forEach.Statement.FullSpan.Contains(node.FullSpan)
                        && (model.GetForEachStatementInfo(forEach).GetEnumeratorMethod?.ReturnType is { IsRefLikeType: true }
                            || forEach is ForEachStatementSyntax { Type: RefTypeSyntax }):
                        return "a span enumerator would live across the await";
                    case UsingStatementSyntax { Expression: { } resource } usingStatement when usingStatement.Statement.FullSpan.Contains(node.FullSpan)
                        && model.GetTypeInfo(resource, cancellationToken).Type is { IsRefLikeType: true }:
                        return "a ref struct would live across the await";
                }
            }

            // Locals declared before the await.
            var body = BodyOf(function);
            if (body is null)
            {
                return null;
            }

            foreach (var declaration in body.DescendantNodes(n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
            {
                if (declaration.SpanStart >= node.SpanStart || RefStateOf(declaration, model, cancellationToken) is not { } local)
                {
                    continue;
                }

                var scope = ScopeOf(declaration);
                if (scope is null || !scope.Span.Contains(node.Span) || declaration.Span.Contains(node.Span))
                {
                    continue;
                }

                if ((declaration.Parent as VariableDeclarationSyntax)?.Parent is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 })
                {
                    return "a ref struct would live across the await";
                }

                if (IsUsedAfter(local, scope, node, model, cancellationToken))
                {
                    return local.IsRef ? "a ref local would live across the await" : "a ref struct local would live across the await";
                }
            }

            return null;
        }

        /// <summary>The local a declaration introduces when it is by-ref or of a ref struct type; null otherwise.</summary>
        private static ILocalSymbol? RefStateOf(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            switch (node)
            {
                case VariableDeclaratorSyntax:
                case SingleVariableDesignationSyntax:
                case ForEachStatementSyntax:
                    return model.GetDeclaredSymbol(node, cancellationToken) is ILocalSymbol local && (local.IsRef || local.Type.IsRefLikeType) ? local : null;
                default:
                    return null;
            }
        }

        private static SyntaxNode? ScopeOf(SyntaxNode declaration)
        {
            if (declaration is ForEachStatementSyntax forEach)
            {
                return forEach.Statement;
            }

            for (var current = declaration.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case BlockSyntax:
                    case SwitchSectionSyntax:
                    case ForStatementSyntax:
                    case CommonForEachStatementSyntax:
                    case UsingStatementSyntax:
                    case FixedStatementSyntax:
                    case ArrowExpressionClauseSyntax:
                    case AnonymousFunctionExpressionSyntax:
                    case GlobalStatementSyntax:
                        return current;
                }
            }

            return null;
        }

        /// <summary>Whether <paramref name="local"/> is referenced after <paramref name="node"/>, or in a loop (inside its scope) around it.</summary>
        private static bool IsUsedAfter(ILocalSymbol local, SyntaxNode scope, SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            // A loop inside the scope around the await runs the references before it again after it.
            SyntaxNode region = node;
            var fromStart = false;
            for (var current = node.Parent; current != null && current != scope; current = current.Parent)
            {
                if (current is ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax)
                {
                    region = current;
                    fromStart = true;
                }
            }

            foreach (var identifier in scope.DescendantNodes())
            {
                if (identifier is IdentifierNameSyntax name && name.Identifier.ValueText == local.Name
                    && (name.SpanStart >= node.Span.End || (fromStart && region.Span.Contains(name.Span)))
                    && model.GetSymbolInfo(name, cancellationToken).Symbol.Is(local))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The operands of <paramref name="parent"/> that are evaluated before <paramref name="child"/>.</summary>
        private static System.Collections.Generic.IEnumerable<SyntaxNode> EvaluatedBefore(SyntaxNode parent, SyntaxNode child)
        {
            switch (parent)
            {
                case InvocationExpressionSyntax invocation when child == invocation.ArgumentList:
                    if (invocation.Expression is MemberAccessExpressionSyntax access)
                    {
                        yield return access.Expression;
                    }

                    break;
                case ElementAccessExpressionSyntax element when child == element.ArgumentList:
                    yield return element.Expression;
                    break;
                case ArgumentListSyntax or BracketedArgumentListSyntax:
                    foreach (var argument in parent.ChildNodes())
                    {
                        if (argument == child)
                        {
                            break;
                        }

                        if (argument is ArgumentSyntax a)
                        {
                            yield return a.Expression;
                        }
                    }

                    break;
                case BinaryExpressionSyntax binary when child == binary.Right:
                    yield return binary.Left;
                    break;
                case AssignmentExpressionSyntax assignment when child == assignment.Right:
                    yield return assignment.Left;
                    if (assignment.Left is ElementAccessExpressionSyntax target)
                    {
                        yield return target.Expression;
                    }
                    else if (assignment.Left is MemberAccessExpressionSyntax member)
                    {
                        yield return member.Expression;
                    }

                    break;
                case TupleExpressionSyntax or InitializerExpressionSyntax or CollectionExpressionSyntax:
                    foreach (var element in parent.ChildNodes())
                    {
                        if (element == child)
                        {
                            break;
                        }

                        yield return element is ArgumentSyntax argument ? argument.Expression : element;
                    }

                    break;
            }
        }

        private static SyntaxNode? BodyOf(SyntaxNode function) => function switch
        {
            AnonymousFunctionExpressionSyntax lambda => lambda.Body,
            BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
            LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
            AccessorDeclarationSyntax accessor => (SyntaxNode?)accessor.Body ?? accessor.ExpressionBody,
            _ => null,
        };
    }
}
