namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0209 (issue 16, d209: csharp-driver's keyspace switch, reconnect, connection open and page fetch, azure-webjobs-sdk's
    /// host initialization): a single-flight in-flight source. The source is a local of the function that creates it
    /// (a method, accessor or local function, not a lambda); that function publishes it, or its <c>.Task</c>, in a field or
    /// property of its own object or type (<c>Interlocked.CompareExchange(ref _f, tcs, null)</c>, <c>Interlocked.Exchange</c>,
    /// or a plain assignment <c>_f = tcs.Task</c>) so that concurrent callers await the same work, and completes it itself
    /// after awaiting the work (the function, or the completing method below, is <c>async</c>): a completion call written as
    /// a statement of that function, or the source passed to a method declared in source that
    /// only completes it or reads its <c>.Task</c> (an extension helper, a private finishing method, the private async
    /// method that does the work), at most two such methods deep. Every completion site is in the flow itself: not in a
    /// lambda or a local function, not inside a <c>lock</c>, not inside a loop unless the completion is followed at once by
    /// a <c>return</c> or <c>throw</c>. Other uses allowed: <c>.Task</c> reads, null checks, assignments of null or a new
    /// source. The awaiters are other callers of the same library code, resuming inline on the initiating flow that holds
    /// nothing. Reported: a completion from a lambda (a callback, a token registration, a continuation), under a lock, in a
    /// loop that goes on; the source or its task published elsewhere (a dictionary, another object's member) or passed to
    /// any other method; no publication. Run only for a finding about to be reported; syntax first, binding only names of
    /// the source. Option <see cref="ReportOption"/> reports these sources again.
    /// </summary>
    internal static class SingleFlightSources
    {
        /// <summary>.editorconfig key: `true` reports single-flight sources completed by the initiating flow.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0209.report_single_flight_sources";

        /// <summary>How many completing methods deep the source may be passed (a finishing method that calls an extension helper).</summary>
        private const int MaxDepth = 2;

        private enum Use
        {
            Other,
            Read,
            Published,
            Completion,
        }

        public static bool CompletedByInitiatingFlow(IObjectCreationOperation creation, CancellationToken ct)
        {
            if (creation.SemanticModel is not { } model || FunctionOf(creation.Syntax) is not { } function
                || LocalOf(creation.Syntax, model, ct) is not { } local)
            {
                return false;
            }

            var published = 0;
            var completions = 0;
            foreach (var identifier in NameReferences.Of(local, function, model, ct))
            {
                switch (Classify(identifier, function, model, 0, IsAsync(function), ct))
                {
                    case Use.Other:
                        return false;
                    case Use.Published:
                        published++;
                        break;
                    case Use.Completion:
                        completions++;
                        break;
                }
            }

            return published > 0 && completions > 0;
        }

        /// <summary>The method, accessor, constructor or local function that holds the creation directly (null in a lambda).</summary>
        private static SyntaxNode? FunctionOf(SyntaxNode node) =>
            EnclosingFunction.Find(node) is { } function && function is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax
                ? function
                : null;

        /// <summary>`var s = new ..;` or `s = new ..;` to a local.</summary>
        private static ILocalSymbol? LocalOf(SyntaxNode creation, SemanticModel model, CancellationToken ct) => creation.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } => model.GetDeclaredSymbol(declarator, ct) as ILocalSymbol,
            AssignmentExpressionSyntax assignment when assignment.Right == creation && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                => model.GetSymbolInfo(assignment.Left, ct).Symbol as ILocalSymbol,
            _ => null,
        };

        /// <summary>One reference to the source (a local of <paramref name="function"/> or a parameter of a completing method).</summary>
        private static Use Classify(IdentifierNameSyntax identifier, SyntaxNode function, SemanticModel model, int depth, bool inAsync, CancellationToken ct)
        {
            if (FunctionOf(identifier) != function)
            {
                // Captured by a lambda or a local function: another flow can complete it.
                return Use.Other;
            }

            switch (identifier.Parent)
            {
                case AssignmentExpressionSyntax assignment when assignment.Left == identifier:
                    return assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && IsNullOrNew(assignment.Right) ? Use.Read : Use.Other;
                case AssignmentExpressionSyntax assignment when assignment.Right == identifier:
                    return assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && IsOwnMember(assignment.Left, model, ct) ? Use.Published : Use.Other;
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression):
                    return (binary.Left == identifier ? binary.Right : binary.Left).IsKind(SyntaxKind.NullLiteralExpression) ? Use.Read : Use.Other;
                case IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: var constant } } pattern when pattern.Expression == identifier:
                    return constant.IsKind(SyntaxKind.NullLiteralExpression) ? Use.Read : Use.Other;
                case IsPatternExpressionSyntax { Pattern: UnaryPatternSyntax { Pattern: ConstantPatternSyntax { Expression: var negated } } } pattern when pattern.Expression == identifier:
                    return negated.IsKind(SyntaxKind.NullLiteralExpression) ? Use.Read : Use.Other;
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Task" } task when task.Expression == identifier:
                    return IsPublication(task, model, ct) ? Use.Published : Use.Read;
                case MemberAccessExpressionSyntax access when access.Expression == identifier && access.Parent is InvocationExpressionSyntax call && call.Expression == access:
                    if (IsCompletionName(access.Name))
                    {
                        return inAsync && call.Parent is ExpressionStatementSyntax && InFlow(call, function) ? Use.Completion : Use.Other;
                    }

                    // An extension helper called on the source (`tcs.TrySet(error, value)`).
                    return model.GetSymbolInfo(call, ct).Symbol is IMethodSymbol { ReducedFrom: { } extension } && extension.Parameters.Length > 0
                        && InFlow(call, function) && OnlyCompletes(extension.OriginalDefinition.Parameters[0], model, depth + 1, inAsync, ct)
                        ? Use.Completion
                        : Use.Other;
                case ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.None } argument:
                    if (IsPublication(identifier, model, ct))
                    {
                        return Use.Published;
                    }

                    return model.GetOperation(argument, ct) is IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation }
                        && argument.Parent?.Parent is InvocationExpressionSyntax passing && InFlow(passing, function)
                        && parameter.ContainingSymbol is IMethodSymbol { ReducedFrom: null } method
                        && OnlyCompletes(method.OriginalDefinition.Parameters[parameter.Ordinal], model, depth + 1, inAsync, ct)
                        ? Use.Completion
                        : Use.Other;
                default:
                    return Use.Other;
            }
        }

        /// <summary>
        /// <paramref name="parameter"/> of a method declared once in source (ordinary, not virtual, abstract, override or
        /// extern) is only completed in that method's own flow, read for its <c>.Task</c>, or passed on to another such method.
        /// </summary>
        private static bool OnlyCompletes(IParameterSymbol parameter, SemanticModel model, int depth, bool inAsync, CancellationToken ct)
        {
            if (depth > MaxDepth || parameter.RefKind != RefKind.None
                || parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary, IsVirtual: false, IsAbstract: false, IsOverride: false, IsExtern: false } method
                || method.DeclaringSyntaxReferences.Length != 1
                || method.DeclaringSyntaxReferences[0].GetSyntax(ct) is not MethodDeclarationSyntax declaration
                || !model.Compilation.ContainsSyntaxTree(declaration.SyntaxTree))
            {
                return false;
            }

            var declarationModel = SemanticModels.For(model, declaration.SyntaxTree);
            var completions = 0;
            foreach (var identifier in NameReferences.Of(parameter, declaration, declarationModel, ct))
            {
                switch (Classify(identifier, declaration, declarationModel, depth, inAsync || IsAsync(declaration), ct))
                {
                    case Use.Other:
                    case Use.Published:
                        return false;
                    case Use.Completion:
                        completions++;
                        break;
                }
            }

            return completions > 0;
        }

        /// <summary>
        /// The call is part of the function's own flow: no <c>lock</c> around it, and no loop unless its statement returns or
        /// is followed at once by a <c>return</c> or <c>throw</c> (the loop does not go on after the completion).
        /// </summary>
        private static bool InFlow(SyntaxNode call, SyntaxNode function)
        {
            var statement = call.FirstAncestorOrSelf<StatementSyntax>();
            var endsFlow = statement is ReturnStatementSyntax or ThrowStatementSyntax
                || (statement?.Parent is BlockSyntax block && block.Statements.IndexOf(statement) is var index && index >= 0
                    && index + 1 < block.Statements.Count && block.Statements[index + 1] is ReturnStatementSyntax or ThrowStatementSyntax);
            for (var current = call.Parent; current != null && current != function; current = current.Parent)
            {
                switch (current)
                {
                    case LockStatementSyntax:
                        return false;
                    case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax when !endsFlow:
                        return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The value is published for concurrent callers: the value argument of <c>Interlocked.CompareExchange</c> or
        /// <c>Interlocked.Exchange</c> whose location is a member of the function's own object or type, or the value of a plain
        /// assignment to such a member.
        /// </summary>
        private static bool IsPublication(ExpressionSyntax value, SemanticModel model, CancellationToken ct)
        {
            switch (value.Parent)
            {
                case AssignmentExpressionSyntax assignment when assignment.Right == value && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression):
                    return IsOwnMember(assignment.Left, model, ct);
                case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } list } argument
                    when list.Arguments.Count >= 2 && list.Arguments[1] == argument && list.Arguments[0].RefKindKeyword.IsKind(SyntaxKind.RefKeyword):
                    return model.GetSymbolInfo(call, ct).Symbol is IMethodSymbol { Name: "CompareExchange" or "Exchange" } method
                        && method.ContainingType is { Name: "Interlocked", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }
                        && IsOwnMember(list.Arguments[0].Expression, model, ct);
                default:
                    return false;
            }
        }

        /// <summary>A field or property named alone or through <c>this.</c>: a member of the function's own object or type.</summary>
        private static bool IsOwnMember(ExpressionSyntax target, SemanticModel model, CancellationToken ct) =>
            target is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }
            && model.GetSymbolInfo(target, ct).Symbol is IFieldSymbol or IPropertySymbol { IsIndexer: false };

        /// <summary>An <c>async</c> method or local function: the flow awaits its work while the source is in flight.</summary>
        private static bool IsAsync(SyntaxNode function) => function switch
        {
            MethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
            LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
            _ => false,
        };

        private static bool IsNullOrNew(ExpressionSyntax value) =>
            value.IsKind(SyntaxKind.NullLiteralExpression) || value is BaseObjectCreationExpressionSyntax;

        private static bool IsCompletionName(SimpleNameSyntax name) =>
            name.Identifier.ValueText is "SetResult" or "TrySetResult" or "SetException" or "TrySetException" or "SetCanceled" or "TrySetCanceled";
    }
}
