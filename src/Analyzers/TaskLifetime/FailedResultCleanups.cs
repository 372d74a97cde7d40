namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0201 (issue 16, tenth part, d201): widens <see cref="FailurePathCleanups"/> (and its option) to a function that
    /// returns a task, where the function's result already carries the failure: an earlier statement of the same block
    /// hands an exception to a call together with a local or parameter (its receiver or another argument:
    /// <c>promise.TrySetException(ex)</c>, <c>SetFailure(promise, ex)</c>), and the statement right after the cleanup returns
    /// a value read from that same local or parameter (<c>return promise.Task;</c>). The caller learns of the failure from
    /// the returned task; awaiting the close first would only hold that report back. Still reported in a task-returning
    /// function: a cleanup before a rethrow (<c>catch { tx.RollbackAsync(); throw; }</c>: the caller expects the rollback
    /// done), before the return of other work or of a completed task, or with the exception handed to a call about another
    /// symbol. Asked only for a finding about to be reported.
    /// </summary>
    internal static class FailedResultCleanups
    {
        public static bool ReturnsTheFailure(IInvocationOperation invocation, SyntaxNode top, AsyncTypes types, CancellationToken ct)
        {
            // Syntax first: `x.Close();` followed directly by `return ..;` in the same block.
            if (top.Parent is not ExpressionStatementSyntax statement || statement.Parent is not BlockSyntax block
                || invocation.SemanticModel is not { } model)
            {
                return false;
            }

            var index = block.Statements.IndexOf(statement);
            if (index + 1 >= block.Statements.Count || block.Statements[index + 1] is not ReturnStatementSyntax { Expression: { } returned }
                || types.TypeNamed("System.Exception") is not { } exception)
            {
                return false;
            }

            // The locals and parameters the returned value is read from.
            var read = new List<ISymbol>();
            if (model.GetOperation(returned, ct) is { } value)
            {
                foreach (var operation in value.DescendantsAndSelf())
                {
                    if (operation is ILocalReferenceOperation local)
                    {
                        read.Add(local.Local);
                    }
                    else if (operation is IParameterReferenceOperation parameter)
                    {
                        read.Add(parameter.Parameter);
                    }
                }
            }

            if (read.Count == 0)
            {
                return false;
            }

            for (var i = 0; i < index; i++)
            {
                if (block.Statements[i] is ExpressionStatementSyntax { Expression: var expression }
                    && model.GetOperation(expression, ct) is IInvocationOperation call
                    && HandsExceptionWith(call, read, exception))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The call is given an exception and, as its receiver or another argument, one of <paramref name="symbols"/>.</summary>
        private static bool HandsExceptionWith(IInvocationOperation call, List<ISymbol> symbols, INamedTypeSymbol exception)
        {
            var withException = false;
            var withSymbol = IsOneOf(call.Instance, symbols);
            foreach (var argument in call.Arguments)
            {
                var value = Invocations.WithoutImplicitConversions(argument.Value);
                if (value.Type.InheritsOrImplements(exception))
                {
                    withException = true;
                }
                else if (IsOneOf(value, symbols))
                {
                    withSymbol = true;
                }
            }

            return withException && withSymbol;
        }

        private static bool IsOneOf(IOperation? operation, List<ISymbol> symbols)
        {
            while (operation is IConversionOperation or IParenthesizedOperation)
            {
                operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
            }

            var symbol = operation switch
            {
                ILocalReferenceOperation local => (ISymbol)local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                _ => null,
            };
            if (symbol is null)
            {
                return false;
            }

            foreach (var candidate in symbols)
            {
                if (candidate.Is(symbol))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
