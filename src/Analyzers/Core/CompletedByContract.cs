namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Tasks that are complete by the contract of the call that produced them (issue 16, corpus7app classes A1 and A2), for
    /// AG0101's and AG0103's waits; asked only for a wait about to be reported:
    /// <list type="bullet">
    /// <item>the result of an awaited <c>Task.WhenAny</c> (the winner): <c>(await Task.WhenAny(a, b)).Result</c>, or a local
    /// whose every write is such an await (its initializer and every assignment; never passed by reference), read directly or
    /// through a cast (<c>((Task&lt;T&gt;)winner).Result</c>): WhenAny's task completes only once one of its tasks has, and
    /// its result is that task;</item>
    /// <item>the element <c>Enumerable.Single/First/Last</c> (or their <c>OrDefault</c> forms, whose null is no wait) picks with
    /// a lambda that holds only for a completed task: <c>t =&gt; t.Status == TaskStatus.RanToCompletion</c> (or Faulted,
    /// Canceled, also as an <c>is</c> pattern), <c>t.IsCompleted</c>, <c>t.IsCompletedSuccessfully</c>, <c>t.IsFaulted</c>,
    /// <c>t.IsCanceled</c>, or a <c>&amp;&amp;</c> with one of these on either side.</item>
    /// </list>
    /// Still reported: WhenAny's task itself waited (<c>Task.WhenAny(a, b).Result</c> blocks until a winner), a local also
    /// assigned anything else (or passed by ref/out, or deconstructed into), a predicate a running task can satisfy
    /// (<c>!t.IsCompleted</c>, <c>||</c>, <c>Status != ..</c>, <c>Status == Running</c>), and <c>Where(..).First()</c>.
    /// </summary>
    internal static class CompletedByContract
    {
        private const int RanToCompletion = 5;
        private const int Canceled = 6;
        private const int Faulted = 7;

        /// <param name="task">The waited task expression, without casts, parentheses and ConfigureAwait.</param>
        public static bool IsComplete(ExpressionSyntax task, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            switch (task)
            {
                case AwaitExpressionSyntax:
                    return model.GetOperation(task, cancellationToken) is { } awaited && IsAwaitedWhenAny(awaited, types);
                case IdentifierNameSyntax:
                    return model.GetOperation(task, cancellationToken) is ILocalReferenceOperation { Local: { RefKind: RefKind.None } local }
                        && EveryWriteIsAWinner(local, model, types, cancellationToken);
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } }
                    when name is "Single" or "SingleOrDefault" or "First" or "FirstOrDefault" or "Last" or "LastOrDefault":
                    return model.GetOperation(task, cancellationToken) is IInvocationOperation call && IsPickedComplete(call, types);
                default:
                    return false;
            }
        }

        /// <summary><c>await Task.WhenAny(..)</c>, possibly <c>.ConfigureAwait(..)</c>: its value is the task that completed first.</summary>
        private static bool IsAwaitedWhenAny(IOperation operation, AsyncTypes types)
        {
            if (Strip(operation) is not IAwaitOperation awaited)
            {
                return false;
            }

            var awaitedValue = Strip(awaited.Operation);
            if (awaitedValue is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
            {
                awaitedValue = Strip(configured);
            }

            return awaitedValue is IInvocationOperation { TargetMethod: { Name: "WhenAny", IsStatic: true } whenAny }
                && whenAny.ContainingType.Is(types.Task);
        }

        /// <summary>
        /// The local is declared by a local declaration statement (not a foreach, pattern or out variable), its initializer (if
        /// any) is an awaited WhenAny, and every reference to it in its member is a read or a simple assignment of an awaited
        /// WhenAny. C#'s definite assignment then leaves every value it can hold at a read a winner.
        /// </summary>
        private static bool EveryWriteIsAWinner(ILocalSymbol local, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (local.IsRef || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax } } declarator
                || declarator.SyntaxTree != model.SyntaxTree)
            {
                return false;
            }

            var written = false;
            if (declarator.Initializer is { } initializer)
            {
                if (model.GetOperation(initializer.Value, cancellationToken) is not { } value || !IsAwaitedWhenAny(value, types))
                {
                    return false;
                }

                written = true;
            }

            // Every reference in the member (lambdas and local functions in it included); top-level statements share one scope.
            SyntaxNode? scope = declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>();
            if (scope is GlobalStatementSyntax)
            {
                scope = scope.Parent;
            }

            if (scope is null)
            {
                return false;
            }

            return VariableWrites.AllAccepted(local, scope, model, assignment => IsAwaitedWhenAny(assignment.Value, types), ref written, cancellationToken) && written;
        }

        /// <summary>Enumerable.Single/First/Last(OrDefault)(source, t =&gt; completed(t)).</summary>
        private static bool IsPickedComplete(IInvocationOperation call, AsyncTypes types)
        {
            var method = call.TargetMethod.ReducedFrom ?? call.TargetMethod;
            if (!method.IsStatic || method.ContainingType is not { Name: "Enumerable" } enumerable
                || enumerable.ContainingNamespace?.ToDisplayString() != "System.Linq")
            {
                return false;
            }

            foreach (var argument in call.Arguments)
            {
                if (Strip(argument.Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Symbol.Parameters.Length: 1 } lambda }
                    && ReturnedValue(lambda.Body) is { } returned)
                {
                    return ProvesComplete(returned, lambda.Symbol.Parameters[0], types);
                }
            }

            return false;
        }

        /// <summary>The value of a lambda body that is one return (an expression-bodied lambda is one).</summary>
        private static IOperation? ReturnedValue(IBlockOperation body)
        {
            IOperation? single = null;
            foreach (var statement in body.Operations)
            {
                if (single != null || statement is not IReturnOperation { ReturnedValue: { } value })
                {
                    return null;
                }

                single = value;
            }

            return single;
        }

        private static bool ProvesComplete(IOperation condition, IParameterSymbol parameter, AsyncTypes types)
        {
            condition = Strip(condition);
            switch (condition)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                    return ProvesComplete(and.LeftOperand, parameter, types) || ProvesComplete(and.RightOperand, parameter, types);
                case IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" } flag:
                    return IsTaskMemberOf(flag, parameter, types);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
                    return (IsStatusOf(equals.LeftOperand, parameter, types) && IsFinalStatus(equals.RightOperand.ConstantValue))
                        || (IsStatusOf(equals.RightOperand, parameter, types) && IsFinalStatus(equals.LeftOperand.ConstantValue));
                case IIsPatternOperation pattern:
                    return IsStatusOf(pattern.Value, parameter, types) && OnlyFinalStates(pattern.Pattern);
                default:
                    return false;
            }
        }

        private static bool OnlyFinalStates(IPatternOperation pattern) => pattern switch
        {
            IConstantPatternOperation constant => IsFinalStatus(constant.Value.ConstantValue),
            IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or => OnlyFinalStates(or.LeftPattern) && OnlyFinalStates(or.RightPattern),
            IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } and => OnlyFinalStates(and.LeftPattern) || OnlyFinalStates(and.RightPattern),
            _ => false,
        };

        private static bool IsStatusOf(IOperation operand, IParameterSymbol parameter, AsyncTypes types) =>
            Strip(operand) is IPropertyReferenceOperation { Property.Name: "Status" } status && IsTaskMemberOf(status, parameter, types);

        private static bool IsTaskMemberOf(IPropertyReferenceOperation property, IParameterSymbol parameter, AsyncTypes types) =>
            property.Property.ContainingType.Is(types.Task)
            && Strip(property.Instance) is IParameterReferenceOperation reference && reference.Parameter.Is(parameter);

        private static bool IsFinalStatus(Optional<object?> constant) =>
            constant is { HasValue: true, Value: int value } && value is RanToCompletion or Canceled or Faulted;

        /// <summary>The operand under every conversion (a cast included) and parenthesis.</summary>
        private static IOperation Strip(IOperation? operation)
        {
            while (operation is IConversionOperation or IParenthesizedOperation)
            {
                operation = (operation as IConversionOperation)?.Operand ?? ((IParenthesizedOperation)operation).Operand;
            }

            return operation!;
        }
    }
}
