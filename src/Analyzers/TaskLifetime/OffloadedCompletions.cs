namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0209 (issue 16, held-out DSharpPlus's async reset event, the classic `SetAsync() => Task.Run(() => tcs.TrySetResult(true))`):
    /// a completion source kept in a private field whose every completion in its type is either
    /// <list type="bullet">
    /// <item>the whole body of a lambda given directly to `Task.Run` (`Task.Run(() => _tcs.TrySetResult(true))`): the
    /// awaiters resume inline on a pool work item that has nothing else to do and holds nothing — the offload is the
    /// older spelling of RunContinuationsAsynchronously; or</item>
    /// <item>a statement of a constructor of the type (not inside a lambda there): no code can await a source of an object
    /// still being constructed.</item>
    /// </list>
    /// The field is private, of a class or struct declared once; each source is made in its initializer, by an assignment,
    /// or as the value of `Interlocked.CompareExchange(ref _tcs, new ..., comparand)` / `Interlocked.Exchange(ref _tcs, new ...)`.
    /// Other references may read `.Task` (awaited, returned: the awaiters are what the offload protects), compare the field
    /// (`_tcs != null`, `_tcs is null`), or copy it to a local that is only read for `.Task` or given to `Interlocked` as a comparand.
    /// <para>
    /// Still reported: a completion anywhere else (a method, an event handler, a lambda of another call, a `Task.Run` lambda
    /// that does more), the source handed out (returned, passed, stored elsewhere), a field that is not private, a partial type.
    /// Asked only for a finding about to be reported.
    /// </para>
    /// </summary>
    internal static class OffloadedCompletions
    {
        public static bool CompletedOnlyOffloaded(IObjectCreationOperation creation, CancellationToken ct)
        {
            if (creation.SemanticModel is not { } model || FieldOf(creation.Syntax, model, ct) is not { } field
                || field.DeclaredAccessibility != Accessibility.Private
                || field.ContainingType is not { DeclaringSyntaxReferences.Length: 1, TypeKind: TypeKind.Class or TypeKind.Struct } type)
            {
                return false;
            }

            var declaration = type.DeclaringSyntaxReferences[0].GetSyntax(ct);
            if (declaration is TypeDeclarationSyntax partialType && partialType.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return false;
            }

            var typeModel = SemanticModels.For(model, declaration.SyntaxTree);
            var completions = 0;
            foreach (var identifier in NameReferences.Of(field, declaration, typeModel, ct))
            {
                var use = identifier.WithThisQualifier();
                switch (use.Parent)
                {
                    case VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax }:
                    case AssignmentExpressionSyntax assignment when assignment.Left == use:
                        continue;
                    case BinaryExpressionSyntax comparison when comparison.IsKind(SyntaxKind.EqualsExpression) || comparison.IsKind(SyntaxKind.NotEqualsExpression):
                    case IsPatternExpressionSyntax pattern when pattern.Expression == use:
                        // A null check hands nothing out.
                        continue;
                    case ArgumentSyntax argument when argument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword):
                        if (!IsInterlockedSwap(argument, typeModel, ct))
                        {
                            return false;
                        }

                        continue;
                    case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax local } when local.Parent?.Parent is LocalDeclarationStatementSyntax:
                        if (!IsTaskReadCopy(local, typeModel, ct))
                        {
                            return false;
                        }

                        continue;
                    case MemberAccessExpressionSyntax member when member.Expression == use:
                        var name = member.Name.Identifier.ValueText;
                        if (name == "Task")
                        {
                            continue;
                        }

                        if (member.Parent is not InvocationExpressionSyntax call || call.Expression != member
                            || !(name.StartsWith("Set", StringComparison.Ordinal) || name.StartsWith("TrySet", StringComparison.Ordinal))
                            || !(IsInConstructor(call) || IsWholeTaskRunBody(call, typeModel, ct)))
                        {
                            return false;
                        }

                        completions++;
                        continue;
                    default:
                        return false;
                }
            }

            return completions > 0;
        }

        /// <summary>`_f = new ..` (initializer or assignment) or `Interlocked.CompareExchange(ref _f, new .., c)` / `Exchange(ref _f, new ..)`.</summary>
        private static IFieldSymbol? FieldOf(SyntaxNode creation, SemanticModel model, CancellationToken ct) =>
            PrivateFieldSources.FieldOf(creation, model, ct)
            ?? (creation.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Arguments: { Count: >= 2 } arguments } } value && arguments[1] == value
                && arguments[0].RefKindKeyword.IsKind(SyntaxKind.RefKeyword) && IsInterlockedSwap(arguments[0], model, ct)
                ? model.GetSymbolInfo(arguments[0].Expression, ct).Symbol as IFieldSymbol
                : null);

        /// <summary>The `ref` argument of `Interlocked.CompareExchange` or `Interlocked.Exchange`.</summary>
        private static bool IsInterlockedSwap(ArgumentSyntax argument, SemanticModel model, CancellationToken ct) =>
            argument.Parent is ArgumentListSyntax { Parent: InvocationExpressionSyntax call } list && list.Arguments[0] == argument
            && model.GetSymbolInfo(call, ct).Symbol is IMethodSymbol { Name: "CompareExchange" or "Exchange", ContainingType: { Name: "Interlocked" } interlocked }
            && interlocked.ContainingNamespace.ToDisplayString() == "System.Threading";

        /// <summary>A local copy of the field only read for `.Task`, compared, or given to `Interlocked` as a value or comparand.</summary>
        private static bool IsTaskReadCopy(VariableDeclaratorSyntax local, SemanticModel model, CancellationToken ct)
        {
            if (model.GetDeclaredSymbol(local, ct) is not ILocalSymbol symbol
                || local.FirstAncestorOrSelf<SyntaxNode>(n => n is BlockSyntax) is not { } scope)
            {
                return false;
            }

            foreach (var identifier in NameReferences.Of(symbol, scope, model, ct))
            {
                if ((identifier.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Task" } member && member.Expression == identifier)
                    || identifier.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression or (int)SyntaxKind.NotEqualsExpression })
                {
                    continue;
                }

                if (identifier.Parent is ArgumentSyntax argument && argument.RefKindKeyword.IsKind(SyntaxKind.None)
                    && argument.Parent is ArgumentListSyntax { Parent: InvocationExpressionSyntax call }
                    && model.GetSymbolInfo(call, ct).Symbol is IMethodSymbol { Name: "CompareExchange" or "Exchange", ContainingType.Name: "Interlocked" })
                {
                    continue;
                }

                return false;
            }

            return true;
        }

        /// <summary>A statement of a constructor (or of a block in it), with no lambda or local function in between.</summary>
        private static bool IsInConstructor(SyntaxNode node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case ConstructorDeclarationSyntax constructor:
                        return !constructor.Modifiers.Any(SyntaxKind.StaticKeyword);
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }

        /// <summary>`Task.Run(() => _f.TrySetResult(..))`: the completion is the lambda's whole expression body (or its only statement).</summary>
        private static bool IsWholeTaskRunBody(InvocationExpressionSyntax completion, SemanticModel model, CancellationToken ct)
        {
            SyntaxNode body = completion.Parent is ExpressionStatementSyntax { Parent: BlockSyntax { Statements.Count: 1 } block } ? block : completion;
            return body.Parent is ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 0 } lambda
                && (lambda.ExpressionBody == body || lambda.Block == body)
                && lambda.AsyncKeyword.IsKind(SyntaxKind.None)
                && lambda.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: InvocationExpressionSyntax run } }
                && model.GetSymbolInfo(run, ct).Symbol is IMethodSymbol { Name: "Run", IsStatic: true, ContainingType: { Name: "Task" } task }
                && task.ContainingNamespace.ToDisplayString() == "System.Threading.Tasks";
        }
    }
}
