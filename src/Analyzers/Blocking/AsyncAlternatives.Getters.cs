using System.Linq;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>One documented property whose getter does blocking I/O, and the awaitable method to call instead.</summary>
    internal readonly struct BlockingGetter(string type, string property, string alternative, string reason)
    {
        /// <summary>Metadata name of the type that declares the property (overrides in derived types match too).</summary>
        public string Type { get; } = type;

        public string Property { get; } = property;

        /// <summary>The instance method to await instead; it takes an optional CancellationToken.</summary>
        public string Alternative { get; } = alternative;

        public string Reason { get; } = reason;
    }

    /// <summary>
    /// AG0102 on property getters that block (issue 16, eighth pass, prec102): a knowledge base of getters that read a
    /// device synchronously where an awaitable method gives the same value. Reported inside async-capable functions as a
    /// call is; silent where the same receiver's value was already read by an awaited alternative in an earlier statement
    /// of an enclosing block (<c>await request.ReadFormAsync(ct);</c> then <c>request.Form</c>: the getter returns the
    /// cached form).
    /// </summary>
    internal sealed partial class AsyncAlternatives
    {
        public static readonly ImmutableArray<BlockingGetter> Getters = ImmutableArray.Create(
            new BlockingGetter("Microsoft.AspNetCore.Http.HttpRequest", "Form", "ReadFormAsync",
                "The getter reads and parses the whole request body synchronously on first use (ASP.NET Core's FormFeature.ReadForm blocks on the body read); ReadFormAsync reads it asynchronously and caches the same form."));

        private ImmutableArray<(INamedTypeSymbol Type, BlockingGetter Getter)>? _getters;

        /// <summary>The entries whose type this compilation has (none: no property action is registered).</summary>
        public ImmutableArray<(INamedTypeSymbol Type, BlockingGetter Getter)> GettersInCompilation
        {
            get
            {
                if (_getters is { } known)
                {
                    return known;
                }

                var builder = ImmutableArray.CreateBuilder<(INamedTypeSymbol, BlockingGetter)>();
                foreach (var getter in Getters)
                {
                    if (_types.TypeNamed(getter.Type) is { } type)
                    {
                        builder.Add((type, getter));
                    }
                }

                var found = builder.ToImmutable();
                _getters = found;
                return found;
            }
        }

        /// <summary>A read of a blocking getter of the knowledge base inside an async-capable function.</summary>
        public bool TryFindForGetter(IPropertyReferenceOperation operation, ISymbol containingSymbol, SemanticModel model, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken, out AsyncAlternative alternative)
        {
            alternative = default;
            if (operation.Syntax is not MemberAccessExpressionSyntax access || operation.Instance is null
                || operation.Parent is IAssignmentOperation assignment && assignment.Target == operation
                || !TryMatchGetter(operation.Property, out var declaring, out var getter))
            {
                return false;
            }

            // `x?.Form` and a `?.` chain around it: no await fits there (as for calls); `lock` bodies allow no await.
            if (ConditionalAccesses.IsInsideChain(access) || IsInLockBody(access) || IsInNameOf(operation)
                || !IsAsyncCapable(operation, containingSymbol, model, cancellationToken))
            {
                return false;
            }

            var exclusions = Exclusions(options, access.SyntaxTree);
            if (exclusions.Count > 0
                && (exclusions.Contains(declaring.ToDisplayString()) || exclusions.Contains(declaring.ToDisplayString() + "." + getter.Property)
                    || IsExcludedType(operation.Instance.Type, exclusions)))
            {
                return false;
            }

            if (IsReadBefore(operation, getter, cancellationToken))
            {
                return false;
            }

            alternative = new AsyncAlternative(AlternativeForm.Getter, declaring.Name + "." + getter.Property, getter.Alternative, FindToken(operation, containingSymbol), null);
            return true;
        }

        private bool TryMatchGetter(IPropertySymbol property, out INamedTypeSymbol declaring, out BlockingGetter getter)
        {
            declaring = null!;
            getter = default;
            if (property.IsStatic || property.Parameters.Length != 0)
            {
                return false;
            }

            while (property.OverriddenProperty is { } overridden)
            {
                property = overridden;
            }

            foreach (var (type, entry) in GettersInCompilation)
            {
                if (property.Name == entry.Property && property.ContainingType.Is(type))
                {
                    declaring = type;
                    getter = entry;
                    return true;
                }
            }

            return false;
        }

        private static bool IsInNameOf(IOperation operation)
        {
            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is INameOfOperation)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Every path from the function's entry to the read passes an earlier read of the same value on an equivalent
        /// receiver: the getter itself (<c>request.Form</c>, whose first read caches the form) or an awaited alternative
        /// (<c>await request.ReadFormAsync(ct)</c>). Decided on the control-flow graph of the enclosing method (a read in a
        /// lambda or local function, or in a block reached only through exception handling, is not decided: reported).
        /// </summary>
        private bool IsReadBefore(IPropertyReferenceOperation operation, BlockingGetter getter, CancellationToken cancellationToken)
        {
            // Cheap syntactic gate: another mention of the getter or of its alternative before this read in the member.
            var member = operation.Syntax.FirstAncestorOrSelf<MemberDeclarationSyntax>();
            if (member is null || !MentionedBefore(member, operation.Syntax, getter))
            {
                return false;
            }

            var root = operation;
            IOperation top = operation;
            while (top.Parent is { } parent)
            {
                top = parent;
                if (top is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return false;
                }
            }

            ControlFlowGraph? graph = top switch
            {
                IMethodBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
                IBlockOperation block => ControlFlowGraph.Create(block, cancellationToken),
                _ => null,
            };
            if (graph is null)
            {
                return false;
            }

            var instance = root.Instance!;
            var target = -1;
            var reads = new bool[graph.Blocks.Length];
            foreach (var block in graph.Blocks)
            {
                foreach (var descendant in Evaluated(block))
                {
                    if (descendant.Syntax == root.Syntax && descendant is IPropertyReferenceOperation)
                    {
                        target = block.Ordinal;
                    }
                    else if (IsRead(descendant, instance, getter) && !descendant.Syntax.Span.Contains(root.Syntax.Span))
                    {
                        reads[block.Ordinal] = true;
                    }
                }
            }

            if (target < 0)
            {
                return false;
            }

            if (reads[target] && ReadBeforeInBlock(graph.Blocks[target], root, instance, getter))
            {
                return true;
            }

            // Dominated: reachable from the entry, but not without passing a block that reads first.
            reads[target] = false;
            return Reaches(graph, target, null) && !Reaches(graph, target, reads);
        }

        private bool IsRead(IOperation candidate, IOperation instance, BlockingGetter getter) => candidate switch
        {
            IPropertyReferenceOperation { Instance: { } other } property =>
                TryMatchGetter(property.Property, out _, out var matched) && matched.Property == getter.Property && TwinHooks.AreEquivalent(other, instance),
            IAwaitOperation awaited =>
                Invocations.Produced(awaited) is IInvocationOperation { TargetMethod.Name: var name } call
                && name == getter.Alternative
                && Invocations.Receiver(call) is { } receiver
                && TwinHooks.AreEquivalent(receiver, instance),
            _ => false,
        };

        /// <summary>In the read's own block, an earlier operation (in evaluation order) reads first.</summary>
        private bool ReadBeforeInBlock(BasicBlock block, IPropertyReferenceOperation read, IOperation instance, BlockingGetter getter)
        {
            foreach (var descendant in Evaluated(block))
            {
                if (descendant.Syntax == read.Syntax && descendant is IPropertyReferenceOperation)
                {
                    return false;
                }

                if (descendant.Syntax.SpanStart < read.Syntax.SpanStart && !descendant.Syntax.Span.Contains(read.Syntax.Span)
                    && IsRead(descendant, instance, getter))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Every operation of the block and its branch value, with their descendants, in evaluation order.</summary>
        private static IEnumerable<IOperation> Evaluated(BasicBlock block)
        {
            var roots = block.BranchValue is { } branch ? block.Operations.Add(branch) : block.Operations;
            return roots.SelectMany(static root => root.DescendantsAndSelf());
        }

        /// <summary>Whether block <paramref name="target"/> is reached from the entry by regular branches, not entering blocked ones.</summary>
        private static bool Reaches(ControlFlowGraph graph, int target, bool[]? blocked)
        {
            var seen = new bool[graph.Blocks.Length];
            var pending = new Stack<int>();
            pending.Push(0);
            seen[0] = true;
            while (pending.Count > 0)
            {
                var current = graph.Blocks[pending.Pop()];
                if (current.Ordinal == target)
                {
                    return true;
                }

                foreach (var branch in new[] { current.FallThroughSuccessor, current.ConditionalSuccessor })
                {
                    if (branch?.Destination is { } next && !seen[next.Ordinal] && !(blocked != null && blocked[next.Ordinal]))
                    {
                        seen[next.Ordinal] = true;
                        pending.Push(next.Ordinal);
                    }
                }
            }

            return false;
        }

        private static bool MentionedBefore(SyntaxNode member, SyntaxNode read, BlockingGetter getter)
        {
            foreach (var token in member.DescendantTokens())
            {
                if (token.SpanStart >= read.SpanStart)
                {
                    break;
                }

                if (token.IsKind(SyntaxKind.IdentifierToken) && (token.ValueText == getter.Property || token.ValueText == getter.Alternative))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
