using Microsoft.CodeAnalysis.FlowAnalysis;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Completion proofs carried by a value rather than tested in place:
    /// <list type="bullet">
    /// <item>a bool local read as the guard (`var done = t.IsCompleted; .. if (done) t.Result`): the local is written only
    /// by its declaration, its initializer proves completion, and no link of the task's chain is assigned on any path from
    /// that declaration to the guard (a completed task stays completed, so only a reassignment can undo the proof);</item>
    /// <item>a value that flows through a flow capture written on several paths: `a?.Task.IsCompleted == true` /
    /// `is true` (the null path cannot give true), `c ? t.IsCompleted : false`: a write that cannot give the tested
    /// value is ruled out, every other write must prove.</item>
    /// </list>
    /// The task chain itself follows the engine's policy: fields and properties along it are read as stable
    /// (`content.ConsumptionTask` is the same task each time it is read).
    /// </summary>
    internal static partial class CompletionProofs
    {
        private sealed partial class Flow
        {
            private int _carried;

            // The must-analysis asks the same condition again on every pass over the graph: a carried proof is answered once
            // per read (the answer depends on the read's place and the tested value only), when asked outside another one.
            private Dictionary<(IOperation Read, bool Value), bool>? _carriedAnswers;

            private bool TryCarried(IOperation read, bool value, out bool answer)
            {
                answer = false;
                return _carried == 0 && _carriedAnswers != null && _carriedAnswers.TryGetValue((read, value), out answer);
            }

            private bool Remember(IOperation read, bool value, bool answer)
            {
                if (_carried == 0)
                {
                    (_carriedAnswers ??= new Dictionary<(IOperation, bool), bool>())[(read, value)] = answer;
                }

                return answer;
            }

            /// <summary>`x == true` / `true != x` over `bool?` (lifted): the operand and the constant.</summary>
            private bool LiftedBoolConstant(IBinaryOperation binary, out IOperation other, out bool constant)
            {
                other = binary.LeftOperand;
                constant = false;
                if (!binary.IsLifted)
                {
                    return false;
                }

                if (BoolConstant(binary.RightOperand) is { } right)
                {
                    constant = right;
                    return true;
                }

                if (BoolConstant(binary.LeftOperand) is { } left)
                {
                    other = binary.RightOperand;
                    constant = left;
                    return true;
                }

                return false;
            }

            private bool? BoolConstant(IOperation operation)
            {
                operation = Unwrap(operation);
                return operation.ConstantValue is { HasValue: true, Value: bool flag } ? flag : null;
            }

            /// <summary>
            /// A capture written on several paths (`?.`, `?:`, `??`): each write either cannot give the tested value
            /// (a null, a default, the other bool constant) or proves completion when it gives it; at least one proves.
            /// </summary>
            private bool ProvesThroughCapture(IFlowCaptureReferenceOperation reference, bool value) =>
                TryCarried(reference, value, out var known) ? known : Remember(reference, value, ProvesThroughCaptureOnce(reference, value));

            private bool ProvesThroughCaptureOnce(IFlowCaptureReferenceOperation reference, bool value)
            {
                if (_carried > 2 || _captures.TryGetValue(reference.Id, out var single) && single != null)
                {
                    return false;
                }

                var proven = false;
                _carried++;
                try
                {
                    foreach (var block in _graph.Blocks)
                    {
                        foreach (var operation in BlockOperations(block))
                        {
                            foreach (var descendant in operation.DescendantsAndSelf())
                            {
                                if (descendant is not IFlowCaptureOperation capture || !capture.Id.Equals(reference.Id))
                                {
                                    continue;
                                }

                                if (CannotBe(capture.Value, value))
                                {
                                    continue;
                                }

                                if (!Proves(capture.Value, value))
                                {
                                    return false;
                                }

                                proven = true;
                            }
                        }
                    }
                }
                finally
                {
                    _carried--;
                }

                return proven;
            }

            /// <summary>A null, a default of a nullable type, or the other bool constant.</summary>
            private bool CannotBe(IOperation operation, bool value)
            {
                operation = Unwrap(operation);

                if (operation is IDefaultValueOperation { Type: { } type } && type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
                {
                    return true;
                }

                return operation.ConstantValue.HasValue && (operation.ConstantValue.Value is null || (operation.ConstantValue.Value is bool flag && flag != value));
            }

            /// <summary>
            /// `if (done)` where `var done = t.IsCompleted;` (any proving form): the local is written only by its
            /// declaration, and no link of the target is assigned on any path from the declaration to this read.
            /// </summary>
            private bool ProvesThroughLocal(ILocalReferenceOperation reference, bool value) =>
                TryCarried(reference, value, out var known) ? known : Remember(reference, value, ProvesThroughLocalOnce(reference, value));

            private bool ProvesThroughLocalOnce(ILocalReferenceOperation reference, bool value)
            {
                var local = reference.Local;
                if (_carried > 2 || local.Type?.SpecialType != SpecialType.System_Boolean || local.IsRef
                    || !IsWrittenOnlyByDeclaration(local))
                {
                    return false;
                }

                ISimpleAssignmentOperation? declaration = null;
                foreach (var block in _graph.Blocks)
                {
                    foreach (var operation in BlockOperations(block))
                    {
                        foreach (var descendant in operation.DescendantsAndSelf())
                        {
                            if (descendant is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment && target.Local.Is(local))
                            {
                                if (declaration != null)
                                {
                                    return false;
                                }

                                declaration = assignment;
                            }
                        }
                    }
                }

                if (declaration is null)
                {
                    // Declared in an enclosing function: its graph is not this one.
                    return false;
                }

                _carried++;
                try
                {
                    if (!Proves(declaration.Value, value))
                    {
                        return false;
                    }
                }
                finally
                {
                    _carried--;
                }

                return TargetUnchangedSince(declaration, reference);
            }

            /// <summary>Written by its initializer only: no assignment, ref/out pass or `ref` to it anywhere in its member (lambdas included).</summary>
            private bool IsWrittenOnlyByDeclaration(ILocalSymbol local)
            {
                if (local.DeclaringSyntaxReferences.Length != 1
                    || local.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is not VariableDeclaratorSyntax { Initializer: not null } declarator
                    || declarator.SyntaxTree != _model.SyntaxTree)
                {
                    return false;
                }

                return VariableWrites.OnlyByDeclarator(local, declarator, _model, _cancellationToken);
            }

            /// <summary>
            /// Whether every path that reaches <paramref name="reference"/> ran <paramref name="declaration"/> with no
            /// assignment to a link of the target after it (a must-analysis, as for the proof itself). Catch and finally
            /// blocks start with nothing known.
            /// </summary>
            private bool TargetUnchangedSince(IOperation declaration, IOperation reference)
            {
                var referenceBlock = -1;
                var referenceIndex = -1;
                var blocks = _graph.Blocks;
                foreach (var block in blocks)
                {
                    var i = 0;
                    foreach (var operation in BlockOperations(block))
                    {
                        foreach (var descendant in operation.DescendantsAndSelf())
                        {
                            if (descendant == reference)
                            {
                                referenceBlock = block.Ordinal;
                                referenceIndex = i;
                            }
                        }

                        i++;
                    }
                }

                if (referenceBlock < 0)
                {
                    return false;
                }

                Optimistic(blocks.Length, out var entry, out var exit);

                for (var changed = true; changed;)
                {
                    changed = false;
                    foreach (var block in blocks)
                    {
                        var state = block.Ordinal != 0 && !block.Predecessors.IsEmpty;
                        if (state)
                        {
                            foreach (var branch in block.Predecessors)
                            {
                                state &= exit[branch.Source.Ordinal];
                            }
                        }

                        var after = state;
                        foreach (var operation in BlockOperations(block))
                        {
                            after = Track(operation, after, declaration, int.MaxValue);
                        }

                        if (state != entry[block.Ordinal] || after != exit[block.Ordinal])
                        {
                            entry[block.Ordinal] = state;
                            exit[block.Ordinal] = after;
                            changed = true;
                        }
                    }
                }

                var current = entry[referenceBlock];
                var index = 0;
                foreach (var operation in BlockOperations(blocks[referenceBlock]))
                {
                    current = Track(operation, current, declaration, index == referenceIndex ? reference.Syntax.SpanStart : int.MaxValue);
                    if (index++ == referenceIndex)
                    {
                        break;
                    }
                }

                return current;
            }

            /// <summary>The declaration sets the fact, an assignment to the target's chain clears it; the last one to complete wins.</summary>
            private bool Track(IOperation operation, bool state, IOperation declaration, int before)
            {
                var lastEnd = -1;
                foreach (var descendant in operation.DescendantsAndSelf())
                {
                    var end = descendant.Syntax.Span.End;
                    if (end > before)
                    {
                        continue;
                    }

                    var sets = descendant == declaration;
                    if (!sets && !IsAssignmentToTarget(descendant))
                    {
                        continue;
                    }

                    // The event that completes last decides; at an equal end a clearing one wins.
                    if (end > lastEnd)
                    {
                        state = sets;
                        lastEnd = end;
                    }
                    else if (end == lastEnd && !sets)
                    {
                        state = false;
                    }
                }

                return state;
            }
        }
    }
}
