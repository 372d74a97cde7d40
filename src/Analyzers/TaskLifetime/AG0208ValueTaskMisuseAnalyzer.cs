using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0208: a ValueTask returned by a call and then consumed more than once (a local awaited / AsTask'd / read twice, or
    /// inside a loop), stored in a field, property, array element or collection, or read through .Result / GetResult()
    /// where neither a completion check nor AG0101/AG0103 covers it.
    /// </summary>
    public sealed class AG0208ValueTaskMisuseAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0208";

        /// <summary>Property naming the misuse, so the fix need not re-classify it.</summary>
        public const string MisuseProperty = "Misuse";

        public const string ConsumedTwice = "ConsumedTwice";
        public const string Stored = "Stored";
        public const string ResultBeforeCompletion = "ResultBeforeCompletion";

        // Not tagged as a definite bug: a ValueTask stored in a field and consumed once later is correct, only likely wrong.
        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.TaskLifetimeCategory, DiagnosticSeverity.Warning, RuleTraits.None,
            title: "ValueTask consumed incorrectly",
            messageFormat: "{0}; {1}",
            description: "A ValueTask returned by a call may wrap a pooled IValueTaskSource that is reused once its result was read. Awaiting it twice, reading it again later, or reading .Result before it completed can return another operation's result, throw, or hang. Await it once, or convert it with AsTask() when it must be consumed more than once.");

        private const string TwiceAdvice = "a ValueTask may be consumed only once: await it once, or call AsTask() when it must be consumed more than once";
        private const string StoredAdvice = "a ValueTask may be consumed only once: await it where it is produced, or store its AsTask()";
        private const string ResultAdvice = "await it, or read the result only after IsCompleted or IsCompletedSuccessfully is true";

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            if (types.ValueTask is null)
            {
                return;
            }

            // Collected per declaration and analysed in its operation block action: a diagnostic at the misuse (away from the
            // call) is then local to the member being analysed, which the IDE's span-based analysis and code fixes need.
            // The driver runs a declaration's operation actions before its operation block actions, so the calls are all
            // known by then. No per-block start action with operation actions of its own: each would cost the driver a
            // per-block action table and another walk of the block.
            var pending = new ConcurrentDictionary<ISymbol, PendingCalls>(SymbolEqualityComparer.Default);

            // How many calls wait in `pending`: most blocks end on this one read (no symbol hashed), since most members make
            // no ValueTask call at all. A block's calls are counted before its block action runs.
            var pendingCount = new StrongBox<int>();
            start.RegisterOperationAction(
                c =>
                {
                    // Cheap filters first: a call returning ValueTask / ValueTask<T>, not made from a value.
                    var invocation = (IInvocationOperation)c.Operation;
                    if (ValueTaskUses.IsValueTaskType(invocation.Type, types) && !ValueTaskUses.IsValueBackedFactory(invocation.TargetMethod, types))
                    {
                        // No lock per call: most members make one or two such calls, pushed without a monitor.
                        pending.GetOrAdd(c.ContainingSymbol, static _ => new PendingCalls()).Push(invocation);
                        Interlocked.Increment(ref pendingCount.Value);
                    }
                },
                OperationKind.Invocation);
            start.RegisterOperationBlockAction(block =>
            {
                if (Volatile.Read(ref pendingCount.Value) == 0
                    || !pending.ContainsKey(block.OwningSymbol) || !pending.TryRemove(block.OwningSymbol, out var pushed))
                {
                    return;
                }

                var calls = pushed.InOrder();
                Interlocked.Add(ref pendingCount.Value, -calls.Length);

                foreach (var invocation in calls)
                {
                    Analyze(new Site(invocation, block), types);
                }
            });
        }

        /// <summary>
        /// One member's ValueTask calls, pushed lock-free by the operation action (calls of one member can be analysed on
        /// several threads) and read in call order by the member's block action, after every push.
        /// </summary>
        private sealed class PendingCalls
        {
            private Node? _last;

            public void Push(IInvocationOperation call)
            {
                var node = new Node(call);
                do
                {
                    node.Previous = Volatile.Read(ref _last);
                }
                while (Interlocked.CompareExchange(ref _last, node, node.Previous) != node.Previous);
            }

            /// <summary>The pushed calls, first pushed first.</summary>
            public IInvocationOperation[] InOrder()
            {
                var last = Volatile.Read(ref _last);
                var count = 0;
                for (var node = last; node != null; node = node.Previous)
                {
                    count++;
                }

                var calls = new IInvocationOperation[count];
                for (var node = last; node != null; node = node.Previous)
                {
                    calls[--count] = node.Call;
                }

                return calls;
            }

            private sealed class Node(IInvocationOperation call)
            {
                public IInvocationOperation Call { get; } = call;

                public Node? Previous { get; set; }
            }
        }

        private static void Analyze(Site context, AsyncTypes types)
        {
            var invocation = (IInvocationOperation)context.Operation;

            var use = ValueObservation.Classify(invocation);
            switch (use.Kind)
            {
                case ValueUseKind.Stored when use.Consumer is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    AnalyzeLocal(context, declarator.Symbol, types);
                    break;
                case ValueUseKind.Stored when use.Consumer is ISimpleAssignmentOperation assignment:
                    if (assignment.Target is ILocalReferenceOperation local)
                    {
                        AnalyzeLocal(context, local.Local, types);
                    }
                    else if (StorageName(assignment.Target) is { } where)
                    {
                        ReportStored(context, invocation, where);
                    }

                    break;
                case ValueUseKind.Other when use.Consumer is IFieldInitializerOperation or IPropertyInitializerOperation:
                    ReportStored(context, invocation, use.Consumer is IFieldInitializerOperation ? "a field" : "a property");
                    break;
                case ValueUseKind.Argument when IsCollectionAdd(use.Consumer!.Parent):
                    ReportStored(context, invocation, "a collection");
                    break;
            }
        }

        /// <summary>
        /// The analysed call with the block's report and cancellation. The block context itself, not a delegate to its
        /// ReportDiagnostic: a delegate over a struct's method boxes the context and asks the runtime for an unboxing stub.
        /// </summary>
        private readonly struct Site(IOperation operation, OperationBlockAnalysisContext block)
        {
            private readonly OperationBlockAnalysisContext _block = block;

            public IOperation Operation { get; } = operation;

            public System.Threading.CancellationToken CancellationToken => _block.CancellationToken;

            public void ReportDiagnostic(Diagnostic diagnostic) => _block.ReportDiagnostic(diagnostic);
        }

        private static void ReportStored(Site context, IInvocationOperation invocation, string where)
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(MisuseProperty, Stored);
            var what = "The ValueTask returned by '" + invocation.TargetMethod.Name + "' is stored in " + where + " to be consumed later";
            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, what, StoredAdvice));
        }

        private static string? StorageName(IOperation target) => target switch
        {
            IFieldReferenceOperation field => "field '" + field.Field.Name + "'",
            IPropertyReferenceOperation { Property.IsIndexer: true } => "an indexed element",
            IPropertyReferenceOperation property => "property '" + property.Property.Name + "'",
            IArrayElementReferenceOperation => "an array element",
            _ => null,
        };

        /// <summary>`list.Add(F())`, `queue.Enqueue(F())`, a collection initializer's implicit Add: the collection keeps it.</summary>
        private static bool IsCollectionAdd(IOperation? operation) =>
            operation is IInvocationOperation { TargetMethod: { IsStatic: false, Name: "Add" or "Enqueue" or "Push" or "Insert" or "TryAdd" or "AddLast" or "AddFirst" or "TryEnqueue" } method }
            && method.ContainingType is { } type
            && ImplementsEnumerable(type);

        private static bool ImplementsEnumerable(ITypeSymbol type)
        {
            foreach (var i in type.AllInterfaces)
            {
                if (i.SpecialType == SpecialType.System_Collections_IEnumerable)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A ValueTask local written once (by the call that got us here): count what consumes it. Reported at the misuse (the
        /// second consumption, the consumption inside a loop, the early read), with the first consumption (or the call) as an
        /// additional location. The misuse is in the same function as the call, so analysing its member finds the diagnostic.
        /// </summary>
        private static void AnalyzeLocal(Site context, ILocalSymbol local, AsyncTypes types)
        {
            if (local.RefKind != RefKind.None || local.DeclaringSyntaxReferences.Length != 1 || !ValueTaskUses.IsValueTaskType(local.Type, types)
                || context.Operation.SemanticModel is not { } model)
            {
                return;
            }

            var declaration = local.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken);
            var references = ValueTaskUses.ReferencesOf(local, ValueTaskUses.Root(context.Operation), types);
            var writes = declaration is VariableDeclaratorSyntax { Initializer: not null } ? 1 : 0;
            var consumptions = new List<ValueTaskReference>();
            foreach (var reference in references)
            {
                switch (reference.Kind)
                {
                    case ValueTaskUseKind.Writes:
                        writes++;
                        break;
                    case ValueTaskUseKind.Consumes:
                        consumptions.Add(reference);
                        break;
                }
            }

            // Written more than once: which ValueTask a use sees depends on the path; the rule does not guess.
            if (writes > 1 || consumptions.Count == 0)
            {
                return;
            }

            var twice = TwiceOnOnePath(consumptions, declaration, model, context);
            if (twice != null)
            {
                // At the misuse (the second consumption, or the one in a loop); the first consumption (or the call) beside it.
                var properties = ImmutableDictionary<string, string?>.Empty.Add(MisuseProperty, ConsumedTwice);
                var inLoop = twice.Count == 1;
                var misuse = twice[twice.Count - 1];
                var additional = inLoop ? new[] { context.Operation.Syntax.GetLocation() } : new[] { twice[0] };
                context.ReportDiagnostic(Diagnostic.Create(
                    Rule, misuse, additional, properties, "ValueTask '" + local.Name + "' is consumed " + (inLoop ? "inside a loop" : "more than once"), TwiceAdvice));
                return;
            }

            var only = consumptions.Count == 1 ? consumptions[0] : default;
            if (only.Reference != null && BlockingRead(only) is { } read
                && !TakenByBlockingRules(read, model, types, context)
                && !ValueTaskPaths.IsProvenComplete(read, local, EnclosingFunction.Find(read), model, context.CancellationToken))
            {
                var properties = ImmutableDictionary<string, string?>.Empty.Add(MisuseProperty, ResultBeforeCompletion);
                context.ReportDiagnostic(Diagnostic.Create(
                    Rule, read.GetLocation(), new[] { context.Operation.Syntax.GetLocation() }, properties, "'" + read + "' reads ValueTask '" + local.Name + "' before it is known to have completed", ResultAdvice));
            }
        }

        /// <summary>The consumptions that prove a double use (one in a loop, or two on one path); null when there is none.</summary>
        private static List<Location>? TwiceOnOnePath(List<ValueTaskReference> consumptions, SyntaxNode declaration, SemanticModel model, Site context)
        {
            foreach (var consumption in consumptions)
            {
                if (ValueTaskPaths.InLoopAroundDeclaration(consumption.Reference.Syntax, declaration))
                {
                    return new List<Location> { consumption.Reference.Syntax.GetLocation() };
                }
            }

            for (var i = 0; i < consumptions.Count; i++)
            {
                for (var j = i + 1; j < consumptions.Count; j++)
                {
                    var first = consumptions[i].Reference.Syntax;
                    var second = consumptions[j].Reference.Syntax;
                    if (second.SpanStart < first.SpanStart)
                    {
                        (first, second) = (second, first);
                    }

                    if (ValueTaskPaths.OnOnePath(first, second, model, context.CancellationToken))
                    {
                        return new List<Location> { first.GetLocation(), second.GetLocation() };
                    }
                }
            }

            return null;
        }

        /// <summary>`vt.Result` or `vt.GetAwaiter().GetResult()`: the node a blocking rule would report, else null.</summary>
        private static SyntaxNode? BlockingRead(in ValueTaskReference reference)
        {
            switch (reference.MemberName)
            {
                case "Result":
                    return reference.Use.Consumer!.Syntax;
                case "GetAwaiter" when ValueObservation.Classify(reference.Use.Consumer!) is { Kind: ValueUseKind.Receiver, Consumer: IInvocationOperation { TargetMethod.Name: "GetResult" } getResult }:
                    return getResult.Syntax;
                default:
                    return null;
            }
        }

        /// <summary>One finding, one diagnostic: AG0101 (async code) or AG0103 (sync code) reports this wait already.</summary>
        private static bool TakenByBlockingRules(SyntaxNode read, SemanticModel model, AsyncTypes types, Site context)
        {
            if (!BlockingWaits.TryMatch(read, model, types, context.CancellationToken, out var wait))
            {
                return false;
            }

            var function = EnclosingFunction.Find(wait.Node);
            if (EnclosingFunction.Classify(function, model, types, context.CancellationToken) == FunctionKind.AsyncCapable)
            {
                return !WaitExemptions.IsExempt(wait, function, model, types, context.CancellationToken);
            }

            return SyncOverAsyncWaits.Reports(wait, model, types, context.CancellationToken, out _);
        }
    }
}
