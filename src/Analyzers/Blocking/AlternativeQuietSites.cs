namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0102's classes of candidate findings an expert keeps synchronous, decided from the operation tree of the candidate
    /// only (asked after a candidate was found, never per node):
    /// <list type="bullet">
    /// <item><b>Local files opened for synchronous I/O</b> (sync-preferred, reported with <c>report_sync_preferred</c>): a
    /// <c>StreamWriter</c>/<c>StreamReader</c> made from a path (<c>new StreamWriter(path)</c>, <c>File.CreateText</c>,
    /// <c>File.AppendText</c>, <c>File.OpenText</c>) or a <c>FileStream</c> opened read-only without
    /// <c>FileOptions.Asynchronous</c> (<c>File.OpenRead</c>, <c>File.Open(.., FileAccess.Read)</c>). Their handle is not
    /// opened for asynchronous I/O, so the async forms run the same synchronous file I/O on a pool thread; the writes are
    /// buffered, and a read-only stream has nothing to flush on dispose. Also (<see cref="SyncFileReaders"/>): reads through
    /// readers over such files (and objects made only from them), and the disposal of a temporary file opened with
    /// FileOptions.DeleteOnClose for synchronous I/O.</item>
    /// <item><b>`using` on both paths of a dual sync/async implementation</b> (reported with <c>report_dual_path_using</c>)
    /// of a resource made by a call that was given the function's own flag: the resource was created for the path that
    /// runs; <c>await using</c> would make the sync path asynchronous too.</item>
    /// </list>
    /// </summary>
    internal sealed class AlternativeQuietSites
    {
        /// <summary>The .editorconfig key that reports `using` on both paths of dual implementations anyway.</summary>
        public const string ReportDualPathUsingOption = "dotnet_diagnostic.AG0102.report_dual_path_using";

        private readonly INamedTypeSymbol? _file;
        private readonly INamedTypeSymbol? _fileStream;
        private readonly INamedTypeSymbol? _streamWriter;
        private readonly INamedTypeSymbol? _streamReader;
        private readonly INamedTypeSymbol? _textWriter;
        private readonly INamedTypeSymbol? _textReader;
        private readonly INamedTypeSymbol? _fileAccess;
        private readonly INamedTypeSymbol? _fileOptions;
        private readonly SyncFileReaders _readers;
        private readonly InMemoryCalls _memory;

        public AlternativeQuietSites(AsyncTypes types)
        {
            _readers = new SyncFileReaders(types);
            _memory = new InMemoryCalls(types);
            _file = types.TypeNamed("System.IO.File");
            _fileStream = types.TypeNamed("System.IO.FileStream");
            _streamWriter = types.TypeNamed("System.IO.StreamWriter");
            _streamReader = types.TypeNamed("System.IO.StreamReader");
            _textWriter = types.TypeNamed("System.IO.TextWriter");
            _textReader = types.TypeNamed("System.IO.TextReader");
            _fileAccess = types.TypeNamed("System.IO.FileAccess");
            _fileOptions = types.TypeNamed("System.IO.FileOptions");
        }

        /// <summary>A call whose receiver holds nothing but memory (never blocks): <see cref="InMemoryCalls"/>.</summary>
        public bool IsInMemoryCall(IInvocationOperation operation, CancellationToken cancellationToken) => _memory.IsInMemoryCall(operation, cancellationToken);

        /// <summary>A `using` of resources made over memory only (never blocks): <see cref="InMemoryCalls"/>.</summary>
        public bool IsInMemoryUsing(IOperation operation, CancellationToken cancellationToken) => _memory.IsInMemoryUsing(operation, cancellationToken);

        /// <summary><c>entry.Open()</c> on a read-mode archive the function constructs synchronously: <see cref="SyncFileReaders.IsEntryOpenOnReadArchive"/>.</summary>
        public bool IsReadArchiveEntryOpen(IInvocationOperation operation, CancellationToken cancellationToken) => _readers.IsEntryOpenOnReadArchive(operation, cancellationToken);

        public static bool ReportsDualPathUsing(AnalyzerConfigOptions options) => RuleOptions.GetBool(options, ReportDualPathUsingOption);

        /// <summary>
        /// A call on a reader or writer held in a `using` local made over a local file opened for synchronous I/O
        /// (<c>log.WriteLine(..)</c>, <c>log.Flush()</c> on <c>using var log = new StreamWriter(path)</c>). A `using` local
        /// cannot be reassigned, so its initializer is what the call runs on.
        /// </summary>
        public bool IsSyncFileCall(IInvocationOperation operation, CancellationToken cancellationToken)
        {
            // Reads through readers (and objects made only from readers) over files opened for synchronous I/O.
            if (_readers.IsReadThroughSyncFileReader(operation, cancellationToken))
            {
                return true;
            }

            if (operation.Instance is null
                || !(operation.TargetMethod.ContainingType.InheritsOrImplements(_textWriter) || operation.TargetMethod.ContainingType.InheritsOrImplements(_textReader))
                || Invocations.WithoutImplicitConversions(operation.Instance) is not ILocalReferenceOperation { Local: { } local })
            {
                return false;
            }

            foreach (var reference in local.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer: { } initializer, Parent: VariableDeclarationSyntax declaration }
                    || !(declaration.Parent is UsingStatementSyntax || declaration.Parent is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 }))
                {
                    return false;
                }

                var model = operation.SemanticModel;
                if (model is null || model.SyntaxTree != initializer.SyntaxTree
                    || model.GetOperation(initializer.Value, cancellationToken) is not { } value
                    || !IsSyncFileHandle(value, depth: 0))
                {
                    return false;
                }
            }

            return local.DeclaringSyntaxReferences.Length == 1;
        }

        /// <summary>
        /// Every resource of the `using` is a local file opened for synchronous I/O, or a temporary file opened so that a
        /// helper of this compilation returns (<see cref="ReturnedFiles"/>, eleventh pass).
        /// </summary>
        public bool IsSyncFileUsing(IOperation operation, CancellationToken cancellationToken = default) => AllResources(operation, value =>
            IsSyncFileHandle(value, depth: 0) || ReturnedFiles.EveryReturnIs(value, _readers.IsTemporaryFileOpen, cancellationToken));

        /// <summary>
        /// Every resource of the `using` is made by a call given the own flag of a dual implementation (directly, or under
        /// `await` / `ConfigureAwait`): <c>using var reader = await ExecuteReaderAsync(.., ioBehavior, ..)</c>.
        /// </summary>
        public static bool IsDualPathResource(IOperation operation, OwnFlag flag) => AllResources(operation, value => IsMadeWithFlag(value, flag));

        private static bool AllResources(IOperation operation, System.Func<IOperation, bool> test)
        {
            var resources = UsingResources.Of(operation);
            if (resources is IVariableDeclarationGroupOperation group)
            {
                var any = false;
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        var value = declarator.Initializer?.Value ?? declaration.Initializer?.Value;
                        if (value is null || !test(value))
                        {
                            return false;
                        }

                        any = true;
                    }
                }

                return any;
            }

            return resources != null && test(resources);
        }

        private static bool IsMadeWithFlag(IOperation value, OwnFlag flag)
        {
            value = Invocations.Produced(value);

            if (value is not IInvocationOperation call)
            {
                return false;
            }

            foreach (var argument in call.Arguments)
            {
                var given = Invocations.WithoutImplicitConversions(argument.Value);
                if (flag.Property is { } property)
                {
                    if (given is IPropertyReferenceOperation { Instance: IParameterReferenceOperation owner } read
                        && read.Property.Is(property)
                        && owner.Parameter.Is(flag.Parameter))
                    {
                        return true;
                    }
                }
                else if (given is IParameterReferenceOperation parameter && parameter.Parameter.Is(flag.Parameter))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A reader/writer or stream over a local file whose handle is opened for synchronous I/O: a path-taking
        /// StreamWriter/StreamReader constructor, File.CreateText/AppendText/OpenText, or a read-only FileStream
        /// (File.OpenRead, File.Open / new FileStream with FileAccess.Read and without FileOptions.Asynchronous or useAsync),
        /// or a StreamReader over one of those.
        /// </summary>
        private bool IsSyncFileHandle(IOperation value, int depth)
        {
            value = Invocations.WithoutImplicitConversions(value);
            switch (value)
            {
                case IInvocationOperation call when call.TargetMethod.IsStatic && call.TargetMethod.ContainingType.Is(_file):
                    switch (call.TargetMethod.Name)
                    {
                        case "OpenRead":
                            // A `using` of the read-only stream itself is ReadStreams' (its disposal has nothing to flush).
                            return depth > 0;
                        case "OpenText":
                        case "CreateText":
                        case "AppendText":
                            return true;
                        case "Open":
                            return depth > 0 && IsReadOnlySyncOpen(call.Arguments);
                        case "Create":
                            return _readers.IsTemporaryFileOpen(call);
                        default:
                            return false;
                    }

                case IObjectCreationOperation creation when creation.Constructor is { } constructor:
                    var type = constructor.ContainingType;
                    if (type.Is(_fileStream))
                    {
                        return (depth > 0 && IsReadOnlySyncOpen(creation.Arguments)) || _readers.IsTemporaryFileOpen(creation);
                    }

                    if (!type.Is(_streamWriter) && !type.Is(_streamReader)
                        || constructor.Parameters.Length == 0 || creation.Arguments.Length == 0)
                    {
                        return false;
                    }

                    if (constructor.Parameters[0].Type.SpecialType == SpecialType.System_String)
                    {
                        // new StreamWriter(path, ..) / new StreamReader(path, ..): a FileStream without FileOptions.Asynchronous,
                        // unless FileStreamOptions are given (they may ask for it).
                        foreach (var parameter in constructor.Parameters)
                        {
                            if (parameter.Type.Name == "FileStreamOptions")
                            {
                                return false;
                            }
                        }

                        return true;
                    }

                    // A reader over a read-only local file stream.
                    return type.Is(_streamReader) && depth == 0
                        && ArgumentFor(creation.Arguments, 0) is { } inner && IsSyncFileHandle(inner, depth + 1);

                default:
                    return false;
            }
        }

        /// <summary>File.Open / new FileStream(..) given FileAccess.Read, with no FileOptions.Asynchronous and no `useAsync: true`.</summary>
        private bool IsReadOnlySyncOpen(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
        {
            var readOnly = false;
            foreach (var argument in arguments)
            {
                if (argument.Parameter is not { } parameter)
                {
                    return false;
                }

                var constant = Invocations.WithoutImplicitConversions(argument.Value).ConstantValue;
                if (parameter.Type.Is(_fileAccess))
                {
                    readOnly = constant.HasValue && constant.Value is int access && access == 1; // FileAccess.Read
                }
                else if (parameter.Type.Is(_fileOptions))
                {
                    // FileOptions.Asynchronous = 0x40000000.
                    if (!constant.HasValue || constant.Value is not int options || (options & 0x40000000) != 0)
                    {
                        return false;
                    }
                }
                else if (parameter.Type.SpecialType == SpecialType.System_Boolean && argument.ArgumentKind == ArgumentKind.Explicit)
                {
                    if (!constant.HasValue || constant.Value is not false)
                    {
                        return false;
                    }
                }
                else if (parameter.Type.TypeKind != TypeKind.Enum && parameter.Type.SpecialType != SpecialType.System_String
                    && parameter.Type.SpecialType != SpecialType.System_Int32)
                {
                    // A SafeFileHandle, FileStreamOptions, ...: not decided here.
                    return false;
                }
            }

            return readOnly;
        }

        private static IOperation? ArgumentFor(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, int ordinal)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Ordinal == ordinal)
                {
                    return argument.Value;
                }
            }

            return null;
        }
    }
}
