using Microsoft.CodeAnalysis.FlowAnalysis;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Completion proofs made inside a helper of the compilation (issue 16, held-out ho4a, datastax/csharp-driver): a call that
    /// hands the task to a method whose every normal return leaves that task parameter complete proves it, as a wait on it
    /// would. The helper is read with the same must-analysis, at the exit of its own control-flow graph: a blocking wait on the
    /// parameter, a timed wait followed by <c>if (task.Status != TaskStatus.RanToCompletion) throw ..;</c>, an await of it, or
    /// a call to another such helper, on every path that returns. A synchronous helper (not async, returning no awaitable)
    /// proves the task once the call has returned (<c>WaitToComplete(task, timeout); return task.Result;</c>); an async one
    /// proves it once the call is awaited, and its argument may be any awaitable the await proofs read
    /// (<c>await Task.WhenAll(queries).WithTimeout(ms); .. queries[0].Result</c>).
    /// The helper must run the body the compiler binds: an ordinary method with one declaration in the compilation, not
    /// abstract, extern or an override or virtual method of an unsealed type, no iterator, and the parameter passed by value
    /// and never assigned in it. Helpers calling helpers are read three levels deep; each is read once per graph.
    /// Still reported: a helper that may return before the proof (a timed wait whose result is ignored, a path that returns
    /// early), a virtual or interface helper, a method of another assembly, a task-returning helper that is not awaited.
    /// </summary>
    internal static partial class CompletionProofs
    {
        private sealed partial class Flow
        {
            private const int HelperDepthLimit = 3;

            private int _helperDepth;
            private Dictionary<(IMethodSymbol Method, int Ordinal), bool>? _completingHelpers;

            /// <summary>`Helper(.., t, ..)` of a synchronous helper that returns only once its parameter has completed.</summary>
            private bool IsCompletingSyncHelperCall(IOperation operation) =>
                operation is IInvocationOperation { TargetMethod: { IsAsync: false } method } call
                && (method.ReturnsVoid || !_types.IsTaskLike(method.ReturnType))
                && CompletesArgument(call);

            /// <summary>`await Helper(.., t, ..)` of an async helper whose every normal return has awaited its parameter.</summary>
            private bool IsCompletingAsyncHelperCall(IOperation operand) =>
                operand is IInvocationOperation { TargetMethod.IsAsync: true } call
                && CompletesArgument(call);

            private bool CompletesArgument(IInvocationOperation call)
            {
                if (_inlining > 0 || _helperDepth >= HelperDepthLimit || call.Arguments.IsEmpty || !IsSourceHelper(call.TargetMethod))
                {
                    return false;
                }

                foreach (var argument in call.Arguments)
                {
                    if (argument is { ArgumentKind: ArgumentKind.Explicit, Parameter: { RefKind: RefKind.None } parameter }
                        && _types.IsTaskLike(parameter.Type)
                        && AwaitCovers(argument.Value)
                        && ProvesParameterOnReturn(call.TargetMethod.OriginalDefinition, parameter.Ordinal))
                    {
                        return true;
                    }
                }

                return false;
            }

            private static bool IsSourceHelper(IMethodSymbol method) =>
                method.MethodKind == MethodKind.Ordinary
                && !method.IsAbstract && !method.IsExtern && !method.IsPartialDefinition
                && !((method.IsVirtual || method.IsOverride) && !method.IsSealed && method.ContainingType is not { IsSealed: true })
                && method.DeclaringSyntaxReferences.Length == 1;

            private bool ProvesParameterOnReturn(IMethodSymbol method, int ordinal)
            {
                _completingHelpers ??= new Dictionary<(IMethodSymbol, int), bool>(HelperKeyComparer.Instance);
                if (!_completingHelpers.TryGetValue((method, ordinal), out var known))
                {
                    // Not proven while it is being read: a helper that calls itself proves nothing through that call.
                    _completingHelpers[(method, ordinal)] = false;
                    known = ReadProvesParameterOnReturn(method, ordinal);
                    _completingHelpers[(method, ordinal)] = known;
                }

                return known;
            }

            private bool ReadProvesParameterOnReturn(IMethodSymbol method, int ordinal)
            {
                if (ordinal >= method.Parameters.Length
                    || method.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is not MethodDeclarationSyntax declaration
                    || (declaration.Body is null && declaration.ExpressionBody is null)
                    || !_model.Compilation.ContainsSyntaxTree(declaration.SyntaxTree))
                {
                    return false;
                }

                var parameter = method.Parameters[ordinal];
                foreach (var node in declaration.DescendantNodes())
                {
                    if (node is YieldStatementSyntax)
                    {
                        return false;
                    }
                }

                // The helper's own file, only for a wait about to be reported behind a call that takes the waited task.
                var model = SemanticModels.For(_model, declaration.SyntaxTree);
                if (model.GetOperation(declaration, _cancellationToken) is not IMethodBodyOperation body)
                {
                    return false;
                }

                var target = ImmutableArray.Create<ISymbol>(parameter);
                var inner = new Flow(ControlFlowGraph.Create(body, _cancellationToken), _types, model, _cancellationToken)
                {
                    _helperDepth = _helperDepth + 1,
                    _target = target,
                };
                foreach (var operation in body.Descendants())
                {
                    if (inner.IsAssignmentToTarget(operation))
                    {
                        return false;
                    }
                }

                return inner.IsProvenAtExit(target);
            }

            /// <summary>Whether the target is proven on every path that reaches the exit block (every normal return).</summary>
            private bool IsProvenAtExit(ImmutableArray<ISymbol> target)
            {
                _target = target;
                _isCollection = false;
                var blocks = _graph.Blocks;
                var exitBlock = blocks[blocks.Length - 1];
                if (exitBlock.Kind != BasicBlockKind.Exit || exitBlock.Predecessors.IsEmpty)
                {
                    return false;
                }

                Solve(blocks, out var entry, out var exit);

                return entry[exitBlock.Ordinal];
            }

            private sealed class HelperKeyComparer : IEqualityComparer<(IMethodSymbol Method, int Ordinal)>
            {
                public static readonly HelperKeyComparer Instance = new HelperKeyComparer();

                public bool Equals((IMethodSymbol Method, int Ordinal) x, (IMethodSymbol Method, int Ordinal) y) =>
                    x.Ordinal == y.Ordinal && SymbolEqualityComparer.Default.Equals(x.Method, y.Method);

                public int GetHashCode((IMethodSymbol Method, int Ordinal) obj) =>
                    (SymbolEqualityComparer.Default.GetHashCode(obj.Method) * 31) + obj.Ordinal;
            }
        }
    }
}
