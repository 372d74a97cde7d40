using System.Collections.Concurrent;
using Microsoft.CodeAnalysis.Text;

namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0214: a local initialised with a deferred LINQ projection whose elements are tasks
    /// (`var tasks = items.Select(i => DoAsync(i));`) and enumerated twice (Task.WhenAll/WhenAny, foreach, Count(),
    /// ToList(), any IEnumerable parameter): each enumeration runs the projection again and starts every task again.
    /// Reported at the second enumeration, the first as additional location. Silent when the query is materialised,
    /// enumerated once, reassigned between the two, when the two are on exclusive paths (if/else, switch sections,
    /// ?:, a return or throw after the first), and for uses inside lambdas and local functions (how often they run is
    /// not known here).
    /// </summary>
    public sealed class AG0214DeferredTasksEnumeratedTwiceAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0214";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.TaskLifetimeCategory, DiagnosticSeverity.Warning, RuleTraits.DefiniteBug,
            title: "Deferred sequence of tasks enumerated twice",
            messageFormat: "'{0}' is a deferred query of tasks enumerated a second time here: the query runs again and starts its tasks again; materialise it once with ToArray()",
            description: "A LINQ projection such as items.Select(i => DoAsync(i)) is deferred: every enumeration calls the selector again, so awaiting Task.WhenAll(tasks) and then enumerating tasks again (foreach, Count(), a second WhenAll) starts the work twice and observes the second set of tasks, not the first. Materialise the query once with ToArray() or ToList() where it is declared.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            // Declarators are collected per declaration and analysed in its operation block action: the diagnostic is on a
            // later statement of the same body, which a declarator action could not report (it would not be local to it).
            // The driver runs a declaration's operation actions before its operation block actions, so the candidates are
            // all known by then. No per-block start action with an operation action of its own: each would cost the driver
            // a per-block action table and another walk of the block (as AG0208 does it).
            // System.Linq.Enumerable and IEnumerable<T> are resolved on the first candidate, not here: at compilation start
            // the first lookup pays for loading their namespaces, which the compiler does anyway later; and a compilation
            // without a candidate never asks. Where either is missing nothing is reported, as before.
            var linq = new LinqSymbols(types);
            var pending = new ConcurrentDictionary<ISymbol, ConcurrentQueue<IVariableDeclaratorOperation>>(SymbolEqualityComparer.Default);
            var waiting = new Counter();
            start.RegisterOperationAction(
                c =>
                {
                    var declarator = (IVariableDeclaratorOperation)c.Operation;
                    // The initializer's shape first (no symbol work): only a call or a query can be a deferred projection.
                    if (!MayBeProjection(InitializerOf(declarator)))
                    {
                        return;
                    }

                    if (declarator.Symbol is { RefKind: RefKind.None, Type.TypeKind: TypeKind.Interface } local && linq.Available
                        && ElementType(local.Type, linq.EnumerableOfT!) is { } element && types.IsTaskOrValueTask(element))
                    {
                        pending.GetOrAdd(c.ContainingSymbol, static _ => new ConcurrentQueue<IVariableDeclaratorOperation>()).Enqueue(declarator);
                        Interlocked.Increment(ref waiting.Count);
                    }
                },
                OperationKind.VariableDeclarator);
            start.RegisterOperationBlockAction(c =>
            {
                // Most blocks come when no candidate waits (a block's declarators are all seen before its block action):
                // answered without hashing the block's symbol.
                if (Volatile.Read(ref waiting.Count) == 0 || !pending.ContainsKey(c.OwningSymbol) || !pending.TryRemove(c.OwningSymbol, out var candidates))
                {
                    return;
                }

                while (candidates.TryDequeue(out var declarator))
                {
                    Interlocked.Decrement(ref waiting.Count);
                    Analyze(c, declarator, linq.Enumerable!, linq.EnumerableOfT!);
                }
            });
        }

        /// <summary>How many candidates wait in the pending queues of one compilation.</summary>
        private sealed class Counter
        {
            public int Count;
        }

        /// <summary>System.Linq.Enumerable and IEnumerable&lt;T&gt; of one compilation, looked up on first use.</summary>
        private sealed class LinqSymbols(AsyncTypes types)
        {
            private readonly Lazy<(INamedTypeSymbol? Enumerable, INamedTypeSymbol? EnumerableOfT)> _symbols = new(
                () =>
                {
                    var enumerable = types.TypeNamed("System.Linq.Enumerable");
                    var enumerableOfT = types.Compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
                    return enumerable is null || enumerableOfT.TypeKind == TypeKind.Error ? (null, null) : (enumerable, enumerableOfT);
                },
                LazyThreadSafetyMode.PublicationOnly);

            /// <summary>Both exist (else the rule has nothing to look for).</summary>
            public bool Available => _symbols.Value.Enumerable != null;

            public INamedTypeSymbol? Enumerable => _symbols.Value.Enumerable;

            public INamedTypeSymbol? EnumerableOfT => _symbols.Value.EnumerableOfT;
        }

        private static IOperation? InitializerOf(IVariableDeclaratorOperation declarator) =>
            declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;

        /// <summary>The shape <see cref="IsDeferredProjection"/> starts from: a call, under implicit conversions and a query.</summary>
        private static bool MayBeProjection(IOperation? value)
        {
            while (value is IConversionOperation { IsImplicit: true } or ITranslatedQueryOperation)
            {
                value = value is IConversionOperation conversion ? conversion.Operand : ((ITranslatedQueryOperation)value).Operation;
            }

            return value is IInvocationOperation;
        }

        private static void Analyze(OperationBlockAnalysisContext context, IVariableDeclaratorOperation declarator, INamedTypeSymbol enumerable, INamedTypeSymbol enumerableOfT)
        {
            var initializer = InitializerOf(declarator);
            if (initializer is null || declarator.Symbol is not { } local || !IsDeferredProjection(initializer, enumerable))
            {
                return;
            }

            var function = EnclosingFunctionOf(declarator.Syntax);
            if (function is null || declarator.SemanticModel is not { } model)
            {
                return;
            }

            // Only the part of the function after the declarator is walked: the uses that count come after it.
            var declarationEnd = declarator.Syntax.Span.End;
            SyntaxNode? first = null;
            foreach (var node in function.DescendantNodes(TextSpan.FromBounds(declarationEnd, function.FullSpan.End)))
            {
                if (node is not IdentifierNameSyntax name
                    || name.SpanStart <= declarationEnd || name.Identifier.ValueText != local.Name
                    || EnclosingFunctionOf(name) != function
                    || model.GetOperation(name, context.CancellationToken) is not ILocalReferenceOperation reference
                    || !reference.Local.Is(local))
                {
                    continue;
                }

                if (IsWritten(reference))
                {
                    first = null;
                    continue;
                }

                if (!IsEnumeration(reference, enumerable, enumerableOfT))
                {
                    continue;
                }

                if (first != null && !Exclusive(first, name))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, name.GetLocation(), new[] { first.GetLocation() }, local.Name));
                    return;
                }

                first ??= name;
            }
        }

        /// <summary>The element type T of IEnumerable&lt;T&gt; the type is or implements.</summary>
        internal static ITypeSymbol? ElementType(ITypeSymbol? type, INamedTypeSymbol enumerableOfT)
        {
            if (type is INamedTypeSymbol named && named.OriginalDefinition.Is(enumerableOfT))
            {
                return named.TypeArguments[0];
            }

            if (type is null)
            {
                return null;
            }

            foreach (var candidate in type.AllInterfaces)
            {
                if (candidate.OriginalDefinition.Is(enumerableOfT))
                {
                    return candidate.TypeArguments[0];
                }
            }

            return null;
        }

        /// <summary>
        /// A chain of System.Linq.Enumerable calls that returns a lazy sequence (an interface type, not List or array) and
        /// projects somewhere in it (Select, SelectMany, Zip, Join, GroupJoin): enumerating it again calls the selector again.
        /// </summary>
        private static bool IsDeferredProjection(IOperation value, INamedTypeSymbol enumerable)
        {
            while (value is IConversionOperation { IsImplicit: true } or ITranslatedQueryOperation)
            {
                value = value is IConversionOperation conversion ? conversion.Operand : ((ITranslatedQueryOperation)value).Operation;
            }

            if (value is not IInvocationOperation { TargetMethod: { } method } invocation || !method.ContainingType.Is(enumerable)
                || method.ReturnType.TypeKind != TypeKind.Interface)
            {
                return false;
            }

            if (method.Name is "Select" or "SelectMany" or "Zip" or "Join" or "GroupJoin")
            {
                return true;
            }

            var source = invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
            return source != null && IsDeferredProjection(source, enumerable);
        }

        /// <summary>An assignment to the local (or a ref/out argument): what follows enumerates a new value.</summary>
        private static bool IsWritten(ILocalReferenceOperation reference) => reference.Parent switch
        {
            IAssignmentOperation assignment => assignment.Target == reference,
            IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } => true,
            ITupleOperation { Parent: IDeconstructionAssignmentOperation } => true,
            _ => false,
        };

        /// <summary>
        /// foreach over the local, or the local given to an IEnumerable parameter of a method that is not a deferred LINQ
        /// operator (Task.WhenAll/WhenAny, Count(), ToList(), string.Join, a List constructor...).
        /// </summary>
        private static bool IsEnumeration(ILocalReferenceOperation reference, INamedTypeSymbol enumerable, INamedTypeSymbol enumerableOfT)
        {
            IOperation current = reference;
            while (current.Parent is IConversionOperation { IsImplicit: true } conversion)
            {
                current = conversion;
            }

            switch (current.Parent)
            {
                case IForEachLoopOperation loop:
                    return loop.Collection == current;
                case IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation or IObjectCreationOperation } argument:
                    var target = argument.Parent is IInvocationOperation invocation ? invocation.TargetMethod : (argument.Parent as IObjectCreationOperation)?.Constructor;
                    if (target is null || !IsSequenceType(parameter.Type, enumerableOfT))
                    {
                        return false;
                    }

                    // A deferred operator (tasks.Where(..)) enumerates only when its own result is: not counted.
                    return !(target.ContainingType.Is(enumerable) && target.ReturnType.TypeKind == TypeKind.Interface);
                default:
                    return false;
            }
        }

        private static bool IsSequenceType(ITypeSymbol type, INamedTypeSymbol enumerableOfT) =>
            type.OriginalDefinition.Is(enumerableOfT) || type.SpecialType == SpecialType.System_Collections_IEnumerable;

        /// <summary>Whether the second use cannot follow the first: exclusive branches, or a jump after the first.</summary>
        private static bool Exclusive(SyntaxNode first, SyntaxNode second)
        {
            var common = first.Parent;
            while (common != null && !common.Span.Contains(second.Span))
            {
                common = common.Parent;
            }

            for (var node = first; node != null && node != common; node = node.Parent)
            {
                var parent = node.Parent;
                switch (parent)
                {
                    case IfStatementSyntax ifStatement when parent == common:
                        return ifStatement.Statement == node ? IsWithin(second, ifStatement.Else) : ifStatement.Else == node && IsWithin(second, ifStatement.Statement);
                    case ElseClauseSyntax elseClause when parent.Parent == common && common is IfStatementSyntax outerIf:
                        return IsWithin(second, outerIf.Statement);
                    case SwitchSectionSyntax when parent.Parent == common:
                        return true;
                    case SwitchExpressionArmSyntax when parent.Parent == common:
                        return true;
                    case ConditionalExpressionSyntax conditional when parent == common:
                        return node != conditional.Condition && IsWithin(second, node == conditional.WhenTrue ? conditional.WhenFalse : conditional.WhenTrue);
                    case BlockSyntax or SwitchSectionSyntax when node is StatementSyntax statement:
                        var statements = parent is BlockSyntax block ? block.Statements : ((SwitchSectionSyntax)parent).Statements;
                        var after = false;
                        foreach (var sibling in statements)
                        {
                            if (after && sibling.SpanStart < second.SpanStart
                                && sibling is ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax)
                            {
                                return true;
                            }

                            after |= sibling == statement;
                        }

                        break;
                }
            }

            return false;
        }

        private static bool IsWithin(SyntaxNode node, SyntaxNode? container) => container != null && container.Span.Contains(node.Span);

        private static SyntaxNode? EnclosingFunctionOf(SyntaxNode node) =>
            node.FirstAncestorOrSelf<SyntaxNode>(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax
                or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax
                or CompilationUnitSyntax);
    }
}
