namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>How an entry of <see cref="SyncByNature"/> is treated.</summary>
    internal enum SyncKind
    {
        /// <summary>Never waits on a device, a lock or another thread: silent always.</summary>
        NonBlocking,

        /// <summary>
        /// May run short callbacks inline; the async form gains nothing while they are quick: silent by default, reported
        /// with <c>dotnet_diagnostic.AG0102.report_sync_preferred = true</c>.
        /// </summary>
        SyncPreferred,
    }

    /// <summary>When an entry applies beyond its type and member.</summary>
    internal enum SyncCondition
    {
        /// <summary>Every call of the member (every member, for a receiver entry).</summary>
        Always,

        /// <summary>The timeout (first argument) is a constant 0 or TimeSpan.Zero: a try-acquire that returns at once.</summary>
        ZeroTimeout,

        /// <summary>The receiver is not visibly a writer over a Stream (`PipeWriter.Create(stream)`).</summary>
        NotOverStream,

        /// <summary>The reader does not visibly come from ExecuteReader(Async)(CommandBehavior.SequentialAccess ..): its current row is buffered.</summary>
        NotSequential,

        /// <summary>
        /// The async member is the base class's fallback that runs the sync member synchronously, and no class between
        /// the receiver's static type and that base overrides it.
        /// </summary>
        BaseFallbackNotOverridden,
    }

    /// <summary>One documented entry: an API that is synchronous by nature or sync-preferred, and why.</summary>
    internal readonly struct SyncEntry(string type, string? member, SyncKind kind, SyncCondition condition, string reason)
    {
        /// <summary>Metadata name of the type (derived types match too).</summary>
        public string Type { get; } = type;

        /// <summary>The member (the sync call, or for <see cref="SyncCondition.BaseFallbackNotOverridden"/> the async one); null: every member, and the type as a receiver or `using` resource.</summary>
        public string? Member { get; } = member;

        public SyncKind Kind { get; } = kind;

        public SyncCondition Condition { get; } = condition;

        public string Reason { get; } = reason;
    }

    /// <summary>
    /// The knowledge base of APIs that do not block (issue 16, class 4), used wherever a rule asks "does this sync call
    /// block?" (AG0102 and what builds on its search). One table, a reason per entry (docs/rules/AG0102.md lists it);
    /// users extend it with <c>dotnet_diagnostic.AG0102.excluded_symbols</c> (types or Type.Member). Beside the table, two
    /// rules that need the code around the call: in-memory and console origins of a receiver (AsyncAlternatives), and a
    /// `Dispose()` on the path where `is IAsyncDisposable` was false (<see cref="IsAfterFailedAsyncDisposableCheck"/>).
    /// Types are resolved once per compilation, on first use; matching walks the receiver's base types through a dictionary.
    /// </summary>
    internal sealed class SyncByNature
    {
        public const string ReportSyncPreferredOption = "dotnet_diagnostic.AG0102.report_sync_preferred";

        private const string CompletionSource =
            "Set/TrySet of a TaskCompletionSource waits on nothing; it may run the awaiters inline (AG0209 reports that), and an Async-named twin (an extension of your own or a library's) can only move the same completion to the thread pool: no gain while awaiters are quick.";

        private const string InMemory = "In-memory buffer: reads, writes and flushes never wait on a device.";
        private const string DataFallback = "The base class runs the sync member synchronously: a provider that does not override the async member gains nothing from it.";

        public static readonly ImmutableArray<SyncEntry> Entries = ImmutableArray.Create(
            new SyncEntry("System.IO.MemoryStream", null, SyncKind.NonBlocking, SyncCondition.Always, InMemory),
            new SyncEntry("System.IO.UnmanagedMemoryStream", null, SyncKind.NonBlocking, SyncCondition.Always, InMemory),
            new SyncEntry("System.IO.StringReader", null, SyncKind.NonBlocking, SyncCondition.Always, InMemory),
            new SyncEntry("System.IO.StringWriter", null, SyncKind.NonBlocking, SyncCondition.Always, InMemory),
            new SyncEntry("System.Console", null, SyncKind.NonBlocking, SyncCondition.Always,
                "Console I/O: the async forms are no faster, and the user reads the output in order (also writers over Console.OpenStandardOutput/Error)."),
            new SyncEntry("System.Threading.SemaphoreSlim", "Wait", SyncKind.NonBlocking, SyncCondition.ZeroTimeout,
                "Wait(0) / Wait(TimeSpan.Zero) is a try-acquire: it returns at once."),
            new SyncEntry("System.Threading.WaitHandle", "WaitOne", SyncKind.NonBlocking, SyncCondition.ZeroTimeout,
                "WaitOne(0) polls the handle: it returns at once."),
            new SyncEntry("System.IO.Pipelines.PipeReader", "Complete", SyncKind.NonBlocking, SyncCondition.Always,
                "Completing the reader releases its buffers; nothing waits."),
            new SyncEntry("System.IO.Pipelines.PipeWriter", "Complete", SyncKind.NonBlocking, SyncCondition.NotOverStream,
                "Completing a Pipe's writer (Pipe.Writer, a duplex pipe's Output) signals the reader in memory; a writer made by PipeWriter.Create(stream) flushes to its stream and stays reported."),
            new SyncEntry("System.Threading.CancellationTokenSource", "Cancel", SyncKind.SyncPreferred, SyncCondition.Always,
                "Cancel runs the registered callbacks inline and CancelAsync only moves them to the thread pool: no gain while callbacks are quick."),
            new SyncEntry("System.Threading.Tasks.TaskCompletionSource", null, SyncKind.SyncPreferred, SyncCondition.Always, CompletionSource),
            new SyncEntry("System.Threading.Tasks.TaskCompletionSource`1", null, SyncKind.SyncPreferred, SyncCondition.Always, CompletionSource),
            new SyncEntry("System.Threading.CancellationTokenRegistration", null, SyncKind.SyncPreferred, SyncCondition.Always,
                "Dispose (and `using`) waits only for a callback that is running at that moment: no gain while callbacks are quick."),
            new SyncEntry("System.Data.Common.DbDataReader", "IsDBNull", SyncKind.NonBlocking, SyncCondition.NotSequential,
                "After Read/ReadAsync the current row is buffered unless the command ran with CommandBehavior.SequentialAccess: IsDBNullAsync gains nothing."),
            new SyncEntry("System.Data.Common.DbDataReader", "GetFieldValue", SyncKind.NonBlocking, SyncCondition.NotSequential,
                "After Read/ReadAsync the current row is buffered unless the command ran with CommandBehavior.SequentialAccess: GetFieldValueAsync gains nothing."),
            new SyncEntry("System.Threading.Timer", "Dispose", SyncKind.NonBlocking, SyncCondition.Always,
                "Timer.Dispose() returns at once; DisposeAsync waits for running callbacks, a different contract rather than an async twin."),
            new SyncEntry("System.Threading.ITimer", "Dispose", SyncKind.NonBlocking, SyncCondition.Always,
                "ITimer.Dispose() returns at once; DisposeAsync waits for running callbacks, a different contract rather than an async twin."),
            new SyncEntry("Microsoft.EntityFrameworkCore.IDbContextFactory`1", "CreateDbContext", SyncKind.SyncPreferred, SyncCondition.Always,
                "Creating a context opens no connection, and the interface's CreateDbContextAsync is a default method that only wraps CreateDbContext in a completed task: no gain unless a factory of your own overrides it with real async work."),
            new SyncEntry("System.Data.Common.DbCommand", "Dispose", SyncKind.NonBlocking, SyncCondition.Always,
                "Disposing a command frees client-side state only (parameters, the prepared handle is released with the connection): no I/O to await."),
            new SyncEntry("System.Data.Common.DbBatch", "Dispose", SyncKind.NonBlocking, SyncCondition.Always,
                "Disposing a batch frees client-side state only, as a command does."),
            new SyncEntry("System.IO.Stream", "DisposeAsync", SyncKind.NonBlocking, SyncCondition.BaseFallbackNotOverridden,
                "Stream.DisposeAsync calls Dispose: a stream that does not override it gains nothing from `await using`."),
            new SyncEntry("System.IO.TextWriter", "DisposeAsync", SyncKind.NonBlocking, SyncCondition.BaseFallbackNotOverridden,
                "TextWriter.DisposeAsync calls Dispose: a writer that does not override it gains nothing from `await using`."),
            new SyncEntry("System.Data.Common.DbConnection", null, SyncKind.NonBlocking, SyncCondition.BaseFallbackNotOverridden, DataFallback),
            new SyncEntry("System.Data.Common.DbCommand", null, SyncKind.NonBlocking, SyncCondition.BaseFallbackNotOverridden, DataFallback),
            new SyncEntry("System.Data.Common.DbDataReader", null, SyncKind.NonBlocking, SyncCondition.BaseFallbackNotOverridden, DataFallback),
            new SyncEntry("System.Data.Common.DbTransaction", null, SyncKind.NonBlocking, SyncCondition.BaseFallbackNotOverridden, DataFallback),
            new SyncEntry("System.Data.Common.DbBatch", null, SyncKind.NonBlocking, SyncCondition.BaseFallbackNotOverridden, DataFallback));

        private readonly Compilation _compilation;
        private readonly AsyncTypes _types;
        private static readonly ImmutableDictionary<string, SyncEntry[]> EntriesByName = GroupByName();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, SyncEntry[]> _byType =
            new System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, SyncEntry[]>(SymbolEqualityComparer.Default);
        private INamedTypeSymbol? _asyncDisposable;
        private INamedTypeSymbol? _timeSpan;
        private INamedTypeSymbol? _referenceAssemblyAttribute;
        private INamedTypeSymbol?[]? _wrappers;
        private volatile bool _resolvedExtras;

        public SyncByNature(AsyncTypes types)
        {
            _types = types;
            _compilation = types.Compilation;
        }

        /// <summary>
        /// The entries of a type definition. Looked up per type met (cached), by its metadata name and then confirmed with
        /// GetTypeByMetadataName: the same answer as resolving every entry's type up front, without a first call that pays
        /// the lookup of every entry type across all references.
        /// </summary>
        private SyncEntry[]? EntriesOf(INamedTypeSymbol type)
        {
            var definition = type.OriginalDefinition;
            if (!_byType.TryGetValue(definition, out var entries))
            {
                entries = EntriesByName.TryGetValue(MetadataName(definition), out var named)
                    && SymbolEqualityComparer.Default.Equals(_types.TypeNamed(named[0].Type), definition)
                    ? named
                    : Array.Empty<SyncEntry>();
                entries = _byType.GetOrAdd(definition, entries);
            }

            return entries.Length == 0 ? null : entries;
        }

        private static string MetadataName(INamedTypeSymbol type)
        {
            if (type.ContainingType is { } outer)
            {
                return MetadataName(outer) + "+" + type.MetadataName;
            }

            var name = type.MetadataName;
            for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            {
                name = ns.Name + "." + name;
            }

            return name;
        }

        private static ImmutableDictionary<string, SyncEntry[]> GroupByName()
        {
            var built = new Dictionary<string, SyncEntry[]>(StringComparer.Ordinal);
            foreach (var entry in Entries)
            {
                built[entry.Type] = built.TryGetValue(entry.Type, out var existing) ? Append(existing, entry) : new[] { entry };
            }

            return built.ToImmutableDictionary(StringComparer.Ordinal);
        }

        private static SyncEntry[] Append(SyncEntry[] entries, SyncEntry entry)
        {
            var result = new SyncEntry[entries.Length + 1];
            entries.CopyTo(result, 0);
            result[entries.Length] = entry;
            return result;
        }

        private void ResolveExtras()
        {
            if (!_resolvedExtras)
            {
                _asyncDisposable = _types.IAsyncDisposable;
                _timeSpan = _types.TypeNamed("System.TimeSpan");
                _referenceAssemblyAttribute = _types.TypeNamed("System.Runtime.CompilerServices.ReferenceAssemblyAttribute");
                _wrappers = new[]
                {
                    _types.TypeNamed("System.IO.Stream"),
                    _types.TypeNamed("System.IO.TextReader"),
                    _types.TypeNamed("System.IO.TextWriter"),
                    _types.TypeNamed("System.IO.BinaryReader"),
                    _types.TypeNamed("System.IO.BinaryWriter"),
                };
                _resolvedExtras = true;
            }
        }

        /// <summary>
        /// Before any binding: the call <paramref name="method"/> on a receiver of <paramref name="receiverType"/> (null for a
        /// static call) matches an Always / ZeroTimeout / NotOverStream entry (SyncPreferred ones only when not reported).
        /// </summary>
        public bool IsSilentCall(IInvocationOperation operation, IMethodSymbol method, ITypeSymbol? receiverType, bool reportSyncPreferred, CancellationToken cancellationToken)
        {
            for (var t = (receiverType as INamedTypeSymbol) ?? method.ContainingType; t != null; t = t.BaseType)
            {
                if (EntriesOf(t) is not { } entries)
                {
                    continue;
                }

                foreach (var entry in entries)
                {
                    if ((entry.Member is null || entry.Member == method.Name)
                        && (entry.Kind == SyncKind.NonBlocking || !reportSyncPreferred)
                        && Holds(entry.Condition, operation, cancellationToken))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private bool Holds(SyncCondition condition, IInvocationOperation operation, CancellationToken cancellationToken) => condition switch
        {
            SyncCondition.Always => true,
            SyncCondition.ZeroTimeout => IsZeroTimeout(operation),
            SyncCondition.NotOverStream => !IsWriterOverStream(operation, cancellationToken),
            SyncCondition.NotSequential => !IsSequentialReader(operation, cancellationToken),
            _ => false,
        };

        /// <summary>`Wait(0)`, `Wait(TimeSpan.Zero)`, `WaitOne(0, ..)`, `Wait(default(TimeSpan))`: the first argument is a zero timeout.</summary>
        public bool IsZeroTimeout(IInvocationOperation operation)
        {
            if (operation.Arguments.Length == 0)
            {
                return false;
            }

            var first = operation.Arguments[0];
            if (first.Parameter is null || first.Parameter.Ordinal != 0)
            {
                foreach (var argument in operation.Arguments)
                {
                    if (argument.Parameter?.Ordinal == 0)
                    {
                        first = argument;
                        break;
                    }
                }
            }

            var value = Invocations.WithoutImplicitConversions(first.Value);
            if (value.ConstantValue is { HasValue: true, Value: int milliseconds })
            {
                return milliseconds == 0;
            }

            ResolveExtras();
            return value switch
            {
                IFieldReferenceOperation { Field: { Name: "Zero", IsStatic: true } field } => field.ContainingType.Is(_timeSpan),
                IDefaultValueOperation or IObjectCreationOperation { Arguments.Length: 0 } => value.Type.Is(_timeSpan),
                _ => false,
            };
        }

        /// <summary>
        /// The initial value of the call's receiver when it is a local declared once, in the same file, with an initializer;
        /// and the model that binds it.
        /// </summary>
        private static bool TryGetReceiverInitializer(IInvocationOperation operation, CancellationToken cancellationToken, out ExpressionSyntax value, out SemanticModel model)
        {
            value = null!;
            model = null!;
            if (Invocations.Receiver(operation) is not ILocalReferenceOperation { Local: { } local } receiver
                || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initial } declarator
                || declarator.SyntaxTree != receiver.Syntax.SyntaxTree || operation.SemanticModel is not { } semanticModel)
            {
                return false;
            }

            value = initial;
            model = semanticModel;
            return true;
        }

        /// <summary>The receiver is a local initialised with `PipeWriter.Create(..)` (a writer over a stream).</summary>
        private static bool IsWriterOverStream(IInvocationOperation operation, CancellationToken cancellationToken) =>
            TryGetReceiverInitializer(operation, cancellationToken, out var value, out var model)
            && model.GetSymbolInfo(value, cancellationToken).Symbol is IMethodSymbol { Name: "Create", IsStatic: true } create
            && create.ContainingType?.Name == "PipeWriter" && create.Parameters.Length > 0 && create.Parameters[0].Type.Name == "Stream";

        /// <summary>The receiver is a local initialised with (an await of) a call given CommandBehavior.SequentialAccess.</summary>
        private static bool IsSequentialReader(IInvocationOperation operation, CancellationToken cancellationToken)
        {
            if (!TryGetReceiverInitializer(operation, cancellationToken, out var value, out var model))
            {
                return false;
            }

            var created = model.GetOperation(value, cancellationToken);
            while (created is IAwaitOperation or IConversionOperation or IInvocationOperation { TargetMethod.Name: "ConfigureAwait" })
            {
                created = created switch
                {
                    IAwaitOperation awaited => awaited.Operation,
                    IConversionOperation conversion => conversion.Operand,
                    IInvocationOperation configure => configure.Instance,
                    _ => null,
                };
            }

            if (created is not IInvocationOperation call)
            {
                return false;
            }

            foreach (var argument in call.Arguments)
            {
                if (argument.Value.Type is { Name: "CommandBehavior", TypeKind: TypeKind.Enum }
                    && (argument.Value.ConstantValue is not { HasValue: true, Value: int behavior } || (behavior & 16) != 0))
                {
                    // SequentialAccess (16), or a behavior not known here: assume sequential.
                    return true;
                }
            }

            return false;
        }

        /// <summary>A Stream, TextReader, TextWriter, BinaryReader or BinaryWriter (or derived): a wrapper whose first constructor argument it reads or writes.</summary>
        public bool IsIoWrapper(ITypeSymbol? type)
        {
            ResolveExtras();
            for (var t = type; t != null; t = t.BaseType)
            {
                foreach (var wrapper in _wrappers!)
                {
                    if (t.Is(wrapper))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// `using` of <paramref name="type"/> gains nothing from `await using`: a receiver entry (Member null) or a `Dispose`
        /// entry of an Always condition matches it (SyncPreferred ones only when not reported).
        /// </summary>
        public bool IsSilentResource(ITypeSymbol? type, bool reportSyncPreferred)
        {
            for (var t = type as INamedTypeSymbol; t != null; t = t.BaseType)
            {
                if (EntriesOf(t) is { } entries)
                {
                    foreach (var entry in entries)
                    {
                        if ((entry.Member is null || entry.Member == "Dispose") && entry.Condition == SyncCondition.Always
                            && (entry.Kind == SyncKind.NonBlocking || !reportSyncPreferred))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// <paramref name="alternative"/> is a base-class fallback of the table (DbCommand.ExecuteReaderAsync,
        /// Stream.DisposeAsync, ...) and no class from <paramref name="receiverType"/> up to the base overrides it. A class
        /// of a strong-named reference assembly (a contract, whose overrides may be left out) is assumed to override.
        /// </summary>
        public bool IsUnoverriddenFallback(IMethodSymbol alternative, ITypeSymbol? receiverType)
        {
            var declared = alternative.OriginalDefinition;
            while (declared.OverriddenMethod is { } overridden)
            {
                declared = overridden.OriginalDefinition;
            }

            if (declared.IsAbstract || declared.ContainingType is not { } baseType
                || EntriesOf(baseType) is not { } entries || !IsFallbackEntry(entries, declared.Name)
                || receiverType is not INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false } receiver)
            {
                return false;
            }

            // A non-virtual overload (DbConnection.OpenAsync()) forwards to the virtual one of its name (OpenAsync(CancellationToken)).
            var virtuals = ImmutableArray<IMethodSymbol>.Empty;
            if (declared.IsVirtual)
            {
                virtuals = ImmutableArray.Create(declared);
            }
            else
            {
                foreach (var member in baseType.GetMembers(declared.Name))
                {
                    if (member is IMethodSymbol { IsVirtual: true } overload)
                    {
                        virtuals = virtuals.Add(overload);
                    }
                    else if (member is IMethodSymbol { IsAbstract: true })
                    {
                        return false;
                    }
                }
            }

            if (virtuals.IsEmpty)
            {
                return false;
            }

            ResolveExtras();
            for (var t = receiver; t != null && !t.OriginalDefinition.Is(baseType); t = t.BaseType)
            {
                // An unsigned reference assembly is a project's own, made by the compiler: its overrides are all there (corpus16lib).
                // A few framework streams are known to inherit Stream.DisposeAsync unchanged (KnownStreamDisposals).
                if (IsReferenceAssembly(t.ContainingAssembly)
                    && !CompilerMadeReferenceAssemblies.ListsEveryOverride(t.ContainingAssembly)
                    && !(declared.Name == "DisposeAsync" && baseType.Name == "Stream" && KnownStreamDisposals.InheritsStreamDisposeAsync(t)))
                {
                    return false;
                }

                foreach (var member in t.GetMembers(declared.Name))
                {
                    if (member is IMethodSymbol { IsOverride: true } method)
                    {
                        foreach (var candidate in virtuals)
                        {
                            if (Overrides(method, candidate))
                            {
                                return false;
                            }
                        }
                    }
                }
            }

            return true;
        }

        private static bool IsFallbackEntry(SyncEntry[] entries, string name)
        {
            foreach (var entry in entries)
            {
                if (entry.Condition == SyncCondition.BaseFallbackNotOverridden && (entry.Member is null ? WellKnownApis.HasAsyncSuffix(name) : entry.Member == name))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Overrides(IMethodSymbol method, IMethodSymbol declared)
        {
            for (var m = method.OverriddenMethod; m != null; m = m.OverriddenMethod)
            {
                if (m.OriginalDefinition.Is(declared))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsReferenceAssembly(IAssemblySymbol? assembly)
        {
            if (assembly is null || _referenceAssemblyAttribute is null)
            {
                return assembly != null && assembly is not ISourceAssemblySymbol;
            }

            foreach (var attribute in assembly.GetAttributes())
            {
                if (attribute.AttributeClass.Is(_referenceAssemblyAttribute))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// `x.Dispose()` where `x is IAsyncDisposable` was just found false: the else branch of `if (x is IAsyncDisposable ..)`,
        /// the then branch of `if (x is not IAsyncDisposable)`, the false arm of `x is IAsyncDisposable a ? .. : x.Dispose()`, or
        /// after `if (x is IAsyncDisposable ..) { ..; return; }` in the same block.
        /// </summary>
        public bool IsAfterFailedAsyncDisposableCheck(IInvocationOperation operation, SemanticModel model, CancellationToken cancellationToken)
        {
            if (Invocations.Receiver(operation) is not { } receiver || ReferencedSymbol(receiver) is not { } symbol)
            {
                return false;
            }

            ResolveExtras();
            if (_asyncDisposable is null)
            {
                return false;
            }

            SyntaxNode child = operation.Syntax;
            for (var current = child.Parent; current != null; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case IfStatementSyntax ifStatement when child == ifStatement.Else && TestsAsyncDisposable(ifStatement.Condition, symbol, negated: false, model, cancellationToken):
                    case IfStatementSyntax negatedIf when child == negatedIf.Statement && TestsAsyncDisposable(negatedIf.Condition, symbol, negated: true, model, cancellationToken):
                    case ConditionalExpressionSyntax conditional when child == conditional.WhenFalse && TestsAsyncDisposable(conditional.Condition, symbol, negated: false, model, cancellationToken):
                        return true;
                    case BlockSyntax block when child is StatementSyntax statement:
                        foreach (var earlier in block.Statements)
                        {
                            if (earlier == statement)
                            {
                                break;
                            }

                            if (earlier is IfStatementSyntax { Else: null } guard && EndsWithJump(guard.Statement)
                                && TestsAsyncDisposable(guard.Condition, symbol, negated: false, model, cancellationToken))
                            {
                                return true;
                            }
                        }

                        break;
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                    case MemberDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }

        private static bool EndsWithJump(StatementSyntax statement)
        {
            while (statement is BlockSyntax { Statements.Count: > 0 } block)
            {
                statement = block.Statements[block.Statements.Count - 1];
            }

            return statement is ReturnStatementSyntax or ThrowStatementSyntax or ContinueStatementSyntax or BreakStatementSyntax;
        }

        private bool TestsAsyncDisposable(ExpressionSyntax condition, ISymbol symbol, bool negated, SemanticModel model, CancellationToken cancellationToken)
        {
            condition = condition.WalkDownParentheses();

            ExpressionSyntax? tested;
            SyntaxNode? type;
            switch (condition)
            {
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.IsExpression } isType when !negated:
                    tested = isType.Left;
                    type = isType.Right;
                    break;
                case IsPatternExpressionSyntax { Pattern: UnaryPatternSyntax { Pattern: var inner } } when negated:
                    tested = ((IsPatternExpressionSyntax)condition).Expression;
                    type = PatternType(inner);
                    break;
                case IsPatternExpressionSyntax pattern when !negated:
                    tested = pattern.Expression;
                    type = PatternType(pattern.Pattern);
                    break;
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not when negated:
                    return TestsAsyncDisposable(not.Operand, symbol, negated: false, model, cancellationToken);
                default:
                    return false;
            }

            return type != null
                && model.GetSymbolInfo(tested, cancellationToken).Symbol.Is(symbol)
                && _asyncDisposable.Is(model.GetTypeInfo(type, cancellationToken).Type ?? model.GetSymbolInfo(type, cancellationToken).Symbol as ITypeSymbol);
        }

        private static SyntaxNode? PatternType(PatternSyntax pattern) => pattern switch
        {
            DeclarationPatternSyntax declaration => declaration.Type,
            TypePatternSyntax typePattern => typePattern.Type,
            ConstantPatternSyntax constant => constant.Expression,
            RecursivePatternSyntax { Type: { } type } => type,
            _ => null,
        };

        private static ISymbol? ReferencedSymbol(IOperation receiver) => receiver switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
    }
}
