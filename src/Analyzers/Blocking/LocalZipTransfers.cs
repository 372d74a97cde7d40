using System.Collections.Concurrent;

namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0102's local zip transfers (issue 16, sixteenth pass; sync-preferred, reported with <c>report_sync_preferred</c>): the
    /// zip helpers of <c>System.IO.Compression</c> that move bytes between the local file system and an archive that is itself
    /// a local file or memory.
    /// <list type="bullet">
    /// <item><c>ZipFile.ExtractToDirectory(path, dir, ..)</c> and <c>ZipFile.CreateFromDirectory(dir, path, ..)</c> given paths only
    /// (no stream argument).</item>
    /// <item><c>archive.ExtractToDirectory(dir, ..)</c>, <c>archive.CreateEntryFromFile(path, name, ..)</c> and
    /// <c>entry.ExtractToFile(path, ..)</c>, where the entry is a foreach variable over <c>archive.Entries</c> (or over a never
    /// reassigned local made by <c>System.Linq.Enumerable</c> calls on it) or a never reassigned local made by
    /// <c>archive.GetEntry(..)</c>, and the archive a local of the same function, never reassigned, made by
    /// <c>ZipFile.Open*(path, ..)</c> (a local file), or by <c>new ZipArchive(stream[, mode, ..])</c> /
    /// <c>ZipArchive.CreateAsync(stream, mode, ..)</c> in read or update mode (a constant; read-mode archives need a seekable
    /// stream or copy a non-seekable one into memory, update-mode ones a seekable stream, and keep every entry written in memory
    /// until disposal) or in create mode over a local stream: a value typed <c>FileStream</c> or <c>MemoryStream</c>, a local
    /// initialised with one, or a parameter never assigned of a method no other assembly can call whose every call in the
    /// compilation passes a local stream (two calls deep).</item>
    /// </list>
    /// The async forms (only from .NET 10) do the same local disk I/O: on Linux and macOS .NET runs the reads and writes of a
    /// file opened for asynchronous I/O as synchronous calls queued to the thread pool, so a pool thread is held either way, and
    /// the (de)compression between them is CPU work. Still reported: an archive over a stream of any other kind in create mode
    /// (a network stream, a response body: the entry's bytes are written to it as they are compressed), a mode not known at
    /// compile time, an archive that is a field, a parameter or a method's result, a reassigned archive or entry local, a method
    /// callers of another assembly can reach.
    /// Eighteenth pass (w2a): the <c>using</c> of such an archive in constant create or update mode over a local stream (or
    /// opened from a path in such a mode), not opened here for asynchronous I/O, is sync-preferred too
    /// (<see cref="IsLocalArchiveUsing"/>): its disposal writes the central directory or the updated archive into that file.
    /// </summary>
    internal sealed class LocalZipTransfers
    {
        /// <summary>How far a stream parameter is followed to its callers (a caller's own parameter once more).</summary>
        private const int MaxCallerDepth = 2;

        /// <summary>The most calls of one method read to prove its stream argument.</summary>
        private const int MaxCallSites = 16;

        private readonly AsyncTypes _types;
        private readonly ConcurrentDictionary<(IMethodSymbol Method, int Ordinal), bool> _localParameters =
            new ConcurrentDictionary<(IMethodSymbol Method, int Ordinal), bool>(new MethodOrdinalComparer());

        private INamedTypeSymbol? _zipFile;
        private INamedTypeSymbol? _zipFileExtensions;
        private INamedTypeSymbol? _zipArchive;
        private INamedTypeSymbol? _stream;
        private INamedTypeSymbol? _fileStream;
        private INamedTypeSymbol? _memoryStream;
        private INamedTypeSymbol? _enumerable;
        private bool _internalsVisible;
        private volatile bool _resolved;

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AsyncTypes, LocalZipTransfers> PerCompilation =
            new System.Runtime.CompilerServices.ConditionalWeakTable<AsyncTypes, LocalZipTransfers>();

        private LocalZipTransfers(AsyncTypes types)
        {
            _types = types;
        }

        /// <summary>The compilation's instance (its caches live as long as the compilation's <see cref="AsyncTypes"/>).</summary>
        public static LocalZipTransfers For(AsyncTypes types) => PerCompilation.GetValue(types, static t => new LocalZipTransfers(t));

        /// <summary>For a candidate only: a local zip transfer, silent unless <c>report_sync_preferred</c> is set.</summary>
        public static bool IsQuiet(IInvocationOperation operation, AsyncTypes types, AnalyzerOptions options, CancellationToken cancellationToken) =>
            operation.TargetMethod is { IsStatic: true, Name: "ExtractToFile" or "ExtractToDirectory" or "CreateEntryFromFile" or "CreateFromDirectory" }
            && For(types).IsLocalTransfer(operation, cancellationToken)
            && !AsyncAlternatives.ReportsSyncPreferred(options.AnalyzerConfigOptionsProvider.GetOptions(operation.Syntax.SyntaxTree));

        /// <summary>A zip helper call whose every byte goes between the local file system and a local-file or in-memory archive.</summary>
        public bool IsLocalTransfer(IInvocationOperation operation, CancellationToken cancellationToken)
        {
            var method = operation.TargetMethod;
            if (!method.IsStatic || method.Name is not ("ExtractToFile" or "ExtractToDirectory" or "CreateEntryFromFile" or "CreateFromDirectory"))
            {
                return false;
            }

            Resolve();
            if (method.ContainingType.Is(_zipFile))
            {
                return method.Name is "ExtractToDirectory" or "CreateFromDirectory" && !HasStreamParameter(method);
            }

            if (!method.ContainingType.Is(_zipFileExtensions) || operation.SemanticModel is not { } model
                || EnclosingFunction.Find(operation.Syntax) is not { } function)
            {
                return false;
            }

            IOperation? source = null;
            foreach (var argument in operation.Arguments)
            {
                if (argument.Parameter?.Ordinal == 0)
                {
                    source = Invocations.WithoutImplicitConversions(argument.Value);
                }
            }

            if (source is not ILocalReferenceOperation { Local: { } local })
            {
                return false;
            }

            var archive = method.Name == "ExtractToFile" ? ArchiveOfEntry(local, function, model, cancellationToken) : local;
            return archive != null && IsLocalArchive(archive, function, model, cancellationToken);
        }

        private void Resolve()
        {
            if (_resolved)
            {
                return;
            }

            // A benign race: every thread stores the same symbols.
            _zipFile = _types.TypeNamed("System.IO.Compression.ZipFile");
            _zipFileExtensions = _types.TypeNamed("System.IO.Compression.ZipFileExtensions");
            _zipArchive = _types.TypeNamed("System.IO.Compression.ZipArchive");
            _stream = _types.TypeNamed("System.IO.Stream");
            _fileStream = _types.TypeNamed("System.IO.FileStream");
            _memoryStream = _types.TypeNamed("System.IO.MemoryStream");
            _enumerable = _types.TypeNamed("System.Linq.Enumerable");
            var internalsVisibleTo = _types.TypeNamed("System.Runtime.CompilerServices.InternalsVisibleToAttribute");
            foreach (var attribute in _types.Compilation.Assembly.GetAttributes())
            {
                if (internalsVisibleTo is null ? attribute.AttributeClass is { Name: "InternalsVisibleToAttribute" } : attribute.AttributeClass.Is(internalsVisibleTo))
                {
                    _internalsVisible = true;
                }
            }

            _resolved = true;
        }

        private bool HasStreamParameter(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type.InheritsOrImplements(_stream))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The archive local an entry local comes from: a foreach over its Entries (possibly filtered by LINQ), or its GetEntry.</summary>
        private ILocalSymbol? ArchiveOfEntry(ILocalSymbol entry, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            if (entry.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var declaration = entry.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            if (declaration.SyntaxTree != model.SyntaxTree || EnclosingFunction.Find(declaration) != function)
            {
                return null;
            }

            IOperation? holder;
            if (declaration is ForEachStatementSyntax forEach)
            {
                if (model.GetOperation(forEach, cancellationToken) is not IForEachLoopOperation { Collection: { } collection })
                {
                    return null;
                }

                holder = EntriesHolder(Invocations.WithoutImplicitConversions(collection), function, model, 0, cancellationToken);
            }
            else
            {
                holder = SyncFileReaders.DeclaredInitializer(entry, model, cancellationToken) is { } initial
                    && Invocations.WithoutImplicitConversions(initial) is IInvocationOperation { TargetMethod.Name: "GetEntry", Instance: { } archive } getEntry
                    && getEntry.TargetMethod.ContainingType.Is(_zipArchive)
                    && SyncFileReaders.NeverReassigned(entry, function, model, cancellationToken)
                    ? Invocations.WithoutImplicitConversions(archive)
                    : null;
            }

            return holder is ILocalReferenceOperation { Local: { } local } ? local : null;
        }

        /// <summary>The archive whose `Entries` a collection is, directly, through LINQ calls, or through a never reassigned local made so.</summary>
        private IOperation? EntriesHolder(IOperation collection, SyntaxNode function, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            if (depth > 4)
            {
                return null;
            }

            switch (collection)
            {
                case IPropertyReferenceOperation { Property.Name: "Entries", Instance: { } instance } entries when entries.Property.ContainingType.Is(_zipArchive):
                    return Invocations.WithoutImplicitConversions(instance);
                case IInvocationOperation { TargetMethod: { IsStatic: true } linq, Arguments: { Length: > 0 } arguments } when linq.ContainingType.Is(_enumerable):
                    return EntriesHolder(Invocations.WithoutImplicitConversions(arguments[0].Value), function, model, depth + 1, cancellationToken);
                case ILocalReferenceOperation { Local: { } local }
                    when local.DeclaringSyntaxReferences.Length == 1
                        && EnclosingFunction.Find(local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken)) == function
                        && SyncFileReaders.DeclaredInitializer(local, model, cancellationToken) is { } initial
                        && SyncFileReaders.NeverReassigned(local, function, model, cancellationToken):
                    return EntriesHolder(Invocations.WithoutImplicitConversions(initial), function, model, depth + 1, cancellationToken);
                default:
                    return null;
            }
        }

        /// <summary>An archive local of this function, never reassigned, opened over a local file or in read or update mode, or in create mode over a local stream.</summary>
        private bool IsLocalArchive(ILocalSymbol archive, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken) =>
            IsLocalArchive(archive, function, model, localStreamOnly: false, cancellationToken);

        /// <summary>
        /// For a `using` AG0102 is about to report (sixteenth pass, w2a): its one resource is a <c>ZipArchive</c> local whose
        /// every byte stays on the local machine: opened from a path (<c>ZipFile.Open*</c>), or made in constant create or update
        /// mode over a local stream (<see cref="IsLocalStream"/>: a <c>FileStream</c> or <c>MemoryStream</c>, a local made as
        /// one, a parameter every caller of a method no other assembly can call gives one) that the function did not open for
        /// asynchronous I/O. Its disposal writes the central directory (create mode) or the updated archive (update mode) into
        /// that local file: local file I/O, sync-preferred like the transfers into the archive.
        /// Still reported: an archive over a stream of any other kind, a file opened here for asynchronous I/O, a mode not known
        /// at compile time, and read-mode archives (their disposal closes the stream, which may hold unflushed writes: the
        /// read-stream classes decide them).
        /// </summary>
        public bool IsLocalArchiveUsing(IOperation operation, CancellationToken cancellationToken)
        {
            var resources = UsingResources.Of(operation);
            if (resources is not IVariableDeclarationGroupOperation { Declarations: { Length: 1 } declarations }
                || declarations[0].Declarators is not { Length: 1 } declarators
                || declarators[0].Symbol is not { } local
                || local.Type is not INamedTypeSymbol { Name: "ZipArchive" } type
                || operation.SemanticModel is not { } model || EnclosingFunction.Find(operation.Syntax) is not { } function)
            {
                return false;
            }

            Resolve();
            return type.Is(_zipArchive) && IsLocalArchive(local, function, model, localStreamOnly: true, cancellationToken);
        }

        private bool IsLocalArchive(ILocalSymbol archive, SyntaxNode function, SemanticModel model, bool localStreamOnly, CancellationToken cancellationToken)
        {
            if (archive.DeclaringSyntaxReferences.Length != 1
                || EnclosingFunction.Find(archive.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken)) != function
                || SyncFileReaders.DeclaredInitializer(archive, model, cancellationToken) is not { } initial
                || !SyncFileReaders.NeverReassigned(archive, function, model, cancellationToken))
            {
                return false;
            }

            ImmutableArray<IArgumentOperation> arguments;
            switch (Invocations.Produced(initial))
            {
                case IInvocationOperation { TargetMethod: { IsStatic: true } opener } open when opener.ContainingType.Is(_zipFile):
                    // ZipFile.Open/OpenRead(Async) take a path: the archive is a local file (for a disposal: in constant create or
                    // update mode; a read-mode archive's disposal is left to the read-stream classes).
                    return opener.Name.StartsWith("Open", StringComparison.Ordinal) && !HasStreamParameter(opener) && open.Arguments.Length > 0
                        && (!localStreamOnly || WritesOnDisposal(open.Arguments));
                case IInvocationOperation { TargetMethod: { IsStatic: true, Name: "CreateAsync" } create } made when create.ContainingType.Is(_zipArchive):
                    arguments = made.Arguments;
                    break;
                case IObjectCreationOperation { Constructor: { } constructor } creation when constructor.ContainingType.Is(_zipArchive):
                    arguments = creation.Arguments;
                    break;
                default:
                    return false;
            }

            IOperation? stream = null;
            int? mode = 0; // the constructor without a mode opens the archive for reading
            foreach (var argument in arguments)
            {
                if (argument.Parameter is not { } parameter)
                {
                    return false;
                }

                if (parameter.Type.InheritsOrImplements(_stream))
                {
                    stream = Invocations.WithoutImplicitConversions(argument.Value);
                }
                else if (parameter.Type is { Name: "ZipArchiveMode", TypeKind: TypeKind.Enum })
                {
                    mode = Invocations.WithoutImplicitConversions(argument.Value).ConstantValue is { HasValue: true, Value: int value } ? value : null;
                }
            }

            // Read (0) and Update (2) read from a seekable stream or a copy in memory, and buffer updates in memory; Create (1)
            // writes each entry to the stream as it is compressed: that stream must be local.
            if (localStreamOnly)
            {
                // A disposal: create or update mode (a read-mode archive's disposal is ReadStreams' to decide: it closes a
                // stream that may hold unflushed writes) over a local stream not opened here for asynchronous I/O.
                return stream != null && mode is 1 or 2 && IsLocalStream(stream, function, model, 0, cancellationToken)
                    && !OpenedForAsyncIo(stream, model, cancellationToken);
            }

            return stream != null && (mode is 0 or 2 || (mode == 1 && IsLocalStream(stream, function, model, 0, cancellationToken)));
        }

        /// <summary>A constant create or update mode among the arguments of <c>ZipFile.Open(Async)</c>.</summary>
        private static bool WritesOnDisposal(ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Type is { Name: "ZipArchiveMode", TypeKind: TypeKind.Enum }
                    && Invocations.WithoutImplicitConversions(argument.Value).ConstantValue is { HasValue: true, Value: 1 or 2 })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A file the function opens (in place or as a local's initializer) asking for asynchronous I/O: <c>useAsync: true</c>,
        /// <c>isAsync: true</c>, <c>FileOptions</c> with <c>Asynchronous</c> or not known here, or any <c>FileStreamOptions</c>.
        /// </summary>
        private static bool OpenedForAsyncIo(IOperation stream, SemanticModel model, CancellationToken cancellationToken)
        {
            var made = Invocations.Produced(stream);
            if (made is ILocalReferenceOperation { Local: { } local } && SyncFileReaders.DeclaredInitializer(local, model, cancellationToken) is { } initial)
            {
                made = Invocations.Produced(initial);
            }

            var arguments = made switch
            {
                IObjectCreationOperation creation => creation.Arguments,
                IInvocationOperation call => call.Arguments,
                _ => ImmutableArray<IArgumentOperation>.Empty,
            };
            foreach (var argument in arguments)
            {
                var value = Invocations.WithoutImplicitConversions(argument.Value).ConstantValue;
                switch (argument.Parameter)
                {
                    case { Name: "useAsync" or "isAsync", Type.SpecialType: SpecialType.System_Boolean } when !(value.HasValue && value.Value is false):
                    case { Type: { Name: "FileOptions", TypeKind: TypeKind.Enum } } when !(value.HasValue && value.Value is int options && (options & 0x40000000) == 0):
                    case { Type.Name: "FileStreamOptions" }:
                        return true;
                }
            }

            return false;
        }

        /// <summary>A stream that is a local file or memory: typed so, a local made so, or a parameter every caller gives one.</summary>
        private bool IsLocalStream(IOperation value, SyntaxNode function, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            if (IsLocalStreamType(value.Type))
            {
                return true;
            }

            switch (value)
            {
                case ILocalReferenceOperation { Local: { } local }:
                    return local.DeclaringSyntaxReferences.Length == 1
                        && SyncFileReaders.DeclaredInitializer(local, model, cancellationToken) is { } initial
                        && IsLocalStreamType(Invocations.Produced(initial).Type)
                        && SyncFileReaders.NeverReassigned(local, function, model, cancellationToken);
                case IParameterReferenceOperation { Parameter: { RefKind: RefKind.None, ContainingSymbol: IMethodSymbol method } parameter } when depth < MaxCallerDepth:
                    if (!IsCallableOnlyHere(method) || method.DeclaringSyntaxReferences.Length != 1
                        || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) != function
                        || IsParameterWritten(parameter, function, model, cancellationToken))
                    {
                        return false;
                    }

                    if (depth == 0)
                    {
                        var key = (method.OriginalDefinition, parameter.Ordinal);
                        return _localParameters.TryGetValue(key, out var known)
                            ? known
                            : _localParameters.GetOrAdd(key, EveryCallPassesLocalStream(method, parameter.Ordinal, depth, cancellationToken));
                    }

                    return EveryCallPassesLocalStream(method, parameter.Ordinal, depth, cancellationToken);
                default:
                    return false;
            }
        }

        private bool IsLocalStreamType(ITypeSymbol? type) => type.InheritsOrImplements(_fileStream) || type.InheritsOrImplements(_memoryStream);

        /// <summary>
        /// An ordinary method no other assembly can call: private, or internal (itself or through a containing type) in an
        /// assembly that shows its internals to none; not virtual, an override, an interface member or an implementation of one.
        /// </summary>
        private bool IsCallableOnlyHere(IMethodSymbol method)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern
                || !method.ExplicitInterfaceImplementations.IsEmpty
                || method.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct } type)
            {
                return false;
            }

            foreach (var contract in type.AllInterfaces)
            {
                if (!contract.GetMembers(method.Name).IsEmpty)
                {
                    return false; // it may implement an interface member another assembly calls
                }
            }

            if (method.DeclaredAccessibility == Accessibility.Private)
            {
                return true;
            }

            var hidden = false;
            for (ISymbol? symbol = method; symbol is INamedTypeSymbol or IMethodSymbol; symbol = symbol.ContainingType)
            {
                if (symbol.DeclaredAccessibility is Accessibility.Private or Accessibility.Internal or Accessibility.ProtectedAndInternal)
                {
                    hidden = true;
                }
            }

            return hidden && !_internalsVisible;
        }

        private static bool IsParameterWritten(IParameterSymbol parameter, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var node in function.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != parameter.Name)
                {
                    continue;
                }

                if (model.GetOperation(identifier, cancellationToken) is not IParameterReferenceOperation reference)
                {
                    if (model.GetSymbolInfo(identifier, cancellationToken).Symbol.Is(parameter))
                    {
                        return true; // a use the operation tree does not show
                    }

                    continue;
                }

                if (reference.Parameter.Is(parameter)
                    && (reference.Parent is IAssignmentOperation { Target: var target } && target == reference
                        || reference.Parent is ICoalesceAssignmentOperation
                        || VariableWrites.IsWriteBesidesAssignment(reference.Parent)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Every call of <paramref name="method"/> in the compilation's trees (at least one, at most <see cref="MaxCallSites"/>)
        /// passes a local stream for the parameter; the method is named nowhere else (a method group could be called with anything).
        /// </summary>
        private bool EveryCallPassesLocalStream(IMethodSymbol method, int ordinal, int depth, CancellationToken cancellationToken)
        {
            method = method.OriginalDefinition;
            var facts = _types.MethodFacts;
            var calls = 0;
            foreach (var tree in _types.Compilation.SyntaxTrees)
            {
                var root = tree.GetRoot(cancellationToken);
                SemanticModel? model = null;
                foreach (var token in root.DescendantTokens())
                {
                    if (!token.IsKind(SyntaxKind.IdentifierToken) || token.ValueText != method.Name || token.Parent is not SimpleNameSyntax name
                        || name.Parent is MethodDeclarationSyntax)
                    {
                        continue;
                    }

                    model ??= facts.ModelOf(tree);
                    if (model is null)
                    {
                        return false;
                    }

                    var symbol = model.GetSymbolInfo(name, cancellationToken);
                    var named = symbol.Symbol ?? (symbol.CandidateSymbols.Length > 0 ? symbol.CandidateSymbols[0] : null);
                    if (named is not IMethodSymbol referenced || !referenced.OriginalDefinition.Is(method))
                    {
                        if (symbol.Symbol is null && symbol.CandidateSymbols.Length > 1)
                        {
                            return false;
                        }

                        continue;
                    }

                    SyntaxNode invoked = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                    if (invoked.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != invoked
                        || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation call
                        || ++calls > MaxCallSites
                        || EnclosingFunction.Find(invocation) is not { } caller
                        || !PassesLocalStream(call, ordinal, caller, model, depth, cancellationToken))
                    {
                        return false;
                    }
                }
            }

            return calls > 0;
        }

        private bool PassesLocalStream(IInvocationOperation call, int ordinal, SyntaxNode caller, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Ordinal == ordinal)
                {
                    return argument.ArgumentKind == ArgumentKind.Explicit
                        && IsLocalStream(Invocations.WithoutImplicitConversions(argument.Value), caller, model, depth + 1, cancellationToken);
                }
            }

            return false;
        }

        private sealed class MethodOrdinalComparer : IEqualityComparer<(IMethodSymbol Method, int Ordinal)>
        {
            public bool Equals((IMethodSymbol Method, int Ordinal) x, (IMethodSymbol Method, int Ordinal) y) =>
                x.Ordinal == y.Ordinal && SymbolEqualityComparer.Default.Equals(x.Method, y.Method);

            public int GetHashCode((IMethodSymbol Method, int Ordinal) obj) =>
                SymbolEqualityComparer.Default.GetHashCode(obj.Method) * 31 + obj.Ordinal;
        }
    }
}
