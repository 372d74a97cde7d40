namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// AG0209, the continuation-proxy class through a private helper (e209, csharp-driver's `ContinueSync` / `Then`): the
    /// source is handed to a private method of its type whose parameter is only completed — in the helper's own flow, or
    /// inside a `ContinueWith` callback of another task that runs with TaskContinuationOptions.ExecuteSynchronously (the
    /// flag a constant, or a parameter of the helper that the call gives a constant) — or handed on the same way to one
    /// more such helper. Run only for a finding about to be reported.
    /// </summary>
    internal static class ProxyHelpers
    {
        /// <summary>TaskContinuationOptions.ExecuteSynchronously.</summary>
        private const int ExecuteSynchronously = 0x80000;

        /// <summary>Helpers reached through helpers: two methods deep at most.</summary>
        private const int MaxDepth = 2;

        /// <summary>`Helper(source, ..)`: the argument names the source and the helper only completes it as a proxy.</summary>
        public static bool IsProxyHelperArgument(ArgumentSyntax argument, SemanticModel model, AsyncTypes types, CancellationToken ct) =>
            model.GetOperation(argument, ct) is IArgumentOperation { Parent: IInvocationOperation call } passed
            && OnlyCompletes(call, passed, model, constants: null, types, depth: 1, ct);

        /// <summary>
        /// The first use of the source in the creating function, outside any lambda or local function and outside any loop
        /// that does not also hold the creation: no one can hold its task yet, so a completion there runs no continuation.
        /// </summary>
        public static bool IsFirstUseInCreatorsFlow(SyntaxNode use, SyntaxNode creation, SyntaxNode body)
        {
            for (var current = use.Parent; current != null && current != body; current = current.Parent)
            {
                switch (current)
                {
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                        return false;
                    case ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax when !current.Contains(creation):
                        return false;
                }
            }

            return true;
        }

        private static bool OnlyCompletes(
            IInvocationOperation call, IArgumentOperation passed, SemanticModel callerModel, IReadOnlyDictionary<IParameterSymbol, int>? constants,
            AsyncTypes types, int depth, CancellationToken ct)
        {
            if (passed.ArgumentKind != ArgumentKind.Explicit || passed.Parameter is not { RefKind: RefKind.None } given
                || !types.IsTaskCompletionSource(given.Type))
            {
                return false;
            }

            var helper = call.TargetMethod.OriginalDefinition;
            if (helper.MethodKind != MethodKind.Ordinary || helper.DeclaredAccessibility != Accessibility.Private
                || helper.IsVirtual || helper.IsAbstract || helper.IsOverride || helper.IsExtern || helper.IsAsync
                || helper.DeclaringSyntaxReferences.Length != 1
                || helper.DeclaringSyntaxReferences[0].GetSyntax(ct) is not MethodDeclarationSyntax declaration
                || ((SyntaxNode?)declaration.Body ?? declaration.ExpressionBody) is not { } body
                || given.Ordinal >= helper.Parameters.Length)
            {
                return false;
            }

            var model = declaration.SyntaxTree == callerModel.SyntaxTree
                ? callerModel
                : callerModel.Compilation.GetSemanticModel(declaration.SyntaxTree);
            var parameter = helper.Parameters[given.Ordinal];

            // The constant options the call gives the helper's parameters (a parameter of the caller resolves through its map).
            var helperConstants = new Dictionary<IParameterSymbol, int>(SymbolEqualityComparer.Default);
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is { } target && target.Ordinal < helper.Parameters.Length
                    && ConstantOf(argument.Value, constants) is { } value)
                {
                    helperConstants[helper.Parameters[target.Ordinal]] = value;
                }
            }

            var uses = 0;
            foreach (var identifier in NameReferences.Of(parameter, body, model, ct))
            {
                uses++;
                if (!EnclosingCallbacksRunSynchronously(identifier, body, model, helperConstants, types, ct))
                {
                    return false;
                }

                switch (identifier.Parent)
                {
                    case MemberAccessExpressionSyntax completion when completion.Expression == identifier
                        && completion.Parent is InvocationExpressionSyntax
                        && completion.Name.Identifier.ValueText is { } name && (name.StartsWith("Set", StringComparison.Ordinal) || name.StartsWith("TrySet", StringComparison.Ordinal)):
                        continue;
                    case ArgumentSyntax argument when depth < MaxDepth
                        && model.GetOperation(argument, ct) is IArgumentOperation { Parent: IInvocationOperation inner } handed
                        && OnlyCompletes(inner, handed, model, helperConstants, types, depth + 1, ct):
                        continue;
                    default:
                        return false;
                }
            }

            return uses > 0;
        }

        /// <summary>Every lambda between the use and the helper's body is the callback of an ExecuteSynchronously `ContinueWith` on a task.</summary>
        private static bool EnclosingCallbacksRunSynchronously(
            SyntaxNode use, SyntaxNode body, SemanticModel model, IReadOnlyDictionary<IParameterSymbol, int> constants, AsyncTypes types, CancellationToken ct)
        {
            for (var current = use.Parent; current != null && current != body; current = current.Parent)
            {
                switch (current)
                {
                    case LocalFunctionStatementSyntax:
                        return false;
                    case AnonymousFunctionExpressionSyntax lambda:
                        if (lambda.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax continuation } }
                            || continuation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ContinueWith" }
                            || model.GetOperation(continuation, ct) is not IInvocationOperation invocation
                            || !types.IsTaskLike(invocation.Instance?.Type)
                            || !RunsSynchronously(invocation, constants, types))
                        {
                            return false;
                        }

                        break;
                }
            }

            return true;
        }

        private static bool RunsSynchronously(IInvocationOperation continuation, IReadOnlyDictionary<IParameterSymbol, int> constants, AsyncTypes types)
        {
            foreach (var argument in continuation.Arguments)
            {
                if (types.TaskContinuationOptions.Is(argument.Parameter?.Type))
                {
                    return ConstantOf(argument.Value, constants) is { } flags && (flags & ExecuteSynchronously) != 0;
                }
            }

            return false;
        }

        /// <summary>An int constant (also an enum constant or a `const` local), or a parameter the map gives a constant.</summary>
        private static int? ConstantOf(IOperation value, IReadOnlyDictionary<IParameterSymbol, int>? constants)
        {
            if (value.ConstantValue is { HasValue: true, Value: int constant })
            {
                return constant;
            }

            var operand = value is IConversionOperation conversion ? conversion.Operand : value;
            return operand is IParameterReferenceOperation reference && constants != null
                && constants.TryGetValue(reference.Parameter.OriginalDefinition, out var mapped)
                ? mapped
                : null;
        }
    }
}
