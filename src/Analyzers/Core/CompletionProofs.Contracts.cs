namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Completion proofs stated by a contract rather than tested by a branch (issue 16, fourteenth pass, wrong16):
    /// <list type="bullet">
    /// <item>an assertion: a call whose bool parameter carries <c>[DoesNotReturnIf(b)]</c> (<c>Debug.Assert(t.IsCompleted)</c>,
    /// <c>Debug.Assert(t.Status == TaskStatus.RanToCompletion, "..")</c>, a guard of the compilation annotated the same way)
    /// returns only when its argument is <c>!b</c>: after it, the argument's proof holds, as the compiler's own flow analysis
    /// reads it. A build that compiles the check out still carries the author's statement that the task is complete there;
    /// a completed task stays completed, so a later test of the same task cannot undo it (Polly's <c>TaskHelper.GetResult</c>).</item>
    /// <item>a bool helper of this compilation whose true result implies that its task parameter completed: not abstract,
    /// virtual or an interface member (the call runs that body), one declaration, an expression body or a single
    /// <c>return e;</c>, and <c>e</c> proves the parameter complete when true (<c>task.Wait(timeout)</c>, <c>task.IsCompleted</c>,
    /// a final <c>Status</c>), the parameter never assigned in it. Read one level deep (StackExchange.Redis's
    /// <c>if (!redis.TryWait(pending)) ThrowTimeout(m); return pending.Result;</c>).</item>
    /// <item>a method of the same file that never returns normally: not abstract, virtual or async, no <c>yield</c>, a body whose
    /// end point is unreachable and with no <c>return</c> (every path throws; the <c>ThrowTimeout</c> above, whose catch rethrows),
    /// or an expression body that is a <c>throw</c> expression: after the call no path goes on, as after <c>[DoesNotReturn]</c>.</item>
    /// <item>a view of the same ValueTask: <c>t.Preserve()</c> and <c>t.AsTask()</c> complete exactly when <c>t</c> has, so a
    /// wait on them is a wait on <c>t</c>.</item>
    /// </list>
    /// Still reported: an assertion on another task or of <c>!t.IsCompleted</c>, a bool method without the attribute, a
    /// helper that is virtual or an interface member, one that returns anything else (<c>task.Wait(0) || other</c>, a stored
    /// flag), a helper that only may throw.
    /// </summary>
    internal static partial class CompletionProofs
    {
        /// <summary>`t.Preserve()` / `t.AsTask()` of a ValueTask (ConfigureAwait and parentheses aside): `t`; otherwise the expression itself.</summary>
        public static ExpressionSyntax WithoutValueTaskViews(ExpressionSyntax expression, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            for (var depth = 0; depth < 4; depth++)
            {
                if (expression is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Preserve" or "AsTask" } access }
                    || model.GetSymbolInfo(expression, cancellationToken).Symbol is not IMethodSymbol { IsStatic: false } method
                    || !(types.IsValueTask(method.ContainingType) || types.IsValueTaskOfT(method.ContainingType)))
                {
                    return expression;
                }

                expression = WaitExemptions.StripConfigureAwait(access.Expression);
            }

            return expression;
        }

        private sealed partial class Flow
        {
            private Dictionary<IMethodSymbol, bool>? _neverReturns;

            /// <summary>
            /// A call that returns only when its `[DoesNotReturnIf(b)]` argument was `!b`, where that value proves the target.
            /// </summary>
            private bool IsCompletionAssertion(IInvocationOperation call)
            {
                if (call.Arguments.IsEmpty)
                {
                    return false;
                }

                foreach (var argument in call.Arguments)
                {
                    if (argument.Parameter is not { Type.SpecialType: SpecialType.System_Boolean } parameter)
                    {
                        continue;
                    }

                    foreach (var attribute in parameter.GetAttributes())
                    {
                        if (attribute.AttributeClass is { Name: "DoesNotReturnIfAttribute", ContainingNamespace: { Name: "CodeAnalysis", ContainingNamespace: { Name: "Diagnostics", ContainingNamespace.Name: "System" } } }
                            && attribute.ConstructorArguments.Length == 1
                            && attribute.ConstructorArguments[0].Value is bool stops
                            && Proves(argument.Value, !stops))
                        {
                            return true;
                        }
                    }
                }

                return false;
            }

            /// <summary>A method of this file that never returns normally (every path throws), read once per graph.</summary>
            private bool NeverReturnsNormally(IMethodSymbol method)
            {
                if (method.IsAbstract || method.IsExtern || method.IsAsync
                    || ((method.IsVirtual || method.IsOverride) && !method.IsSealed && method.ContainingType is not { IsSealed: true })
                    || method.DeclaringSyntaxReferences.Length != 1
                    || method.DeclaringSyntaxReferences[0].SyntaxTree != _model.SyntaxTree)
                {
                    return false;
                }

                _neverReturns ??= new Dictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
                if (!_neverReturns.TryGetValue(method, out var known))
                {
                    known = ReadNeverReturns(method.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken));
                    _neverReturns[method] = known;
                }

                return known;
            }

            private bool ReadNeverReturns(SyntaxNode declaration)
            {
                var (body, expressionBody) = declaration switch
                {
                    MethodDeclarationSyntax m => (m.Body, m.ExpressionBody),
                    LocalFunctionStatementSyntax l => (l.Body, l.ExpressionBody),
                    _ => (null, null),
                };
                if (expressionBody != null)
                {
                    return expressionBody.Expression is ThrowExpressionSyntax;
                }

                if (body is null || body.Statements.Count == 0)
                {
                    return false;
                }

                // A cheap filter first: a body without a throw returns (or loops, which the analysis below would also accept).
                var throws = false;
                foreach (var node in body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
                {
                    if (node is YieldStatementSyntax)
                    {
                        return false;
                    }

                    throws |= node is ThrowStatementSyntax or ThrowExpressionSyntax;
                }

                if (!throws)
                {
                    return false;
                }

                var flow = _model.AnalyzeControlFlow(body.Statements[0], body.Statements[body.Statements.Count - 1]);
                return flow is { Succeeded: true, EndPointIsReachable: false } && flow.ReturnStatements.IsEmpty;
            }

            /// <summary>
            /// `Helper(t)` returned true, where the helper's one returned expression proves its task parameter complete
            /// when true (read one level deep, in its own file's model).
            /// </summary>
            private bool ProvesThroughHelper(IInvocationOperation invocation)
            {
                var method = invocation.TargetMethod;
                if (_inlining > 0 || _isCollection || method.MethodKind != MethodKind.Ordinary
                    || method.IsAbstract || method.IsExtern || method.IsAsync
                    || ((method.IsVirtual || method.IsOverride) && !method.IsSealed && method.ContainingType is not { IsSealed: true })
                    || method.DeclaringSyntaxReferences.Length != 1)
                {
                    return false;
                }

                IParameterSymbol? parameter = null;
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter is { RefKind: RefKind.None } candidate && Refers(argument.Value))
                    {
                        parameter = candidate.OriginalDefinition;
                        break;
                    }
                }

                if (parameter is null
                    || method.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is not MethodDeclarationSyntax declaration
                    || ReturnedExpression(declaration) is not { } returned
                    || !_model.Compilation.ContainsSyntaxTree(declaration.SyntaxTree))
                {
                    return false;
                }

                // The helper's own file, only for a wait behind a bool call that takes the waited task.
                var model = SemanticModels.For(_model, declaration.SyntaxTree);
                if (model.GetOperation(returned, _cancellationToken) is not { } operation)
                {
                    return false;
                }

                var saved = _target;
                _target = ImmutableArray.Create<ISymbol>(parameter);
                _inlining++;
                try
                {
                    foreach (var descendant in operation.DescendantsAndSelf())
                    {
                        if (IsAssignmentToTarget(descendant))
                        {
                            return false;
                        }
                    }

                    return Proves(operation, true);
                }
                finally
                {
                    _inlining--;
                    _target = saved;
                }
            }

            private static ExpressionSyntax? ReturnedExpression(MethodDeclarationSyntax declaration) =>
                declaration.ExpressionBody?.Expression
                ?? (declaration.Body is { Statements: { Count: 1 } statements } && statements[0] is ReturnStatementSyntax { Expression: { } value } ? value : null);
        }
    }
}
