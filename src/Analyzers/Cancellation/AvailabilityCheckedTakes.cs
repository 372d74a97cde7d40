namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301, issue 16 (d301: the token already governed the wait): a take of one item from a source
    /// (<c>await source.ReceiveAsync()</c>, <c>await reader.ReadAsync()</c>: no argument but the source, its result the
    /// source's element type) in the body of a <c>while</c> or <c>if</c> whose condition (or a top-level <c>&amp;&amp;</c>
    /// conjunct) awaits a wait for availability on the same source given a token (<c>while (await
    /// source.OutputAvailableAsync(token))</c>, <c>WaitToReadAsync(token)</c>: a <c>bool</c> result), the take being the
    /// only call on that source in the body. The wait with the token is where the time is spent; the take that follows a
    /// positive answer finds the item there. Still reported: a wait without a token (or with an explicit none), a second
    /// call on the source in the body, a take given other arguments, a call whose result is not the source's element, a
    /// call on another source, and a take in the condition itself. No option: this is where the token already reaches the
    /// operation, as with a task waited on with the token.
    /// </summary>
    internal static class AvailabilityCheckedTakes
    {
        public static bool FollowsAvailabilityWait(IInvocationOperation operation, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            var source = SourceOf(operation, out var explicitArguments);
            if (source is null || explicitArguments != 0 || !ReturnsElementOf(operation, source, types))
            {
                return false;
            }

            // The nearest while / if whose body (not condition) holds the call, inside the same function.
            SyntaxNode child = operation.Syntax;
            for (var current = child.Parent; current != null; child = current, current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)
                {
                    return false;
                }

                var (condition, body) = current switch
                {
                    WhileStatementSyntax loop => (loop.Condition, (SyntaxNode)loop.Statement),
                    IfStatementSyntax branch => (branch.Condition, branch.Statement),
                    _ => (null, null),
                };

                if (condition is null || body != child)
                {
                    continue;
                }

                return model.GetOperation(condition, cancellationToken) is { } guard
                    && WaitsForSourceWithToken(guard, source, types)
                    && OnlyCallOnSource(model.GetOperation(body, cancellationToken), source);
            }

            return false;
        }

        /// <summary>The local, parameter or field the call is made on (the receiver, or an extension method's source).</summary>
        private static ISymbol? SourceOf(IInvocationOperation call, out int explicitArguments)
        {
            explicitArguments = 0;
            IOperation? receiver = call.Instance;
            foreach (var argument in call.Arguments)
            {
                if (receiver is null && call.TargetMethod.IsExtensionMethod && argument.Parameter?.Ordinal == 0)
                {
                    receiver = argument.Value;
                    continue;
                }

                if (argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    explicitArguments++;
                }
            }

            while (receiver is IConversionOperation { OperatorMethod: null } conversion)
            {
                receiver = conversion.Operand;
            }

            return receiver switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
                _ => null,
            };
        }

        private static ITypeSymbol? TypeOf(ISymbol source) => source switch
        {
            ILocalSymbol local => local.Type,
            IParameterSymbol parameter => parameter.Type,
            IFieldSymbol field => field.Type,
            _ => null,
        };

        /// <summary>The call gives a Task&lt;T&gt; / ValueTask&lt;T&gt; whose T is a type argument of the source's type.</summary>
        private static bool ReturnsElementOf(IInvocationOperation call, ISymbol source, AsyncTypes types)
        {
            if (call.Type is not INamedTypeSymbol { TypeArguments.Length: 1 } result
                || !(types.IsTaskOfT(result) || types.IsValueTaskOfT(result))
                || TypeOf(source) is not INamedTypeSymbol sourceType)
            {
                return false;
            }

            foreach (var argument in sourceType.TypeArguments)
            {
                if (SymbolEqualityComparer.Default.Equals(argument, result.TypeArguments[0]))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>`await source.X(.., token)` giving a bool, as the condition or a top-level `&&` conjunct.</summary>
        private static bool WaitsForSourceWithToken(IOperation condition, ISymbol source, AsyncTypes types)
        {
            while (condition is IConversionOperation { OperatorMethod: null } conversion)
            {
                condition = conversion.Operand;
            }

            if (condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and)
            {
                return WaitsForSourceWithToken(and.LeftOperand, source, types) || WaitsForSourceWithToken(and.RightOperand, source, types);
            }

            if (condition is not IAwaitOperation { Operation: var awaited } || condition.Type?.SpecialType != SpecialType.System_Boolean)
            {
                return false;
            }

            // Through .ConfigureAwait(..).
            if (awaited is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
            {
                awaited = configured;
            }

            if (awaited is not IInvocationOperation wait || !SourceOf(wait, out _).Is(source))
            {
                return false;
            }

            foreach (var argument in wait.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue && types.IsCancellationToken(argument.Value.Type)
                    && argument.Value is not (IDefaultValueOperation or ILiteralOperation)
                    && !(argument.Value is IPropertyReferenceOperation { Property.Name: "None", Property.IsStatic: true } none && types.IsCancellationToken(none.Type)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool OnlyCallOnSource(IOperation? body, ISymbol source)
        {
            if (body is null)
            {
                return false;
            }

            var calls = 0;
            foreach (var node in body.DescendantsAndSelf())
            {
                if (node is IInvocationOperation call && SourceOf(call, out _).Is(source))
                {
                    calls++;
                }
            }

            return calls == 1;
        }
    }
}
