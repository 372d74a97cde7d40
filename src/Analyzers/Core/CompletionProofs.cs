using Microsoft.CodeAnalysis.FlowAnalysis;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Whether a task (or awaiter) is proven complete where it is waited on, following control flow: every path from the
    /// start of the function to the wait passes a proof, with no assignment to the task since. A proof is an await of the
    /// task (or of Task.WhenAll over it), a branch taken only when the task has completed (`IsCompleted` and friends,
    /// `Status` equal to a final state — in `if`, `?:`, loops, `switch` statements and expressions, patterns — or a timed
    /// `Wait`/`WaitAll` that returned true), or a callback the task itself runs when it completes (ContinueWith, its
    /// awaiter's OnCompleted). A sync lambda runs after the code before it: a proof there also holds inside it.
    /// The control-flow graph is built only when a cheap token scan finds a candidate proof before the wait.
    /// </summary>
    internal static partial class CompletionProofs
    {
        /// <param name="use">The node that blocks (the wait).</param>
        /// <param name="task">The task or awaiter expression waited on.</param>
        /// <param name="symbol">Its symbol (local, parameter, field, property); may be null.</param>
        /// <param name="collection">The collection the task was taken from (`tasks[i]`, `foreach`, a LINQ lambda); may be null.</param>
        /// <param name="symbolNode">The node <paramref name="symbol"/> was bound from, when the caller has it: its lookup is not repeated.</param>
        public static bool IsProvenComplete(SyntaxNode use, ExpressionSyntax task, ISymbol? symbol, ISymbol? collection, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken, ExpressionSyntax? symbolNode = null)
        {
            var path = AccessPath(task, model, cancellationToken, symbolNode, symbol);
            if (path.IsDefault && collection is null)
            {
                return false;
            }

            if (IsInOwnContinuation(use, symbol, collection, model, types, cancellationToken))
            {
                return true;
            }

            if (!HasCandidateProof(use, ArgumentName(task)))
            {
                return false;
            }

            var useOperation = model.GetOperation(use, cancellationToken);
            if (useOperation is null)
            {
                return false;
            }

            // The functions between the use and the root of the operation tree, innermost first.
            var nested = new List<IOperation>();
            var root = useOperation;
            while (root.Parent is { } parent)
            {
                root = parent;
                if (root is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    nested.Add(root);
                }
            }

            // Roots the graph builder accepts; others (attribute arguments and the like) prove nothing.
            ControlFlowGraph? graph = root switch
            {
                IMethodBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
                IConstructorBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
                IBlockOperation block => ControlFlowGraph.Create(block, cancellationToken),
                IFieldInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellationToken),
                IPropertyInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellationToken),
                IParameterInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellationToken),
                _ => null,
            };
            if (graph is null)
            {
                return false;
            }

            // graphs[i] is the graph of nested[i] (graphs[nested.Count] the root's); locators[i] the node to find in it.
            var graphs = new ControlFlowGraph?[nested.Count + 1];
            graphs[nested.Count] = graph;
            for (var i = nested.Count - 1; i >= 0; i--)
            {
                var outer = graphs[i + 1];
                graphs[i] = outer is null ? null : NestedGraph(outer, nested[i], cancellationToken);
            }

            var locator = use;
            for (var level = 0; level <= nested.Count; level++)
            {
                var current = graphs[level];
                if (current is null)
                {
                    return false;
                }

                var flow = new Flow(current, types, model, cancellationToken);
                if ((!path.IsDefault && flow.IsProvenAt(locator, path, isCollection: false))
                    || (collection != null && flow.IsProvenAt(locator, ImmutableArray.Create(collection), isCollection: true)))
                {
                    return true;
                }

                if (level == nested.Count || nested[level] is not IAnonymousFunctionOperation lambda)
                {
                    // A local function may be called from anywhere: what precedes its declaration proves nothing.
                    return false;
                }

                locator = lambda.Syntax;
            }

            return false;
        }

        /// <summary>
        /// The task as a chain of symbols read without arguments from a local, parameter, `this` or a static member:
        /// `t` -> [t], `this._task` -> [_task], `_lazy._instance.Value` -> [_lazy, _instance, Value]. Default otherwise.
        /// Reads of fields and properties along the chain are taken to be stable, as for a single field.
        /// </summary>
        private static ImmutableArray<ISymbol> AccessPath(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken, ExpressionSyntax? knownNode, ISymbol? knownSymbol)
        {
            var symbols = new List<ISymbol>();
            for (var depth = 0; depth < 8; depth++)
            {
                expression = WaitExemptions.StripConfigureAwait(expression);

                // Only a name or a member access uses its symbol below (a call, the common case, ends the path unbound).
                var symbol = expression is not (IdentifierNameSyntax or MemberAccessExpressionSyntax) ? null
                    : expression == knownNode ? knownSymbol
                    : model.GetSymbolInfo(expression, cancellationToken).Symbol;
                switch (expression)
                {
                    case CastExpressionSyntax cast:
                        // `((Task<T>)task).Result`: the same task.
                        expression = cast.Expression;
                        continue;
                    case IdentifierNameSyntax when symbol is ILocalSymbol or IParameterSymbol or IFieldSymbol or IPropertySymbol { IsIndexer: false }:
                        symbols.Add(symbol);
                        symbols.Reverse();
                        return symbols.ToImmutableArray();
                    case MemberAccessExpressionSyntax access when access.IsKind(SyntaxKind.SimpleMemberAccessExpression)
                        && symbol is IFieldSymbol or IPropertySymbol { IsIndexer: false }:
                        symbols.Add(symbol);
                        if (access.Expression is ThisExpressionSyntax || symbol.IsStatic)
                        {
                            symbols.Reverse();
                            return symbols.ToImmutableArray();
                        }

                        expression = access.Expression;
                        continue;
                    default:
                        return default;
                }
            }

            return default;
        }

        private static ControlFlowGraph? NestedGraph(ControlFlowGraph outer, IOperation function, CancellationToken cancellationToken)
        {
            switch (function)
            {
                case ILocalFunctionOperation local:
                    foreach (var candidate in outer.LocalFunctions)
                    {
                        if (candidate.Is(local.Symbol))
                        {
                            return outer.GetLocalFunctionControlFlowGraph(candidate, cancellationToken);
                        }
                    }

                    return null;
                case IAnonymousFunctionOperation lambda:
                    foreach (var block in outer.Blocks)
                    {
                        foreach (var operation in BlockOperations(block))
                        {
                            foreach (var descendant in operation.DescendantsAndSelf())
                            {
                                if (descendant is IFlowAnonymousFunctionOperation flowLambda
                                    && flowLambda.Symbol.Is(lambda.Symbol))
                                {
                                    return outer.GetAnonymousFunctionControlFlowGraph(flowLambda, cancellationToken);
                                }
                            }
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        private static IEnumerable<IOperation> BlockOperations(BasicBlock block)
        {
            foreach (var operation in block.Operations)
            {
                yield return operation;
            }

            if (block.BranchValue != null)
            {
                yield return block.BranchValue;
            }
        }

        /// <summary>
        /// A token before the use that could start a proof: an await, a completion property, a timed wait, or the task's
        /// name passed as an argument (a helper that proves it, CompletionProofs.Contracts).
        /// </summary>
        private static bool HasCandidateProof(SyntaxNode use, string? argumentName)
        {
            SyntaxNode? scope = use.FirstAncestorOrSelf<MemberDeclarationSyntax>();
            if (scope is GlobalStatementSyntax { Parent: CompilationUnitSyntax unit })
            {
                scope = unit;
            }

            if (scope is null)
            {
                return false;
            }

            var position = use.SpanStart;
            foreach (var token in scope.DescendantTokens())
            {
                if (token.SpanStart >= position)
                {
                    break;
                }

                if (token.IsKind(SyntaxKind.AwaitKeyword))
                {
                    return true;
                }

                if (token.IsKind(SyntaxKind.IdentifierToken))
                {
                    // A bool property of the type that checks completion (`HasValue`, `IsReady`): a filter only, the graph decides.
                    var text = token.ValueText;
                    if (argumentName != null && text == argumentName
                        && (token.GetPreviousToken().Kind() is SyntaxKind.OpenParenToken or SyntaxKind.CommaToken || token.GetPreviousToken().Parent is CastExpressionSyntax))
                    {
                        return true;
                    }

                    // A bool helper that waits (`TryWait(t)`, CompletionProofs.Contracts): a filter only, as above.
                    if (text.IndexOf("Wait", StringComparison.Ordinal) >= 0 || (text.Length > 3 && text.StartsWith("Try", StringComparison.Ordinal) && char.IsUpper(text[3])))
                    {
                        return true;
                    }

                    if (text.Length > 3 && (text.StartsWith("Is", StringComparison.Ordinal) || text.StartsWith("Has", StringComparison.Ordinal)) && char.IsUpper(text[text[0] == 'I' ? 2 : 3]))
                    {
                        return true;
                    }

                    switch (text)
                    {
                        case "IsCompleted":
                        case "IsCompletedSuccessfully":
                        case "IsFaulted":
                        case "IsCanceled":
                        case "Status":
                        case "Wait":
                        case "WaitAll":
                        case "Result":
                        case "GetResult":
                        case "AsyncWaitHandle":
                        case "WhenAny":
                            return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The rightmost name of the task expression (`pending`, `_task` of `this._task`); null for other forms.</summary>
        private static string? ArgumentName(ExpressionSyntax task) => WaitExemptions.StripConfigureAwait(task) switch
        {
            IdentifierNameSyntax name => name.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            _ => null,
        };

        /// <summary>
        /// The use is inside a callback the task runs once it has completed: a ContinueWith on it (or on a ValueTask's
        /// `AsTask()` / `Preserve()` view of it), or OnCompleted / UnsafeOnCompleted on its awaiter (`t.GetAwaiter()`, `t.ConfigureAwait(..).GetAwaiter()`, or a local holding one).
        /// </summary>
        private static bool IsInOwnContinuation(SyntaxNode use, ISymbol? symbol, ISymbol? collection, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            for (var current = use.Parent; current != null; current = current.Parent)
            {
                if (current is MemberDeclarationSyntax or LocalFunctionStatementSyntax)
                {
                    return false;
                }

                if (current is not AnonymousFunctionExpressionSyntax lambda
                    || lambda.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } argumentList } argument
                    || argumentList.Arguments.IndexOf(argument) != 0
                    || invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ContinueWith" or "OnCompleted" or "UnsafeOnCompleted" } access
                    || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
                {
                    continue;
                }

                var onTask = method.Name == "ContinueWith" && types.IsTaskLike(method.ContainingType);
                var onAwaiter = method.Name != "ContinueWith" && types.IsTaskAwaiter(method.ContainingType);
                if (!onTask && !onAwaiter)
                {
                    continue;
                }

                var receiver = WaitExemptions.StripConfigureAwait(access.Expression);

                // `v.AsTask().ContinueWith(..)` / `v.Preserve()..`: the view completes exactly when the ValueTask `v` has
                // (fifteenth pass, held-out DotNetty's channel pool reading `v.Result` in that continuation).
                if (onTask)
                {
                    receiver = WithoutValueTaskViews(receiver, model, types, cancellationToken);
                }

                if (Names(receiver, symbol, model, cancellationToken) || Names(receiver, collection, model, cancellationToken))
                {
                    return true;
                }

                if (onAwaiter && AwaiterSource(receiver, model, cancellationToken) is { } source
                    && (Names(source, symbol, model, cancellationToken) || Names(source, collection, model, cancellationToken)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>`t` in `t.GetAwaiter()`, `t.ConfigureAwait(..).GetAwaiter()`, or in the initializer of a local holding one.</summary>
        private static ExpressionSyntax? AwaiterSource(ExpressionSyntax receiver, SemanticModel model, CancellationToken cancellationToken)
        {
            if (receiver is IdentifierNameSyntax
                && model.GetSymbolInfo(receiver, cancellationToken).Symbol is ILocalSymbol local
                && local.DeclaringSyntaxReferences.Length == 1
                && local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initializer })
            {
                receiver = initializer;
            }

            return receiver is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter, ArgumentList.Arguments.Count: 0 }
                ? WaitExemptions.StripConfigureAwait(getAwaiter.Expression)
                : null;
        }

        private static bool Names(ExpressionSyntax expression, ISymbol? symbol, SemanticModel model, CancellationToken cancellationToken) =>
            symbol != null
            && expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }
            && model.GetSymbolInfo(expression, cancellationToken).Symbol.Is(symbol);

        /// <summary>A must-analysis over one control-flow graph: is the target proven complete on every path to a node?</summary>
        private sealed partial class Flow
        {
            /// <summary>The start of a must-analysis: every block but the entry holds until a pass shows otherwise.</summary>
            /// <summary>The must-analysis to its fixpoint over <paramref name="blocks"/>: each block's state at entry and at exit.</summary>
            private void Solve(ImmutableArray<BasicBlock> blocks, out bool[] entry, out bool[] exit)
            {
                Optimistic(blocks.Length, out entry, out exit);
                for (var changed = true; changed;)
                {
                    changed = false;
                    foreach (var block in blocks)
                    {
                        var state = block.Ordinal != 0 && EntryState(block, entry, exit);
                        var after = Transfer(block, state, int.MaxValue);
                        if (state != entry[block.Ordinal] || after != exit[block.Ordinal])
                        {
                            entry[block.Ordinal] = state;
                            exit[block.Ordinal] = after;
                            changed = true;
                        }
                    }
                }
            }

            private static void Optimistic(int count, out bool[] entry, out bool[] exit)
            {
                entry = new bool[count];
                exit = new bool[count];
                for (var i = 1; i < count; i++)
                {
                    entry[i] = true;
                    exit[i] = true;
                }
            }

            private const int RanToCompletion = 5;
            private const int Faulted = 7;

            private readonly ControlFlowGraph _graph;
            private readonly AsyncTypes _types;
            private readonly SemanticModel _model;
            private readonly CancellationToken _cancellationToken;
            private int _inlining;
            private readonly Dictionary<CaptureId, IOperation?> _captures = new Dictionary<CaptureId, IOperation?>();

            private ImmutableArray<ISymbol> _target;
            private bool _isCollection;

            public Flow(ControlFlowGraph graph, AsyncTypes types, SemanticModel model, CancellationToken cancellationToken)
            {
                _graph = graph;
                _types = types;
                _model = model;
                _cancellationToken = cancellationToken;
                foreach (var block in graph.Blocks)
                {
                    foreach (var operation in BlockOperations(block))
                    {
                        foreach (var descendant in operation.DescendantsAndSelf())
                        {
                            if (descendant is IFlowCaptureOperation capture)
                            {
                                // A capture written on several paths (?:, ??) has no single value.
                                _captures[capture.Id] = _captures.ContainsKey(capture.Id) ? null : capture.Value;
                            }
                        }
                    }
                }
            }

            public bool IsProvenAt(SyntaxNode locator, ImmutableArray<ISymbol> target, bool isCollection)
            {
                _target = target;
                _isCollection = isCollection;
                if (!TryLocate(locator, out var useBlock, out var useIndex))
                {
                    return false;
                }

                var blocks = _graph.Blocks;
                Solve(blocks, out var entry, out var exit);

                return TransferUntil(blocks[useBlock], entry[useBlock], useIndex, locator.SpanStart);
            }

            private bool EntryState(BasicBlock block, bool[] entry, bool[] exit)
            {
                if (block.Predecessors.IsEmpty)
                {
                    return HandlerEntryState(block, entry);
                }

                foreach (var branch in block.Predecessors)
                {
                    var source = branch.Source;
                    if (exit[source.Ordinal])
                    {
                        continue;
                    }

                    if (source.ConditionKind == ControlFlowConditionKind.None || source.BranchValue is null)
                    {
                        return false;
                    }

                    var whenTrue = branch.IsConditionalSuccessor
                        ? source.ConditionKind == ControlFlowConditionKind.WhenTrue
                        : source.ConditionKind == ControlFlowConditionKind.WhenFalse;
                    if (!Proves(source.BranchValue, whenTrue))
                    {
                        return false;
                    }
                }

                return true;
            }

            /// <summary>
            /// A catch, filter or finally block has no incoming branch in the graph: it may start anywhere in its try
            /// region, so only what held when the try began (and nothing in the try reassigned) holds there.
            /// </summary>
            private bool HandlerEntryState(BasicBlock block, bool[] entry)
            {
                for (var region = block.EnclosingRegion; region != null; region = region.EnclosingRegion)
                {
                    if (region.FirstBlockOrdinal != block.Ordinal)
                    {
                        return false;
                    }

                    if (region.Kind is ControlFlowRegionKind.Catch or ControlFlowRegionKind.Filter or ControlFlowRegionKind.Finally
                        && region.EnclosingRegion is { } tryAnd)
                    {
                        var tryRegion = tryAnd.Kind == ControlFlowRegionKind.FilterAndHandler ? tryAnd.EnclosingRegion?.NestedRegions[0] : tryAnd.NestedRegions[0];
                        if (tryRegion is null || tryRegion.Kind != ControlFlowRegionKind.Try || !entry[tryRegion.FirstBlockOrdinal])
                        {
                            return false;
                        }

                        for (var i = tryRegion.FirstBlockOrdinal; i <= tryRegion.LastBlockOrdinal; i++)
                        {
                            if (Kills(_graph.Blocks[i]))
                            {
                                return false;
                            }
                        }

                        return true;
                    }
                }

                return false;
            }

            private bool Kills(BasicBlock block)
            {
                foreach (var operation in BlockOperations(block))
                {
                    foreach (var descendant in operation.DescendantsAndSelf())
                    {
                        if (IsAssignmentToTarget(descendant))
                        {
                            return true;
                        }
                    }
                }

                return false;
            }

            private bool TryLocate(SyntaxNode locator, out int block, out int index)
            {
                foreach (var candidate in _graph.Blocks)
                {
                    var i = 0;
                    foreach (var operation in BlockOperations(candidate))
                    {
                        foreach (var descendant in operation.DescendantsAndSelf())
                        {
                            if (descendant.Syntax == locator)
                            {
                                block = candidate.Ordinal;
                                index = i;
                                return true;
                            }
                        }

                        i++;
                    }
                }

                block = -1;
                index = -1;
                return false;
            }

            private bool Transfer(BasicBlock block, bool state, int stopIndex)
            {
                var i = 0;
                foreach (var operation in BlockOperations(block))
                {
                    if (i++ >= stopIndex)
                    {
                        break;
                    }

                    state = Apply(operation, state, int.MaxValue);
                }

                return state;
            }

            /// <summary>The state just before the use: the block's operations before the one holding it, then the parts of that one that end before the use.</summary>
            private bool TransferUntil(BasicBlock block, bool state, int useIndex, int position)
            {
                state = Transfer(block, state, useIndex);
                var i = 0;
                foreach (var operation in BlockOperations(block))
                {
                    if (i++ == useIndex)
                    {
                        return Apply(operation, state, position);
                    }
                }

                return state;
            }

            /// <summary>Awaits of the target prove it; assignments to it undo the proof; in the order they complete.</summary>
            private bool Apply(IOperation operation, bool state, int before)
            {
                var events = new List<(int End, bool Proven)>();
                foreach (var descendant in operation.DescendantsAndSelf())
                {
                    var end = descendant.Syntax.Span.End;
                    if (end > before)
                    {
                        continue;
                    }

                    if ((descendant is IAwaitOperation awaited && AwaitCovers(awaited.Operation)) || IsCompletingWait(descendant) || IsCompletingSyncHelperCall(descendant)
                        || (descendant is IInvocationOperation call
                            && (DoesNotReturn(call.TargetMethod) || IsCompletionAssertion(call) || NeverReturnsNormally(call.TargetMethod))))
                    {
                        // After a call that never returns (`ExceptionDispatchInfo.Throw()`, a [DoesNotReturn] throw helper)
                        // no path goes on: anything holds there, vacuously.
                        events.Add((end, true));
                    }
                    else if (IsAssignmentToTarget(descendant))
                    {
                        events.Add((end, false));
                    }
                }

                if (events.Count == 0)
                {
                    return state;
                }

                events.Sort((a, b) => a.End != b.End ? a.End.CompareTo(b.End) : a.Proven.CompareTo(b.Proven));
                return events[events.Count - 1].Proven;
            }

            /// <summary>An assignment to the target or to any link of its chain (`_lazy = ..` changes `_lazy.Value`).</summary>
            private static bool DoesNotReturn(IMethodSymbol method)
            {
                // Not annotated in the netstandard2.0 reference assemblies, but never returns either.
                if (method is { Name: "Throw", ContainingType: { Name: "ExceptionDispatchInfo", ContainingNamespace.Name: "ExceptionServices" } })
                {
                    return true;
                }

                foreach (var attribute in method.GetAttributes())
                {
                    if (attribute.AttributeClass is { Name: "DoesNotReturnAttribute", ContainingNamespace.Name: "CodeAnalysis" })
                    {
                        return true;
                    }
                }

                return false;
            }

            private bool IsAssignmentToTarget(IOperation operation) => operation switch
            {
                ISimpleAssignmentOperation assignment => RefersToLink(assignment.Target) || MayAddToCollection(operation),
                ICompoundAssignmentOperation compound => RefersToLink(compound.Target),
                ICoalesceAssignmentOperation coalesce => RefersToLink(coalesce.Target),
                IDeconstructionAssignmentOperation deconstruction => ContainsTarget(deconstruction.Target),
                IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => RefersToLink(argument.Value),
                _ => MayAddToCollection(operation),
            };

            private bool RefersToLink(IOperation operation)
            {
                for (var last = 0; last < _target.Length; last++)
                {
                    if (Matches(operation, last))
                    {
                        return true;
                    }
                }

                return false;
            }

            private bool ContainsTarget(IOperation operation)
            {
                foreach (var descendant in operation.DescendantsAndSelf())
                {
                    if (RefersToLink(descendant))
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>
            /// A blocking wait that returns only once the target has completed: `t.Wait()`, `t.Wait(token)`, a void
            /// `Task.WaitAll(..)` over it, `t.Result`, `t.GetAwaiter().GetResult()`. (Reported itself; the waits after it are not.)
            /// </summary>
            private bool IsCompletingWait(IOperation operation)
            {
                switch (operation)
                {
                    case IPropertyReferenceOperation { Property.Name: "Result", Instance: { } instance } property:
                        return !_isCollection && (_types.IsTaskOfT(property.Property.ContainingType) || _types.IsValueTaskOfT(property.Property.ContainingType)) && Refers(instance);
                    case IInvocationOperation { TargetMethod: { ReturnsVoid: true, Name: "Wait", IsStatic: false } wait, Instance: { } instance }:
                        return !_isCollection && _types.IsTaskLike(wait.ContainingType) && Refers(instance);
                    case IInvocationOperation { TargetMethod: { ReturnsVoid: true, Name: "WaitAll", IsStatic: true } waitAll } invocation:
                        return _types.IsTask(waitAll.ContainingType) && ArgumentsCover(invocation.Arguments, 1);
                    case IInvocationOperation { TargetMethod: { Name: "GetResult", IsStatic: false, Parameters.Length: 0 } getResult, Instance: { } awaiter }
                        when !_isCollection && _types.IsTaskAwaiter(getResult.ContainingType):
                        if (Refers(awaiter))
                        {
                            return true;
                        }

                        return Unwrap(awaiter) is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaitable } && Refers(StripAwaitWrappers(awaitable));
                    default:
                        return false;
                }
            }

            /// <summary>`await t`, `await t.ConfigureAwait(..)`, `await t.WaitAsync(..)`, `await Task.WhenAll(.., t, ..)` / `WhenAll(tasks)`.</summary>
            private bool AwaitCovers(IOperation awaited)
            {
                var operand = StripAwaitWrappers(awaited);
                if (Refers(operand))
                {
                    return true;
                }

                return (operand is IInvocationOperation { TargetMethod: { IsStatic: true, Name: "WhenAll" } whenAll } invocation
                    && _types.IsTask(whenAll.ContainingType)
                    && ArgumentsCover(invocation.Arguments, invocation.Arguments.Length))
                    || IsCompletingAsyncHelperCall(operand);
            }

            private IOperation StripAwaitWrappers(IOperation operation)
            {
                while (true)
                {
                    operation = Unwrap(operation);
                    if (operation is IInvocationOperation { Instance: { } instance, TargetMethod.Name: "ConfigureAwait" or "WaitAsync" })
                    {
                        operation = instance;
                        continue;
                    }

                    return operation;
                }
            }

            private bool ArgumentsCover(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, int count)
            {
                for (var i = 0; i < count && i < arguments.Length; i++)
                {
                    var value = Unwrap(arguments[i].Value);
                    if (Refers(value) || (_isCollection && DictionaryEntries.ValuesOwner(value) is { } dictionary && Refers(dictionary)))
                    {
                        return true;
                    }

                    if (_isCollection)
                    {
                        continue;
                    }

                    IEnumerable<IOperation> elements = value switch
                    {
                        IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
                        ICollectionExpressionOperation collection => collection.Elements,
                        _ => Array.Empty<IOperation>(),
                    };
                    foreach (var element in elements)
                    {
                        if (Refers(element))
                        {
                            return true;
                        }
                    }
                }

                return false;
            }

            /// <summary>Whether the branch condition having the given value proves the target complete.</summary>
            private bool Proves(IOperation condition, bool value)
            {
                condition = Unwrap(condition);
                switch (condition)
                {
                    case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                        return Proves(not.Operand, !value);
                    case IPropertyReferenceOperation property when !_isCollection:
                        return value && (IsCompletionFlag(property) || ProvesThroughOwnProperty(property));
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                        return ProvesComparison(binary, value);
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.And or BinaryOperatorKind.Or } logical:
                        var isAnd = logical.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And;
                        return isAnd == value
                            ? isAnd ? Proves(logical.LeftOperand, true) || Proves(logical.RightOperand, true) : Proves(logical.LeftOperand, false) || Proves(logical.RightOperand, false)
                            : Proves(logical.LeftOperand, value) && Proves(logical.RightOperand, value);
                    case IIsPatternOperation isPattern:
                        return ProvesPattern(isPattern.Value, isPattern.Pattern, value);
                    case IInvocationOperation invocation when value && invocation.TargetMethod.ReturnType.SpecialType == SpecialType.System_Boolean:
                        return IsTimedWaitOnTarget(invocation)
                            || IsCompletionExtension(invocation)
                            || ProvesThroughHelper(invocation)
                            || (invocation.TargetMethod is { Name: "WaitOne", IsStatic: false } && invocation.Instance != null && IsTaskWaitHandle(invocation.Instance, 0));
                    case ILocalReferenceOperation local:
                        return ProvesThroughLocal(local, value);
                    case IFlowCaptureReferenceOperation capture:
                        return ProvesThroughCapture(capture, value);
                    default:
                        return false;
                }
            }

            /// <summary>
            /// `if (HasValue)` where `bool HasValue => _value.Task.Status == TaskStatus.RanToCompletion;` is a property of this
            /// type in the same file: its expression body is read in place (one level deep).
            /// </summary>
            private bool ProvesThroughOwnProperty(IPropertyReferenceOperation property)
            {
                if (_inlining > 0 || property.Instance is not (null or IInstanceReferenceOperation) || property.Arguments.Length != 0
                    || property.Property.Type.SpecialType != SpecialType.System_Boolean
                    || property.Property.DeclaringSyntaxReferences.Length != 1
                    || property.Property.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is not PropertyDeclarationSyntax { ExpressionBody.Expression: { } body } declaration
                    || declaration.SyntaxTree != _model.SyntaxTree
                    || _model.GetOperation(body, _cancellationToken) is not { } inlined)
                {
                    return false;
                }

                _inlining++;
                try
                {
                    return Proves(inlined, true);
                }
                finally
                {
                    _inlining--;
                }
            }

            /// <summary>`t.Wait(timeout)` or `Task.WaitAll(tasks, timeout)` that returned true.</summary>
            private bool IsTimedWaitOnTarget(IInvocationOperation invocation)
            {
                var method = invocation.TargetMethod;
                if (method.Name == "Wait" && !method.IsStatic && _types.IsTaskLike(method.ContainingType))
                {
                    return !_isCollection && invocation.Instance != null && Refers(invocation.Instance);
                }

                return method.Name == "WaitAll" && method.IsStatic && _types.IsTask(method.ContainingType) && ArgumentsCover(invocation.Arguments, 1);
            }

            /// <summary>
            /// `t.IsCompletedSuccessfully()`: a library's extension method (for frameworks without the property) named like a
            /// completion property, taking the task as its only argument and returning bool — read as that property.
            /// </summary>
            private bool IsCompletionExtension(IInvocationOperation invocation) =>
                !_isCollection
                && invocation.TargetMethod is { IsExtensionMethod: true, Parameters.Length: 1 } method
                && IsCompletionFlagName(method.Name)
                && invocation.Arguments.Length == 1
                && Refers(invocation.Arguments[0].Value);

            /// <summary>
            /// `await Task.WhenAny(..) == t` (directly or through a local assigned once): the winner has completed, so t has.
            /// With two candidates, `winner != other` proves the remaining one: `if (completed == delay) throw ..;`.
            /// </summary>
            private bool ProvesByWhenAny(IBinaryOperation binary, bool value)
            {
                var equal = binary.OperatorKind == BinaryOperatorKind.Equals ? value : !value;
                foreach (var (winner, other) in new[] { (binary.LeftOperand, binary.RightOperand), (binary.RightOperand, binary.LeftOperand) })
                {
                    var candidates = WhenAnyCandidates(winner);
                    if (candidates is null)
                    {
                        continue;
                    }

                    if (equal && Refers(other))
                    {
                        return true;
                    }

                    if (!equal && candidates.Count == 2 && SymbolOf(other) is { } loser)
                    {
                        for (var i = 0; i < 2; i++)
                        {
                            if (SymbolOf(candidates[i]).Is(loser) && Refers(candidates[1 - i]))
                            {
                                return true;
                            }
                        }
                    }
                }

                return false;
            }

            /// <summary>The tasks passed to `await Task.WhenAny(..)` when the operation is its result (or a local assigned it once).</summary>
            private List<IOperation>? WhenAnyCandidates(IOperation operation)
            {
                operation = Unwrap(operation);
                if (operation is ILocalReferenceOperation { Local: var local } && SingleAssignment(local) is { } assigned)
                {
                    operation = Unwrap(assigned);
                }

                if (operation is not IAwaitOperation awaited
                    || StripAwaitWrappers(awaited.Operation) is not IInvocationOperation { TargetMethod: { Name: "WhenAny", IsStatic: true } whenAny } invocation
                    || !_types.IsTask(whenAny.ContainingType))
                {
                    return null;
                }

                var candidates = new List<IOperation>();
                foreach (var argument in invocation.Arguments)
                {
                    if (Unwrap(argument.Value) is IArrayCreationOperation { Initializer: { } initializer })
                    {
                        candidates.AddRange(initializer.ElementValues);
                    }
                    else
                    {
                        candidates.Add(argument.Value);
                    }
                }

                return candidates;
            }

            private IOperation? SingleAssignment(ILocalSymbol local)
            {
                IOperation? value = null;
                var assignments = 0;
                foreach (var block in _graph.Blocks)
                {
                    foreach (var blockOperation in BlockOperations(block))
                    {
                        foreach (var descendant in blockOperation.DescendantsAndSelf())
                        {
                            if (descendant is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                                && target.Local.Is(local))
                            {
                                assignments++;
                                value = assignment.Value;
                            }
                        }
                    }
                }

                return assignments == 1 ? value : null;
            }

            private ISymbol? SymbolOf(IOperation operation) => Unwrap(operation) switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
                _ => null,
            };

            private bool ProvesComparison(IBinaryOperation binary, bool value)
            {
                if (!_isCollection && ProvesByWhenAny(binary, value))
                {
                    return true;
                }

                IOperation other;
                object? constant;
                if (binary.RightOperand.ConstantValue.HasValue)
                {
                    other = binary.LeftOperand;
                    constant = binary.RightOperand.ConstantValue.Value;
                }
                else if (binary.LeftOperand.ConstantValue.HasValue)
                {
                    other = binary.RightOperand;
                    constant = binary.LeftOperand.ConstantValue.Value;
                }
                else if (LiftedBoolConstant(binary, out other, out var lifted))
                {
                    // `a?.Task.IsCompleted == true`: only equality says which value the nullable held.
                    return (binary.OperatorKind == BinaryOperatorKind.Equals) == value && Proves(other, lifted);
                }
                else
                {
                    return false;
                }

                var equal = binary.OperatorKind == BinaryOperatorKind.Equals ? value : !value;
                if (constant is bool flag)
                {
                    return Proves(other, equal ? flag : !flag);
                }

                // `WaitHandle.WaitAny(new[] { ((IAsyncResult)t).AsyncWaitHandle, .. }) == 0`: the task's own handle was signalled.
                if (equal && constant is int index && !_isCollection
                    && Unwrap(other) is IInvocationOperation { TargetMethod: { Name: "WaitAny", IsStatic: true, ContainingType.Name: "WaitHandle" }, Arguments: { Length: > 0 } arguments }
                    && Unwrap(arguments[0].Value) is IArrayCreationOperation { Initializer: { } handles }
                    && index >= 0 && index < handles.ElementValues.Length)
                {
                    return IsTaskWaitHandle(handles.ElementValues[index], 0);
                }

                return equal && !_isCollection && IsStatusOfTarget(other) && IsFinalStatus(constant);
            }

            private bool ProvesPattern(IOperation value, IPatternOperation pattern, bool matched)
            {
                value = Unwrap(value);
                switch (pattern)
                {
                    case INegatedPatternOperation negated:
                        return ProvesPattern(value, negated.Pattern, !matched);
                    case IBinaryPatternOperation binary:
                        var isAnd = binary.OperatorKind == BinaryOperatorKind.And;
                        return isAnd == matched
                            ? ProvesPattern(value, binary.LeftPattern, matched) || ProvesPattern(value, binary.RightPattern, matched)
                            : ProvesPattern(value, binary.LeftPattern, matched) && ProvesPattern(value, binary.RightPattern, matched);
                    case IConstantPatternOperation constant when matched && !_isCollection:
                        var constantValue = constant.Value.ConstantValue;
                        if (!constantValue.HasValue)
                        {
                            return false;
                        }

                        return constantValue.Value is bool flag
                            ? Proves(value, flag)
                            : IsStatusOfTarget(value) && IsFinalStatus(constantValue.Value);
                    case IRecursivePatternOperation recursive when matched && !_isCollection && Refers(value):
                        foreach (var subpattern in recursive.PropertySubpatterns)
                        {
                            if (subpattern.Member is IPropertyReferenceOperation member && ProvesMember(member.Property, subpattern.Pattern))
                            {
                                return true;
                            }
                        }

                        return false;
                    default:
                        return false;
                }
            }

            /// <summary>`((IAsyncResult)t).AsyncWaitHandle`, or a local assigned it once: signalled only when the task has completed.</summary>
            private bool IsTaskWaitHandle(IOperation operation, int depth)
            {
                operation = Unwrap(operation);
                if (operation is IPropertyReferenceOperation { Property.Name: "AsyncWaitHandle", Instance: { } instance })
                {
                    return Refers(instance);
                }

                if (depth > 0 || operation is not ILocalReferenceOperation { Local: var local })
                {
                    return false;
                }

                return SingleAssignment(local) is { } value && IsTaskWaitHandle(value, depth + 1);
            }

            /// <summary>`{ IsCompleted: true }`, `{ Status: TaskStatus.RanToCompletion }` (or any final state).</summary>
            private static bool ProvesMember(IPropertySymbol property, IPatternOperation pattern)
            {
                switch (pattern)
                {
                    case IConstantPatternOperation { Value.ConstantValue: { HasValue: true } constant }:
                        return constant.Value is true
                            ? IsCompletionFlagName(property.Name)
                            : property.Name == "Status" && IsFinalStatus(constant.Value);
                    case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or:
                        return ProvesMember(property, or.LeftPattern) && ProvesMember(property, or.RightPattern);
                    case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } and:
                        return ProvesMember(property, and.LeftPattern) || ProvesMember(property, and.RightPattern);
                    default:
                        return false;
                }
            }

            private bool IsCompletionFlag(IPropertyReferenceOperation property) =>
                IsCompletionFlagName(property.Property.Name) && property.Instance != null && Refers(property.Instance);

            private static bool IsCompletionFlagName(string name) =>
                name is "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled";

            /// <summary>`t.Status`, or a local assigned it once (`var status = t.Status; switch (status) ..`).</summary>
            private bool IsStatusOfTarget(IOperation operation)
            {
                operation = Unwrap(operation);
                if (operation is ILocalReferenceOperation { Local: var local } && SingleAssignment(local) is { } assigned)
                {
                    operation = Unwrap(assigned);
                }

                return operation is IPropertyReferenceOperation { Property.Name: "Status", Instance: { } instance } && Refers(instance);
            }

            /// <summary>TaskStatus.RanToCompletion, Canceled or Faulted.</summary>
            private static bool IsFinalStatus(object? constant) =>
                constant is int status && status >= RanToCompletion && status <= Faulted;

            private IOperation Unwrap(IOperation operation)
            {
                for (var depth = 0; depth < 16; depth++)
                {
                    switch (operation)
                    {
                        case IConversionOperation conversion:
                            operation = conversion.Operand;
                            continue;
                        case IParenthesizedOperation parenthesized:
                            operation = parenthesized.Operand;
                            continue;
                        case IFlowCaptureReferenceOperation reference when _captures.TryGetValue(reference.Id, out var captured) && captured != null:
                            operation = captured;
                            continue;
                    }

                    break;
                }

                return operation;
            }

            private bool Refers(IOperation operation) => Matches(operation, _target.Length - 1);

            /// <summary>Whether the operation reads the target's chain up to and including link <paramref name="last"/>.</summary>
            private bool Matches(IOperation operation, int last)
            {
                operation = Unwrap(operation);
                var (symbol, instance) = operation switch
                {
                    ILocalReferenceOperation local => ((ISymbol?)local.Local, (IOperation?)null),
                    IParameterReferenceOperation parameter => (parameter.Parameter, null),
                    IFieldReferenceOperation field => (field.Field, field.Instance),
                    IPropertyReferenceOperation { Arguments.Length: 0 } property => (property.Property, property.Instance),
                    _ => (null, null),
                };
                if (symbol is null || !symbol.Is(_target[last]))
                {
                    return false;
                }

                return last == 0
                    ? instance is null or IInstanceReferenceOperation
                    : instance != null && Matches(instance, last - 1);
            }
        }
    }
}
