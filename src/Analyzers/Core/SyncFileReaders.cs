namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// AG0102's calls that read through a reader over a local file whose handle is opened for synchronous I/O (issue 16,
    /// sixth pass; sync-preferred, reported with <c>report_sync_preferred</c>): the call's receiver or arguments are
    /// `using` locals that are
    /// <list type="bullet">
    /// <item>a <c>StreamReader</c>/<c>BinaryReader</c> (or any <c>TextReader</c> made by <c>File.OpenText</c>) over such a
    /// file: <c>new StreamReader(path)</c>, or <c>new StreamReader(s)</c> where <c>s</c> is a `using` local made by
    /// <c>File.Open</c>/<c>File.OpenRead</c>/<c>File.OpenWrite</c>/<c>File.Create</c>/<c>new FileStream(path, ..)</c> without
    /// <c>FileOptions.Asynchronous</c> or <c>useAsync: true</c> (in any access mode: the call only reads), directly or as
    /// the value every <c>return</c> of a non-virtual method of this compilation gives (one call deep);</item>
    /// <item>or an object made (<c>new T(..)</c>, T not a stream) from nothing but such readers and plain values (a JSON
    /// token reader over a text reader): it was given nothing else to do I/O on.</item>
    /// </list>
    /// Every other argument is a plain value (a constant, a primitive, a string, an enum, a primitive array, a token).
    /// .NET's FileStream over a handle opened for synchronous I/O serves ReadAsync by queueing the same synchronous read
    /// to the thread pool (RandomAccess.ReadAtOffsetAsync: on Windows unless the handle is asynchronous, on Unix always),
    /// so the async form frees no thread and parses slower.
    /// </summary>
    internal sealed partial class SyncFileReaders
    {
        private const int FileOptionsAsynchronous = 0x40000000;
        private const int FileOptionsDeleteOnClose = 0x04000000;

        private readonly AsyncTypes _types;
        private INamedTypeSymbol? _file;
        private INamedTypeSymbol? _fileStream;
        private INamedTypeSymbol? _stream;
        private INamedTypeSymbol? _streamReader;
        private INamedTypeSymbol? _binaryReader;
        private INamedTypeSymbol? _textReader;
        private INamedTypeSymbol? _fileOptions;

        // Resolved on the first candidate, not at compilation start (most compilations never ask).
        public SyncFileReaders(AsyncTypes types)
        {
            _types = types;
        }

        /// <summary>Whether the candidate call reads through readers over local files opened for synchronous I/O only.</summary>
        public bool IsReadThroughSyncFileReader(IInvocationOperation operation, CancellationToken cancellationToken)
        {
            // A benign race: every thread stores the same symbols.
            _file ??= _types.TypeNamed("System.IO.File");
            _fileStream ??= _types.TypeNamed("System.IO.FileStream");
            _stream ??= _types.TypeNamed("System.IO.Stream");
            _streamReader ??= _types.TypeNamed("System.IO.StreamReader");
            _binaryReader ??= _types.TypeNamed("System.IO.BinaryReader");
            _textReader ??= _types.TypeNamed("System.IO.TextReader");
            _fileOptions ??= _types.TypeNamed("System.IO.FileOptions");
            if (_file is null || _stream is null || operation.SemanticModel is not { } model)
            {
                return false;
            }

            if (IsTemporaryFileDisposal(operation, model, cancellationToken) || IsEntryOpenOnSyncArchive(operation, model, cancellationToken))
            {
                return true;
            }

            var readers = 0;
            if (operation.Instance is { } instance)
            {
                if (!IsSyncReaderLocal(Invocations.WithoutImplicitConversions(instance), model, cancellationToken))
                {
                    return false;
                }

                readers++;
            }

            foreach (var argument in operation.Arguments)
            {
                var given = Invocations.WithoutImplicitConversions(argument.Value);
                if (IsPlainValue(argument, given))
                {
                    continue;
                }

                if (argument.Parameter is not { RefKind: RefKind.None } || !IsSyncReaderLocal(given, model, cancellationToken))
                {
                    return false;
                }

                readers++;
            }

            return readers > 0;
        }

        /// <summary>
        /// <c>file.Dispose()</c> / <c>file.Close()</c> of a local (never reassigned) made by <see cref="IsTemporaryFileOpen"/>:
        /// the flush writes bytes the close deletes, through a handle whose async write would queue the same synchronous write.
        /// </summary>
        private bool IsTemporaryFileDisposal(IInvocationOperation operation, SemanticModel model, CancellationToken cancellationToken)
        {
            var method = operation.TargetMethod;
            while (method.OverriddenMethod is { } overridden)
            {
                method = overridden;
            }

            return method is { Name: "Dispose" or "Close", Parameters.Length: 0 } && method.ContainingType.Is(_stream)
                && operation.Instance is { } instance
                && Invocations.WithoutImplicitConversions(instance) is ILocalReferenceOperation { Local: { } local }
                && DeclaredInitializer(local, model, cancellationToken) is { } made
                && IsTemporaryFileOpen(made)
                && EnclosingFunction.Find(operation.Syntax) is { } function
                && NeverReassigned(local, function, model, cancellationToken);
        }

        /// <summary>
        /// <c>new FileStream(path, .., options)</c> / <c>File.Create(path, size, options)</c> whose constant options ask for
        /// DeleteOnClose and not Asynchronous: a temporary file opened for synchronous I/O, deleted when it is closed.
        /// </summary>
        public bool IsTemporaryFileOpen(IOperation made)
        {
            _file ??= _types.TypeNamed("System.IO.File");
            _fileStream ??= _types.TypeNamed("System.IO.FileStream");
            _fileOptions ??= _types.TypeNamed("System.IO.FileOptions");
            made = Invocations.WithoutImplicitConversions(made);
            if (_fileOptions is null || !IsSyncHandleOpen(made))
            {
                return false;
            }

            var arguments = made switch
            {
                IInvocationOperation call => call.Arguments,
                IObjectCreationOperation creation => creation.Arguments,
                _ => ImmutableArray<IArgumentOperation>.Empty,
            };
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Type.Is(_fileOptions) == true
                    && Invocations.WithoutImplicitConversions(argument.Value).ConstantValue is { HasValue: true, Value: int options }
                    && (options & FileOptionsDeleteOnClose) != 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// An argument that carries no resource: a constant or default, a primitive or string, an enum, an array of those,
        /// a cancellation token or a text encoding.
        /// </summary>
        public static bool IsPlainValue(IArgumentOperation argument, IOperation given)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue || given.ConstantValue.HasValue)
            {
                return true;
            }

            if (given is IDefaultValueOperation { Type.IsValueType: true } || IsPlainStructCreation(given))
            {
                // default(Options), new Options { Indented = true }: a value made of constants.
                return true;
            }

            var type = given.Type;
            if (type is IArrayTypeSymbol array)
            {
                type = array.ElementType;
            }

            return type is not null
                && (type.TypeKind == TypeKind.Enum
                    || (type.SpecialType != SpecialType.None && type.SpecialType != SpecialType.System_Object)
                    || type is INamedTypeSymbol { Name: "CancellationToken", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }
                    || type.InheritsOrImplements(EncodingOf(type)));
        }

        /// <summary>A value type created from plain values, with an initializer (if any) that sets members to constants.</summary>
        private static bool IsPlainStructCreation(IOperation given)
        {
            if (given is not IObjectCreationOperation { Type.IsValueType: true } creation)
            {
                return false;
            }

            foreach (var argument in creation.Arguments)
            {
                if (!IsPlainValue(argument, Invocations.WithoutImplicitConversions(argument.Value)))
                {
                    return false;
                }
            }

            if (creation.Initializer is { } initializer)
            {
                foreach (var member in initializer.Initializers)
                {
                    if (member is not ISimpleAssignmentOperation { Value: { } value } || !Invocations.WithoutImplicitConversions(value).ConstantValue.HasValue)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>System.Text.Encoding in the type's own hierarchy (an encoding holds no resource).</summary>
        private static INamedTypeSymbol? EncodingOf(ITypeSymbol type)
        {
            for (var current = type as INamedTypeSymbol; current != null; current = current.BaseType)
            {
                if (current is { Name: "Encoding", ContainingNamespace: { Name: "Text", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } })
                {
                    return current;
                }
            }

            return null;
        }

        /// <summary>The initializer of a local declared by a `using` statement or declaration (it cannot be reassigned).</summary>
        public static IOperation? UsingInitializer(ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken) =>
            Initializer(local, model, usingOnly: true, cancellationToken);

        /// <summary>The initializer of a local declared by a declaration statement (`using` or not) with one.</summary>
        public static IOperation? DeclaredInitializer(ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken) =>
            Initializer(local, model, usingOnly: false, cancellationToken);

        private static IOperation? Initializer(ILocalSymbol local, SemanticModel model, bool usingOnly, CancellationToken cancellationToken)
        {
            if (local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer: { } initializer, Parent: VariableDeclarationSyntax declaration }
                || initializer.SyntaxTree != model.SyntaxTree)
            {
                return null;
            }

            var isUsing = declaration.Parent is UsingStatementSyntax || declaration.Parent is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 };
            if (usingOnly ? !isUsing : !(isUsing || declaration.Parent is LocalDeclarationStatementSyntax))
            {
                return null;
            }

            return model.GetOperation(initializer.Value, cancellationToken);
        }

        /// <summary>A `using` local that is a reader over a synchronous local file, or an object made only from such readers.</summary>
        private bool IsSyncReaderLocal(IOperation operation, SemanticModel model, CancellationToken cancellationToken)
        {
            if (operation is not ILocalReferenceOperation { Local: { } local } || IsStream(local.Type)
                || UsingInitializer(local, model, cancellationToken) is not { } made)
            {
                return false;
            }

            if (IsReader(local.Type))
            {
                return IsReaderOverSyncFile(made, model, cancellationToken);
            }

            if (Invocations.WithoutImplicitConversions(made) is not IObjectCreationOperation { Constructor: not null, Initializer: null } creation
                || IsStream(creation.Type))
            {
                return false;
            }

            var readers = 0;
            foreach (var argument in creation.Arguments)
            {
                var given = Invocations.WithoutImplicitConversions(argument.Value);
                if (IsPlainValue(argument, given))
                {
                    continue;
                }

                if (given is not ILocalReferenceOperation { Local: { } reader } || !IsReader(reader.Type)
                    || UsingInitializer(reader, model, cancellationToken) is not { } readerMade
                    || !IsReaderOverSyncFile(readerMade, model, cancellationToken))
                {
                    return false;
                }

                readers++;
            }

            return readers > 0;
        }

        private bool IsStream(ITypeSymbol? type) => type.InheritsOrImplements(_stream);

        private bool IsReader(ITypeSymbol? type) => type.InheritsOrImplements(_textReader) || type.InheritsOrImplements(_binaryReader);

        /// <summary><c>File.OpenText(path)</c>, <c>new StreamReader(path, ..)</c>, or a StreamReader/BinaryReader over a synchronous local file stream.</summary>
        private bool IsReaderOverSyncFile(IOperation made, SemanticModel model, CancellationToken cancellationToken)
        {
            var sources = 0;
            var reader = IsReaderMade(made, _file, _streamReader, _binaryReader, out var creation, out var constructor);
            if (creation is null || constructor is null)
            {
                // File.OpenText opens its file for synchronous reads; anything else is no reader.
                return reader;
            }

            foreach (var argument in creation.Arguments)
            {
                var given = Invocations.WithoutImplicitConversions(argument.Value);
                if (argument.Parameter is not { } parameter)
                {
                    return false;
                }

                if (parameter.Ordinal == 0 && parameter.Type.SpecialType == SpecialType.System_String && constructor.ContainingType.Is(_streamReader))
                {
                    sources++;
                }
                else if (IsStream(parameter.Type))
                {
                    if (!IsSyncFileStream(given, model, cancellationToken))
                    {
                        return false;
                    }

                    sources++;
                }
                else if (!IsPlainValue(argument, given))
                {
                    // FileStreamOptions (they may ask for asynchronous I/O), or anything else that is not a plain value.
                    return false;
                }
            }

            return sources == 1;
        }

        /// <summary>A file stream opened for synchronous I/O right there, or a `using` local made so (directly or by a method of this compilation).</summary>
        private bool IsSyncFileStream(IOperation given, SemanticModel model, CancellationToken cancellationToken)
        {
            if (IsSyncHandleOpen(given))
            {
                return true;
            }

            return given is ILocalReferenceOperation { Local: { } local }
                && UsingInitializer(local, model, cancellationToken) is { } made
                && (IsSyncHandleOpen(made) || ReturnsOnlySyncHandles(made, model, cancellationToken));
        }

        /// <summary>
        /// <c>File.Open(path, mode[, access[, share]])</c>, <c>File.OpenRead</c>, <c>File.OpenWrite</c>,
        /// <c>File.Create(path[, size[, options]])</c> or <c>new FileStream(path, ..)</c>, without FileOptions.Asynchronous,
        /// <c>useAsync: true</c>, FileStreamOptions or a handle.
        /// </summary>
        private bool IsSyncHandleOpen(IOperation value)
        {
            value = Invocations.WithoutImplicitConversions(value);
            ImmutableArray<IArgumentOperation> arguments;
            switch (value)
            {
                case IInvocationOperation { TargetMethod: { IsStatic: true } method } call when method.ContainingType.Is(_file)
                    && method.Name is "Open" or "OpenRead" or "OpenWrite" or "Create":
                    arguments = call.Arguments;
                    break;
                case IObjectCreationOperation { Constructor: { } constructor } creation when constructor.ContainingType.Is(_fileStream)
                    && constructor.Parameters.Length > 0 && constructor.Parameters[0].Type.SpecialType == SpecialType.System_String:
                    arguments = creation.Arguments;
                    break;
                default:
                    return false;
            }

            foreach (var argument in arguments)
            {
                if (argument.Parameter is not { } parameter)
                {
                    return false;
                }

                var constant = Invocations.WithoutImplicitConversions(argument.Value).ConstantValue;
                if (parameter.Type.Is(_fileOptions))
                {
                    if (!constant.HasValue || constant.Value is not int options || (options & FileOptionsAsynchronous) != 0)
                    {
                        return false;
                    }
                }
                else if (parameter.Type.SpecialType == SpecialType.System_Boolean)
                {
                    if (argument.ArgumentKind != ArgumentKind.DefaultValue && !(constant.HasValue && constant.Value is false))
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

            return true;
        }

        /// <summary>
        /// A call (possibly awaited, with ConfigureAwait) of a non-virtual method of this compilation whose every
        /// <c>return</c> gives a synchronous file open, directly or through a local of that method made so and never reassigned.
        /// </summary>
        private bool ReturnsOnlySyncHandles(IOperation made, SemanticModel model, CancellationToken cancellationToken)
        {
            made = Invocations.Produced(made);

            if (made is not IInvocationOperation call)
            {
                return false;
            }

            if (ReturnedFiles.SourceDeclaration(call, model, cancellationToken) is not { } declaration)
            {
                return false;
            }

            var calleeModel = model;
            if (declaration.SyntaxTree != model.SyntaxTree)
            {
#pragma warning disable RS1030 // The callee's file, only for a call AG0102 is about to report, one call deep.
                calleeModel = model.Compilation.GetSemanticModel(declaration.SyntaxTree);
#pragma warning restore RS1030
            }

            if (ReturnedFiles.ReturnedExpressions(declaration) is not { } returned)
            {
                return false;
            }

            foreach (var expression in returned)
            {
                var value = calleeModel.GetOperation(expression, cancellationToken);
                if (value is null)
                {
                    return false;
                }

                value = Invocations.WithoutImplicitConversions(value);
                if (IsSyncHandleOpen(value))
                {
                    continue;
                }

                if (value is not ILocalReferenceOperation { Local: { } local }
                    || DeclaredInitializer(local, calleeModel, cancellationToken) is not { } initial
                    || !IsSyncHandleOpen(initial)
                    || !NeverReassigned(local, declaration, calleeModel, cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>No reference to <paramref name="local"/> in <paramref name="scope"/> assigns it, passes it by reference or takes its address.</summary>
        public static bool NeverReassigned(ILocalSymbol local, SyntaxNode scope, SemanticModel model, CancellationToken cancellationToken) =>
            LocalReferences.All(local, scope, model, cancellationToken, static reference =>
            {
                switch (reference.Parent)
                {
                    case IAssignmentOperation assignment when assignment.Target == reference:
                    case IArgumentOperation { Parameter.RefKind: not RefKind.None }:
                    case IAddressOfOperation:
                    case ITupleOperation:
                        return false;
                }

                return true;
            });

        /// <summary>
        /// A reader made here: `File.OpenText(..)` (true, no creation), or `new StreamReader(..)` / `new BinaryReader(..)` (true,
        /// with its creation and constructor); false, and no creation, for anything else. Shared with AG0102's read-stream proof.
        /// </summary>
        internal static bool IsReaderMade(IOperation made, INamedTypeSymbol? file, INamedTypeSymbol? streamReader, INamedTypeSymbol? binaryReader,
            out IObjectCreationOperation? creation, out IMethodSymbol? constructor)
        {
            made = Invocations.WithoutImplicitConversions(made);
            creation = null;
            constructor = null;
            if (made is IInvocationOperation { TargetMethod: { IsStatic: true, Name: "OpenText", ContainingType: { } type } } && type.Is(file))
            {
                return true;
            }

            if (made is IObjectCreationOperation { Constructor: { } madeConstructor } madeCreation
                && (madeConstructor.ContainingType.Is(streamReader) || madeConstructor.ContainingType.Is(binaryReader)))
            {
                creation = madeCreation;
                constructor = madeConstructor;
                return true;
            }

            return false;
        }
    }
}
