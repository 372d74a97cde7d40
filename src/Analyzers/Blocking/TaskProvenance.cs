using System.Collections.Concurrent;
using System.Linq;

namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>What a waited task is known to be, from the weakest answer to the strongest.</summary>
    internal enum Provenance
    {
        /// <summary>Anything the proof does not follow: async methods, I/O, metadata, virtual calls, escaping fields.</summary>
        Unknown = 0,

        /// <summary>Synchronous delegates run by <c>Task.Factory.StartNew</c>, <c>ContinueWith</c>, <c>ContinueWhenAll/Any</c> on <c>TaskScheduler.Current</c>.</summary>
        CurrentScheduler = 1,

        /// <summary>Synchronous delegates on the thread pool: <c>Task.Run</c>, the factories with <c>TaskScheduler.Default</c>.</summary>
        Pool = 2,

        /// <summary>Already complete when made: <c>Task.FromResult</c>, <c>Task.CompletedTask</c>, a completion source's task after its Set call.</summary>
        Complete = 3,
    }

    /// <summary>
    /// AG0103's provenance of a waited task through the code of its own compilation (issue 16): the values a wait can
    /// see, followed through locals, arrays and LINQ projections of tasks, calls to non-virtual, non-async source methods
    /// and getters (every return value), effectively private fields (every write in the type that can see them) and
    /// effectively private dictionaries of tasks (every value added, by every use in that type). The answer is the weakest
    /// of all the values: anything the walk does not know — a parameter, a virtual or interface call, a method of another
    /// assembly, an async method or delegate, a field or dictionary that escapes — is <see cref="Provenance.Unknown"/>.
    /// One instance per compilation; summaries are cached per method, field and dictionary symbol, and the walk is bounded
    /// in depth (a deeper chain is unknown). Asked only for a wait about to be reported.
    /// </summary>
    internal sealed partial class TaskProvenance
    {
        public const string AssumeDefaultSchedulerOption = "dotnet_diagnostic.AG0103.assume_default_scheduler";

        private const int MaxDepth = 40;

        private readonly Compilation _compilation;
        private readonly AsyncTypes _types;
        private readonly ConcurrentDictionary<ISymbol, Provenance> _returns = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, Provenance> _returnedElements = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, Provenance> _fields = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, Provenance> _dictionaries = new(SymbolEqualityComparer.Default);
        private Known? _known;

        public TaskProvenance(Compilation compilation, AsyncTypes types)
        {
            _compilation = compilation;
            _types = types;
        }

        /// <summary>
        /// Whether AG0103 stays silent on <paramref name="wait"/>: every task it waits on is complete (always), synchronous
        /// work on the pool (unless <c>report_offloaded_work</c>), or synchronous work on the current scheduler (unless
        /// <c>report_offloaded_work</c>, and as <see cref="CurrentSchedulerWaits"/> decides).
        /// </summary>
        public bool Silences(in BlockingWait wait, SemanticModel model, AnalyzerOptions options, SyntaxTree tree, CancellationToken cancellationToken)
        {
            // AG0103 asks from an operation action: the member's operation tree is built, so the walk starts from it at once
            // (cheaper there than answering the common cases from the syntax and the calls' symbols first).
            var provenance = OfWait(wait, model, cancellationToken);
            if (provenance == Provenance.Complete)
            {
                return IsFieldWait(wait, model, cancellationToken);
            }

            if (provenance == Provenance.Unknown || RuleOptions.GetBool(options, tree, WaitQuietSites.ReportOffloadedWorkOption))
            {
                return false;
            }

            return provenance == Provenance.Pool || CurrentSchedulerWaits.AssumedPool(wait, model, _types, options, tree, cancellationToken);
        }

        /// <summary>
        /// Whether <paramref name="wait"/> blocks on a field of this compilation that is only ever written with completed tasks
        /// (AG0101 asks too, corpus10lib W2: <c>if (_last is null || _last.Result != n) _last = Task.FromResult(n);</c>).
        /// </summary>
        public bool WaitsOnCompletedField(in BlockingWait wait, SemanticModel model, CancellationToken cancellationToken) =>
            IsFieldWait(wait, model, cancellationToken) && OfWait(wait, model, cancellationToken) == Provenance.Complete;

        // Only the class of fields whose type writes nothing but completed tasks: a completed task written at the
        // wait or in a local is a stand-in, and an async method stays async by contract (see ComputeReturns).
        private static bool IsFieldWait(in BlockingWait wait, SemanticModel model, CancellationToken cancellationToken) =>
            ConditionalWaits.WaitedTask(wait) is { } awaitable && model.GetOperation(awaitable, cancellationToken) is { } task
                && Strip(task) is IFieldReferenceOperation;

        /// <summary>The weakest provenance of the tasks <paramref name="wait"/> blocks on.</summary>
        public Provenance OfWait(in BlockingWait wait, SemanticModel model, CancellationToken cancellationToken)
        {
            if (wait.Kind == BlockingWaitKind.WaitAll || wait.Kind == BlockingWaitKind.WaitAny)
            {
                if (model.GetOperation(wait.Node, cancellationToken) is not IInvocationOperation call)
                {
                    return Provenance.Unknown;
                }

                var result = Provenance.Complete;
                var any = false;
                foreach (var argument in call.Arguments)
                {
                    if (IsSequenceParameter(argument.Parameter))
                    {
                        any = true;
                        result = Min(result, Elements(argument.Value, 0, new Walk(model), cancellationToken));
                    }
                }

                return any ? result : Provenance.Unknown;
            }

            return ConditionalWaits.WaitedTask(wait) is { } awaitable && model.GetOperation(awaitable, cancellationToken) is { } task
                ? Of(task, 0, new Walk(model), cancellationToken)
                : Provenance.Unknown;
        }

        private static bool IsSequenceParameter(IParameterSymbol? parameter) =>
            parameter?.Type is IArrayTypeSymbol or INamedTypeSymbol { Name: "IEnumerable" or "ReadOnlySpan", IsGenericType: true };

        /// <summary>
        /// A method's, field's or dictionary's summary, cached per symbol. A summary met again while it is being made (a
        /// cycle) or cut by the depth bound reads as unknown, and whatever depended on that is not cached: cached answers
        /// never depend on the order or thread in which questions come.
        /// </summary>
        private static Provenance Summary(ConcurrentDictionary<ISymbol, Provenance> cache, ISymbol key, int depth, Walk walk, CancellationToken cancellationToken,
            Func<ISymbol, int, Walk, CancellationToken, Provenance> compute)
        {
            if (cache.TryGetValue(key, out var known))
            {
                return known;
            }

            if (depth > MaxDepth || !walk.InProgress.Add(key))
            {
                walk.Tainted = true;
                return Provenance.Unknown;
            }

            var outer = walk.Tainted;
            walk.Tainted = false;
            var result = compute(key, depth, walk, cancellationToken);
            if (!walk.Tainted)
            {
                cache.TryAdd(key, result);
            }

            walk.Tainted |= outer;
            walk.InProgress.Remove(key);
            return result;
        }

        /// <summary>The state of one question: the summaries being made, and whether the answer was cut short.</summary>
        private sealed class Walk(SemanticModel model)
        {
            /// <summary>The analysis context's model: questions about its own tree reuse its bound nodes.</summary>
            public SemanticModel Model { get; } = model;

            public HashSet<ISymbol> InProgress { get; } = new HashSet<ISymbol>(SymbolEqualityComparer.Default);

            public bool Tainted { get; set; }
        }

        private static Provenance Min(Provenance a, Provenance b) => a < b ? a : b;

        /// <summary>The library types the walk compares with, looked up on the first question of the compilation.</summary>
        private Known Types => Volatile.Read(ref _known) ?? Publish();

        private Known Publish()
        {
            var known = new Known(
                _types.TypeNamed("System.Threading.Interlocked"),
                _types.TypeNamed("System.Linq.Enumerable"),
                _types.TypeNamed("System.Collections.Concurrent.ConcurrentDictionary`2"),
                _types.TypeNamed("System.Collections.Generic.Dictionary`2"));
            return Interlocked.CompareExchange(ref _known, known, null) ?? known;
        }

        private sealed class Known(INamedTypeSymbol? interlocked, INamedTypeSymbol? enumerable, INamedTypeSymbol? concurrentDictionary, INamedTypeSymbol? dictionary)
        {
            public INamedTypeSymbol? Interlocked { get; } = interlocked;

            public INamedTypeSymbol? Enumerable { get; } = enumerable;

            public INamedTypeSymbol? ConcurrentDictionary { get; } = concurrentDictionary;

            public INamedTypeSymbol? Dictionary { get; } = dictionary;
        }

        /// <summary>Past the depth bound: the answer is unknown, and what depends on it is not cached.</summary>
        private static bool TooDeep(int depth, Walk walk, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (depth <= MaxDepth)
            {
                return false;
            }

            walk.Tainted = true;
            return true;
        }

        /// <summary>The provenance of one task-typed value.</summary>
        private Provenance Of(IOperation value, int depth, Walk walk, CancellationToken cancellationToken)
        {
            if (TooDeep(depth, walk, cancellationToken))
            {
                return Provenance.Unknown;
            }

            value = Strip(value);
            if (value.ConstantValue is { HasValue: true, Value: null } || value is IDefaultValueOperation)
            {
                // Waiting on null throws; it never blocks.
                return Provenance.Complete;
            }

            switch (value)
            {
                case IInvocationOperation call:
                    return OfCall(call, depth, walk, cancellationToken);
                case IPropertyReferenceOperation property:
                    return OfProperty(property, depth, walk, cancellationToken);
                case ILocalReferenceOperation local:
                    return OfLocal(local.Local, elements: false, depth, walk, cancellationToken);
                case IFieldReferenceOperation field:
                    return OfField(field.Field, depth, walk, cancellationToken);
                case IConditionalOperation conditional when conditional.WhenFalse is { } whenFalse:
                    return Min(Of(conditional.WhenTrue, depth, walk, cancellationToken), Of(whenFalse, depth, walk, cancellationToken));
                case ICoalesceOperation coalesce:
                    return Min(Of(coalesce.Value, depth, walk, cancellationToken), Of(coalesce.WhenNull, depth, walk, cancellationToken));
                default:
                    return Provenance.Unknown;
            }
        }

        private static IOperation Strip(IOperation value)
        {
            while (true)
            {
                value = Invocations.WithoutImplicitConversions(value);
                if (value is IParenthesizedOperation parenthesized)
                {
                    value = parenthesized.Operand;
                }
                else if (value is IConversionOperation { OperatorMethod: null, Conversion.IsReference: true } cast)
                {
                    // An explicit reference cast (`(Task)x`) is the same object.
                    value = cast.Operand;
                }
                else if (value is IInvocationOperation { TargetMethod: { Name: "ConfigureAwait", IsStatic: false } } configured
                    && configured.Instance is { } instance)
                {
                    value = instance;
                }
                else
                {
                    return value;
                }
            }
        }

        private Provenance OfCall(IInvocationOperation call, int depth, Walk walk, CancellationToken cancellationToken)
        {
            var method = call.TargetMethod;
            var type = method.ContainingType;
            if (type is null)
            {
                return Provenance.Unknown;
            }

            if (type.Is(_types.Task) || type.OriginalDefinition.Is(_types.TaskOfT))
            {
                switch (method.Name)
                {
                    case "FromResult" or "FromException" or "FromCanceled" when method.IsStatic:
                        return Provenance.Complete;
                    case "Run" when method.IsStatic:
                        return IsSynchronousWork(WorkArgument(call)) ? Provenance.Pool : Provenance.Unknown;
                    case "ContinueWith" when !method.IsStatic && call.Instance is { } antecedent:
                        return IsSynchronousWork(WorkArgument(call))
                            ? Min(Scheduler(call, defaultIsCurrent: true), Of(antecedent, depth + 1, walk, cancellationToken))
                            : Provenance.Unknown;
                    case "WhenAll" or "WhenAny" when method.IsStatic:
                        return AllElements(call, depth, walk, cancellationToken);
                    default:
                        return Provenance.Unknown;
                }
            }

            if (_types.IsTaskFactory(type))
            {
                var scheduler = Scheduler(call, defaultIsCurrent: IsSharedFactory(call.Instance));
                switch (method.Name)
                {
                    case "StartNew":
                        return IsSynchronousWork(WorkArgument(call)) ? scheduler : Provenance.Unknown;
                    case "ContinueWhenAll" or "ContinueWhenAny":
                        IOperation? work = null;
                        foreach (var argument in call.Arguments)
                        {
                            if (argument.Parameter is { Ordinal: 1 })
                            {
                                work = argument.Value;
                            }
                        }

                        return IsSynchronousWork(work) ? Min(scheduler, AllElements(call, depth, walk, cancellationToken)) : Provenance.Unknown;
                    default:
                        return Provenance.Unknown;
                }
            }

            if (IsDictionary(type) && call.Instance is { } dictionary
                && method.Name is "GetOrAdd" or "AddOrUpdate")
            {
                // The value returned is one the dictionary holds (or the one just added, which it then holds).
                return DictionaryValues(dictionary, depth + 1, walk, cancellationToken);
            }

            return Returns(method, depth, walk, cancellationToken);
        }

        private Provenance OfProperty(IPropertyReferenceOperation reference, int depth, Walk walk, CancellationToken cancellationToken)
        {
            var property = reference.Property;
            if (property.IsStatic && property.Name == "CompletedTask" && property.ContainingType.Is(_types.Task))
            {
                return Provenance.Complete;
            }

            if (property.Name == "Task" && !property.IsStatic && _types.IsTaskCompletionSource(property.ContainingType)
                && reference.Instance is ILocalReferenceOperation source && IsSetBefore(source, reference))
            {
                return Provenance.Complete;
            }

            if (reference.Arguments.Length == 1 && reference.Instance is { } dictionary && IsDictionary(property.ContainingType))
            {
                return DictionaryValues(dictionary, depth + 1, walk, cancellationToken);
            }

            return property.GetMethod is { } getter && reference.Arguments.Length == 0
                ? Returns(getter, depth, walk, cancellationToken)
                : Provenance.Unknown;
        }

        /// <summary>
        /// `source.Task` where the local completion source, declared by a statement of the same block and never written
        /// again, was completed by an earlier statement of that block (`source.TrySetException(..); x = source.Task;`).
        /// </summary>
        private bool IsSetBefore(ILocalReferenceOperation source, IPropertyReferenceOperation read)
        {
            var local = source.Local;
            var statement = read.Syntax.FirstAncestorOrSelf<StatementSyntax>();
            if (statement?.Parent is not BlockSyntax block || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax declarator
                || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax declaration || declaration.Parent != block
                || read.SemanticModel is not { } model)
            {
                return false;
            }

            foreach (var node in block.DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == local.Name && IsWrittenSyntax(identifier))
                {
                    return false;
                }
            }

            var declared = false;
            foreach (var earlier in block.Statements)
            {
                if (earlier == statement)
                {
                    return false;
                }

                if (earlier == declaration)
                {
                    declared = true;
                    continue;
                }

                if (declared
                    && earlier is ExpressionStatementSyntax
                    {
                        Expression: InvocationExpressionSyntax
                        {
                            Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver, Name: { } name },
                        } invocation,
                    }
                    && receiver.Identifier.ValueText == local.Name
                    && name.Identifier.ValueText is "SetResult" or "TrySetResult" or "SetException" or "TrySetException" or "SetCanceled" or "TrySetCanceled"
                    && model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { IsStatic: false } set
                    && _types.IsTaskCompletionSource(set.ContainingType)
                    && model.GetSymbolInfo(receiver).Symbol.Is(local))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The name, or `x.name` when it is the name of a member access: the expression a field reference is.</summary>
        private static ExpressionSyntax AccessOf(IdentifierNameSyntax identifier) =>
            identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : identifier;

        /// <summary>Whether the name (or `x.name`) is assigned, passed by ref/out, incremented or deconstructed into.</summary>
        private static bool IsWrittenSyntax(IdentifierNameSyntax identifier)
        {
            SyntaxNode expression = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : identifier;
            return expression.Parent switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left == expression,
                ArgumentSyntax argument => argument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword) || argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword)
                    || argument.Parent is TupleExpressionSyntax,
                RefExpressionSyntax => true,
                PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => true,
                _ => false,
            };
        }

        /// <summary>A non-virtual, non-async method (or getter) declared in source, whose returns the walk reads.</summary>
        private bool IsFollowed(IMethodSymbol method, bool elements)
        {
            method = method.OriginalDefinition;
            return !(!IsOwn(method) || method.IsAsync || method.IsAbstract || method.IsExtern || method.IsVirtual || method.IsPartialDefinition
                || method.PartialImplementationPart is not null || method.PartialDefinitionPart is not null
                || (method.IsOverride && !method.IsSealed && !method.ContainingType.IsSealed)
                || method.ContainingType.TypeKind == TypeKind.Interface
                || method.DeclaringSyntaxReferences.Length != 1
                || !(elements || _types.IsAwaitable(method.ReturnType)));
        }

        /// <summary>The weakest return value of a non-virtual, non-async method (or getter) declared in source.</summary>
        private Provenance Returns(IMethodSymbol method, int depth, Walk walk, CancellationToken cancellationToken, bool elements = false)
        {
            method = method.ReducedFrom ?? method;
            method = method.OriginalDefinition;
            if (!IsFollowed(method, elements))
            {
                return Provenance.Unknown;
            }

            return elements
                ? Summary(_returnedElements, method, depth, walk, cancellationToken, (key, d, w, c) => ComputeReturns((IMethodSymbol)key, d, w, c, elements: true))
                : Summary(_returns, method, depth, walk, cancellationToken, (key, d, w, c) => ComputeReturns((IMethodSymbol)key, d, w, c, elements: false));
        }

        private Provenance ComputeReturns(IMethodSymbol method, int depth, Walk walk, CancellationToken cancellationToken, bool elements)
        {
            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            if (syntax is ArrowExpressionClauseSyntax arrow)
            {
                syntax = arrow.Parent!;
            }

            if (syntax is not (BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or PropertyDeclarationSyntax))
            {
                return Provenance.Unknown;
            }

            var hasBody = syntax switch
            {
                BaseMethodDeclarationSyntax m => m.Body is not null || m.ExpressionBody is not null,
                AccessorDeclarationSyntax a => a.Body is not null || a.ExpressionBody is not null,
                LocalFunctionStatementSyntax f => f.Body is not null || f.ExpressionBody is not null,
                PropertyDeclarationSyntax p => p.ExpressionBody is not null,
                _ => false,
            };
            if (!hasBody)
            {
                return Provenance.Unknown;
            }

            var model = ModelOf(syntax.SyntaxTree, walk);
            var root = model.GetOperation(syntax, cancellationToken);
            if (syntax is PropertyDeclarationSyntax { ExpressionBody: { } body })
            {
                root = model.GetOperation(body, cancellationToken);
            }

            if (root is null)
            {
                return Provenance.Unknown;
            }

            // A task-returning method whose every value is already complete is an async API with a synchronous body today:
            // its contract is async, so a wait on it stays reported. It counts when it also returns work it started.
            var result = ReturnsOf(root, depth, walk, cancellationToken, elements);
            return result == Provenance.Complete ? Provenance.Unknown : result;
        }

        /// <summary>The weakest value returned by <paramref name="body"/> itself (not by lambdas or local functions inside it).</summary>
        private Provenance ReturnsOf(IOperation body, int depth, Walk walk, CancellationToken cancellationToken, bool elements = false)
        {
            var result = Provenance.Complete;
            var stack = new Stack<IOperation>();
            foreach (var child in body.ChildOperations)
            {
                stack.Push(child);
            }

            while (stack.Count > 0)
            {
                var operation = stack.Pop();
                switch (operation)
                {
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        continue;
                    case IReturnOperation { Kind: OperationKind.YieldReturn }:
                        return Provenance.Unknown;
                    case IReturnOperation { ReturnedValue: { } returned }:
                        result = Min(result, elements ? Elements(returned, depth + 1, walk, cancellationToken) : Of(returned, depth + 1, walk, cancellationToken));
                        if (result == Provenance.Unknown)
                        {
                            return result;
                        }

                        continue;
                    case IInvalidOperation:
                        return Provenance.Unknown;
                }

                foreach (var child in operation.ChildOperations)
                {
                    stack.Push(child);
                }
            }

            return result;
        }

        /// <summary>The weakest value a delegate argument returns: a lambda's return values, a method group's summary.</summary>
        private Provenance DelegateReturns(IOperation? value, int depth, Walk walk, CancellationToken cancellationToken, IOperation? source = null)
        {
            value = value is null ? null : Invocations.WithoutImplicitConversions(value);
            if (value is not IDelegateCreationOperation creation)
            {
                return Provenance.Unknown;
            }

            switch (creation.Target)
            {
                case IAnonymousFunctionOperation { Symbol.IsAsync: false } lambda:
                    if (source is not null && lambda.Symbol.Parameters.Length == 1 && ProjectsValue(lambda) is true)
                    {
                        // `pairs.Select(x => x.Value)` over a dictionary of tasks.
                        return DictionaryValues(source, depth + 1, walk, cancellationToken);
                    }

                    return ReturnsOf(lambda.Body, depth, walk, cancellationToken);
                case IMethodReferenceOperation { Method: { } method, Instance: null or IInstanceReferenceOperation }:
                    return Returns(method, depth + 1, walk, cancellationToken);
                default:
                    return Provenance.Unknown;
            }
        }

        /// <summary>A lambda `x => x.Value` (expression body) over one parameter.</summary>
        private static bool? ProjectsValue(IAnonymousFunctionOperation lambda)
        {
            if (lambda.Body.Operations.Length != 1 || lambda.Body.Operations[0] is not IReturnOperation { ReturnedValue: { } returned })
            {
                return null;
            }

            return Invocations.WithoutImplicitConversions(returned) is IPropertyReferenceOperation { Property.Name: "Value", Instance: IParameterReferenceOperation parameter }
                && parameter.Parameter.Is(lambda.Symbol.Parameters[0]);
        }

        /// <summary>Whether a work delegate is synchronous: its invoke returns no awaitable and it is no async lambda.</summary>
        private bool IsSynchronousWork(IOperation? work) =>
            work is { Type: INamedTypeSymbol { DelegateInvokeMethod: { } invoke } }
            && !_types.IsAwaitable(invoke.ReturnType)
            && !(Invocations.WithoutImplicitConversions(work) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Symbol.IsAsync: true } });

        private static IOperation? WorkArgument(IInvocationOperation call)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is { Ordinal: 0 })
                {
                    return argument.Value;
                }
            }

            return null;
        }

        /// <summary>`Task.Factory` or `Task&lt;T&gt;.Factory`: the shared factory, whose default scheduler is the current one.</summary>
        private bool IsSharedFactory(IOperation? instance) =>
            instance is not null
            && Invocations.WithoutImplicitConversions(instance) is IPropertyReferenceOperation { Property: { Name: "Factory", IsStatic: true } factory }
            && (factory.ContainingType.Is(_types.Task) || factory.ContainingType.OriginalDefinition.Is(_types.TaskOfT));

        /// <summary>The scheduler argument: `TaskScheduler.Default` is the pool; none is the current scheduler; anything else is unknown.</summary>
        private Provenance Scheduler(IInvocationOperation call, bool defaultIsCurrent)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Type.Is(_types.TaskScheduler) == true)
                {
                    return Invocations.WithoutImplicitConversions(argument.Value) is IPropertyReferenceOperation { Property: { Name: "Default", IsStatic: true } scheduler }
                        && scheduler.ContainingType.Is(_types.TaskScheduler)
                        ? Provenance.Pool
                        : Provenance.Unknown;
                }
            }

            return defaultIsCurrent ? Provenance.CurrentScheduler : Provenance.Unknown;
        }

        /// <summary>The weakest element of every array argument of a Task/TaskFactory combinator.</summary>
        private Provenance AllElements(IInvocationOperation call, int depth, Walk walk, CancellationToken cancellationToken)
        {
            var result = Provenance.Complete;
            var any = false;
            foreach (var argument in call.Arguments)
            {
                if (IsSequenceParameter(argument.Parameter))
                {
                    any = true;
                    result = Min(result, Elements(argument.Value, depth + 1, walk, cancellationToken));
                }
            }

            return any ? result : Provenance.Unknown;
        }

        /// <summary>The weakest task a sequence of tasks can hold.</summary>
        private Provenance Elements(IOperation value, int depth, Walk walk, CancellationToken cancellationToken)
        {
            if (TooDeep(depth, walk, cancellationToken))
            {
                return Provenance.Unknown;
            }

            value = Strip(value);
            switch (value)
            {
                case IArrayCreationOperation { Initializer: { } initializer }:
                    return AllOf(initializer.ElementValues, depth, walk, cancellationToken);
                case ICollectionExpressionOperation collection:
                    foreach (var element in collection.Elements)
                    {
                        if (element is ISpreadOperation)
                        {
                            return Provenance.Unknown;
                        }
                    }

                    return AllOf(collection.Elements, depth, walk, cancellationToken);
                case ILocalReferenceOperation local:
                    return OfLocal(local.Local, elements: true, depth, walk, cancellationToken);
                case IPropertyReferenceOperation { Property.Name: "Values", Instance: { } dictionary } values:
                            return IsDictionary(values.Property.ContainingType) ? DictionaryValues(dictionary, depth + 1, walk, cancellationToken) : Provenance.Unknown;
                case IInvocationOperation call when IsLinq(call.TargetMethod):
                    var source = call.Arguments.Length > 0 ? call.Arguments[0].Value : null;
                    if (source is null)
                    {
                        return Provenance.Unknown;
                    }

                    switch (call.TargetMethod.Name)
                    {
                        case "ToArray" or "ToList" or "AsEnumerable" or "Where" or "Distinct" or "ToHashSet" when call.Arguments.Length <= 2:
                            return Elements(source, depth + 1, walk, cancellationToken);
                        case "Select" when call.Arguments.Length == 2:
                            return DelegateReturns(call.Arguments[1].Value, depth + 1, walk, cancellationToken, source);
                        default:
                            return Provenance.Unknown;
                    }

                case IInvocationOperation call:
                    // A sequence a source method returns (made fresh or not: every value it returns is followed).
                    return Returns(call.TargetMethod, depth, walk, cancellationToken, elements: true);
                default:
                    return Provenance.Unknown;
            }
        }

        private Provenance AllOf(ImmutableArray<IOperation> values, int depth, Walk walk, CancellationToken cancellationToken)
        {
            var result = Provenance.Complete;
            foreach (var element in values)
            {
                result = Min(result, Of(element, depth + 1, walk, cancellationToken));
                if (result == Provenance.Unknown)
                {
                    break;
                }
            }

            return result;
        }

        private bool IsLinq(IMethodSymbol method)
        {
            return (method.ReducedFrom ?? method).ContainingType.Is(Types.Enumerable);
        }

        private bool IsDictionary(ITypeSymbol? type) =>
            type is INamedTypeSymbol { IsGenericType: true } named
            && (named.OriginalDefinition.Is(Types.ConcurrentDictionary) || named.OriginalDefinition.Is(Types.Dictionary));

        /// <summary>
        /// Every value ever written to a local (its initializer and simple assignments), as a task or, with
        /// <paramref name="elements"/>, as a sequence of tasks. A local passed by ref/out, deconstructed into, or (for
        /// sequences) written element-wise or handed to anything but a Task, TaskFactory or LINQ method is unknown.
        /// </summary>
        private Provenance OfLocal(ILocalSymbol local, bool elements, int depth, Walk walk, CancellationToken cancellationToken)
        {
            if (local.IsRef || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator)
            {
                return Provenance.Unknown;
            }

            var scope = declarator.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax
                or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or GlobalStatementSyntax or ArrowExpressionClauseSyntax);
            if (scope is null)
            {
                return Provenance.Unknown;
            }

            var model = ModelOf(declarator.SyntaxTree, walk);
            var result = Provenance.Complete;
            var assigned = false;
            if (declarator.Initializer is { } initializer)
            {
                if (model.GetOperation(initializer.Value, cancellationToken) is not { } first)
                {
                    return Provenance.Unknown;
                }

                assigned = true;
                result = elements && IsFreshSizedArray(local, first) ? Provenance.Complete
                    : elements ? Elements(first, depth + 1, walk, cancellationToken) : Of(first, depth + 1, walk, cancellationToken);
            }

            foreach (var node in scope.DescendantNodes())
            {
                if (result == Provenance.Unknown)
                {
                    return result;
                }

                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != local.Name
                    || !model.GetSymbolInfo(identifier, cancellationToken).Symbol.Is(local))
                {
                    continue;
                }

                if (identifier.Parent is AssignmentExpressionSyntax assignment && assignment.Left == identifier)
                {
                    if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                        || model.GetOperation(assignment.Right, cancellationToken) is not { } written)
                    {
                        return Provenance.Unknown;
                    }

                    assigned = true;
                    result = Min(result, elements ? Elements(written, depth + 1, walk, cancellationToken) : Of(written, depth + 1, walk, cancellationToken));
                }
                else if (IsWrittenSyntax(identifier))
                {
                    return Provenance.Unknown;
                }
                else if (elements && ArrayElementWrite(local, identifier, model, cancellationToken) is { } element)
                {
                    result = Min(result, Of(element, depth + 1, walk, cancellationToken));
                }
                else if (elements && !IsReadOnlyUseOfSequence(identifier, model, cancellationToken))
                {
                    return Provenance.Unknown;
                }
            }

            return assigned ? result : Provenance.Unknown;
        }

        /// <summary>A use of a sequence local that cannot change its elements.</summary>
        private bool IsReadOnlyUseOfSequence(IdentifierNameSyntax identifier, SemanticModel model, CancellationToken cancellationToken)
        {
            switch (identifier.Parent)
            {
                case ElementAccessExpressionSyntax element when element.Expression == identifier:
                    return !(element.Parent is AssignmentExpressionSyntax assignment && assignment.Left == element)
                        && element.Parent is not (ArgumentSyntax { RefKindKeyword.RawKind: not 0 } or RefExpressionSyntax);
                case MemberAccessExpressionSyntax access when access.Expression == identifier:
                    if (access.Name.Identifier.ValueText is "Length" or "Count" && access.Parent is not InvocationExpressionSyntax)
                    {
                        return true;
                    }

                    return access.Parent is InvocationExpressionSyntax call
                        && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol method && IsReader(method);
                case ArgumentSyntax { RefKindKeyword.RawKind: 0, Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } }:
                    return model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol callee && IsReader(callee);
                case ForEachStatementSyntax loop when loop.Expression == identifier:
                    return true;
                default:
                    return false;
            }
        }

        private bool IsReader(IMethodSymbol method)
        {
            var type = (method.ReducedFrom ?? method).ContainingType;
            return type.Is(_types.Task) || _types.IsTaskFactory(type) || IsLinq(method);
        }

        /// <summary>
        /// Every value written to a field: its initializer and every write in the type that can see it (the field is
        /// private, or every containing type up to a private one). Interlocked.Exchange/CompareExchange write their value.
        /// </summary>
        private Provenance OfField(IFieldSymbol field, int depth, Walk walk, CancellationToken cancellationToken)
        {
            field = field.OriginalDefinition;
            return Summary(_fields, field, depth, walk, cancellationToken, (key, d, w, c) => ComputeField((IFieldSymbol)key, d, w, c));
        }

        private Provenance ComputeField(IFieldSymbol field, int depth, Walk walk, CancellationToken cancellationToken)
        {
            if (!IsOwn(field) || field.IsConst || Scope(field) is not { } scope)
            {
                return Provenance.Unknown;
            }

            var result = Provenance.Complete;
            foreach (var reference in field.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer: { } initializer } declarator)
                {
                    var model = ModelOf(declarator.SyntaxTree, walk);
                    result = Min(result, model.GetOperation(initializer.Value, cancellationToken) is { } value
                        ? Of(value, depth + 1, walk, cancellationToken)
                        : Provenance.Unknown);
                }
            }

            foreach (var identifier in References(field, scope, cancellationToken))
            {
                if (result == Provenance.Unknown)
                {
                    return result;
                }

                var model = ModelOf(identifier.SyntaxTree, walk);
                var expression = AccessOf(identifier);
                switch (expression.Parent)
                {
                    case AssignmentExpressionSyntax assignment when assignment.Left == expression:
                        result = Min(result, assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression)
                            ? WrittenValue(assignment.Right, model, depth, walk, cancellationToken)
                            : Provenance.Unknown);
                        break;
                    case ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword, Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax exchange } }
                        when model.GetOperation(exchange, cancellationToken) is IInvocationOperation swap
                            && swap.TargetMethod.ContainingType.Is(Types.Interlocked)
                            && swap.TargetMethod.Name is "Exchange" or "CompareExchange":
                        var written = Provenance.Unknown;
                        foreach (var argument in swap.Arguments)
                        {
                            if (argument.Parameter is { Ordinal: 1 })
                            {
                                written = Of(argument.Value, depth + 1, walk, cancellationToken);
                            }
                        }

                        result = Min(result, written);
                        break;
                    case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword):
                    case ArgumentSyntax { Parent: TupleExpressionSyntax }:
                    case RefExpressionSyntax:
                    case MemberBindingExpressionSyntax:
                        return Provenance.Unknown;
                }
            }

            return result;
        }

        private Provenance WrittenValue(ExpressionSyntax value, SemanticModel model, int depth, Walk walk, CancellationToken cancellationToken) =>
            model.GetOperation(value, cancellationToken) is { } operation ? Of(operation, depth + 1, walk, cancellationToken) : Provenance.Unknown;

        /// <summary>
        /// The values of an effectively private dictionary field of tasks: what every GetOrAdd, TryAdd, AddOrUpdate,
        /// TryUpdate, Add and indexer assignment in the type that can see it writes. Unknown when the field is assigned
        /// anything but an empty new dictionary, or is used other than as the receiver of such calls, of reads, or as the
        /// source of a LINQ query (it would escape).
        /// </summary>
        private Provenance DictionaryValues(IOperation dictionary, int depth, Walk walk, CancellationToken cancellationToken)
        {
            dictionary = Strip(dictionary);
            if (dictionary is not IFieldReferenceOperation { Field: { } field })
            {
                return Provenance.Unknown;
            }

            field = field.OriginalDefinition;
            return Summary(_dictionaries, field, depth, walk, cancellationToken, (key, d, w, c) => ComputeDictionary((IFieldSymbol)key, d, w, c));
        }

        private Provenance ComputeDictionary(IFieldSymbol field, int depth, Walk walk, CancellationToken cancellationToken)
        {
            if (!IsOwn(field) || !IsDictionary(field.Type) || Scope(field) is not { } scope)
            {
                return Provenance.Unknown;
            }

            foreach (var reference in field.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer: { } initializer }
                    && !IsEmptyDictionary(initializer.Value, ModelOf(reference.SyntaxTree, walk), cancellationToken))
                {
                    return Provenance.Unknown;
                }
            }

            var result = Provenance.Complete;
            using var references = References(field, scope, cancellationToken).GetEnumerator();
            while (result != Provenance.Unknown && references.MoveNext())
            {
                var expression = AccessOf(references.Current);
                var model = ModelOf(expression.SyntaxTree, walk);
                switch (expression.Parent)
                {
                    case AssignmentExpressionSyntax assignment when assignment.Left == expression:
                        if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || !IsEmptyDictionary(assignment.Right, model, cancellationToken))
                        {
                            return Provenance.Unknown;
                        }

                        break;
                    case MemberAccessExpressionSyntax member when member.Expression == expression:
                        if (member.Parent is InvocationExpressionSyntax invocation && invocation.Expression == member)
                        {
                            result = Min(result, OnDictionaryCall(invocation, model, depth, walk, cancellationToken));
                        }
                        else if (member.Name.Identifier.ValueText is not ("Count" or "IsEmpty" or "Keys" or "Values")
                            || member.Parent is AssignmentExpressionSyntax or ArgumentSyntax { RefKindKeyword.RawKind: not 0 })
                        {
                            return Provenance.Unknown;
                        }

                        break;
                    case ElementAccessExpressionSyntax element when element.Expression == expression:
                        if (element.Parent is AssignmentExpressionSyntax set && set.Left == element)
                        {
                            result = Min(result, set.IsKind(SyntaxKind.SimpleAssignmentExpression) ? WrittenValue(set.Right, model, depth, walk, cancellationToken) : Provenance.Unknown);
                        }
                        else if (element.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 } or RefExpressionSyntax)
                        {
                            return Provenance.Unknown;
                        }

                        break;
                    case ArgumentSyntax { RefKindKeyword.RawKind: 0, Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }
                        when model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol callee && IsLinq(callee):
                        break;
                    default:
                        return Provenance.Unknown;
                }
            }

            return result;
        }

        private Provenance OnDictionaryCall(InvocationExpressionSyntax invocation, SemanticModel model, int depth, Walk walk, CancellationToken cancellationToken)
        {
            if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation call)
            {
                return Provenance.Unknown;
            }

            if (IsLinq(call.TargetMethod))
            {
                return Provenance.Complete;
            }

            switch (call.TargetMethod.Name)
            {
                case "TryGetValue" or "ContainsKey" or "TryRemove" or "Remove" or "Clear" or "GetEnumerator" or "ToArray" or "TryPeek":
                    return Provenance.Complete;
                case "GetOrAdd" or "TryAdd" or "Add" or "AddOrUpdate" or "TryUpdate":
                    var result = Provenance.Complete;
                    foreach (var argument in call.Arguments)
                    {
                        var parameter = argument.Parameter;
                        if (parameter is null || parameter.Ordinal == 0)
                        {
                            continue;
                        }

                        // The key, the comparison value of TryUpdate and a factory's extra argument are no values of the dictionary.
                        if (parameter.Name is "comparisonValue" or "factoryArgument")
                        {
                            continue;
                        }

                        result = Min(result, argument.Value.Type is INamedTypeSymbol { TypeKind: TypeKind.Delegate }
                            ? DelegateReturns(argument.Value, depth + 1, walk, cancellationToken)
                            : Of(argument.Value, depth + 1, walk, cancellationToken));
                    }

                    return result;
                default:
                    return Provenance.Unknown;
            }
        }

        private bool IsEmptyDictionary(ExpressionSyntax value, SemanticModel model, CancellationToken cancellationToken)
        {
            if (model.GetOperation(value, cancellationToken) is not { } operation
                || Invocations.WithoutImplicitConversions(operation) is not IObjectCreationOperation { Initializer: null } creation
                || !IsDictionary(creation.Type))
            {
                return false;
            }

            foreach (var argument in creation.Arguments)
            {
                // A comparer or the concurrency level and capacity; a collection argument would bring values.
                if (argument.Parameter?.Type is not ({ SpecialType: SpecialType.System_Int32 } or INamedTypeSymbol { Name: "IEqualityComparer" }))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The type every reference to <paramref name="field"/> is inside: its own type when the field is private,
        /// else the type that contains the first private type around it. Null when code elsewhere can reach it.
        /// </summary>
        private static INamedTypeSymbol? Scope(IFieldSymbol field)
        {
            if (field.DeclaredAccessibility == Accessibility.Private)
            {
                return field.ContainingType;
            }

            for (var type = field.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.DeclaredAccessibility == Accessibility.Private)
                {
                    return type.ContainingType;
                }
            }

            return null;
        }

        /// <summary>Every identifier in <paramref name="scope"/>'s declarations that binds to <paramref name="field"/>.</summary>
        private IEnumerable<IdentifierNameSyntax> References(IFieldSymbol field, INamedTypeSymbol scope, CancellationToken cancellationToken)
        {
            foreach (var declaration in scope.DeclaringSyntaxReferences)
            {
                var root = declaration.GetSyntax(cancellationToken);
                SemanticModel? model = null;
                foreach (var node in root.DescendantNodes())
                {
                    if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == field.Name)
                    {
                        model ??= ModelOf(root.SyntaxTree);
                        var info = model.GetSymbolInfo(identifier, cancellationToken);
                        if (Binds(info.Symbol, field) || (info.Symbol is null && info.CandidateSymbols.Any(c => Binds(c, field))))
                        {
                            yield return identifier;
                        }
                    }
                }
            }
        }

        private static bool Binds(ISymbol? symbol, IFieldSymbol field) => symbol is IFieldSymbol bound && bound.OriginalDefinition.Is(field);

        /// <summary>Declared in this compilation (a project reference's source symbols have syntax of another compilation).</summary>
        private bool IsOwn(ISymbol symbol) => symbol.ContainingAssembly.Is(_compilation.Assembly);

        private SemanticModel ModelOf(SyntaxTree tree, Walk walk) => walk.Model.SyntaxTree == tree ? walk.Model : ModelOf(tree);

        private SemanticModel ModelOf(SyntaxTree tree)
        {
#pragma warning disable RS1030 // Only for a would-be AG0103 finding, for a producer declared in another file; cached summaries per symbol.
            return _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
        }
    }
}
