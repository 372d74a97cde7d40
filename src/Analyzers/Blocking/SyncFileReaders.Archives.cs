namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// SyncFileReaders' archive entries (issue 16, eighth pass; sync-preferred): <c>entry.Open()</c> where the entry is a
    /// foreach variable over <c>archive.Entries</c> or a local (never reassigned) made by <c>archive.GetEntry(..)</c>, and the
    /// archive a `using` local opened in read mode over a local file opened for synchronous I/O (<c>ZipFile.OpenRead(path)</c>,
    /// <c>ZipFile.Open(path, ZipArchiveMode.Read)</c>, or <c>new ZipArchive(file, ZipArchiveMode.Read, ..)</c> over such a
    /// file). <c>OpenAsync</c> reads the entry's header through the same synchronous handle: the read is queued to the thread
    /// pool as the same synchronous read. Still reported: an archive over another stream, in another mode, or opened with
    /// <c>ZipFile.OpenReadAsync</c> (an asynchronous handle).
    /// </summary>
    internal sealed partial class SyncFileReaders
    {
        private INamedTypeSymbol? _zipArchiveEntry;
        private INamedTypeSymbol? _zipFile;
        private INamedTypeSymbol? _zipArchive;

        private bool IsEntryOpenOnSyncArchive(IInvocationOperation operation, SemanticModel model, CancellationToken cancellationToken)
        {
            _zipArchiveEntry ??= _types.TypeNamed("System.IO.Compression.ZipArchiveEntry");
            _zipFile ??= _types.TypeNamed("System.IO.Compression.ZipFile");
            _zipArchive ??= _types.TypeNamed("System.IO.Compression.ZipArchive");
            if (operation.TargetMethod is not { Name: "Open", Parameters.Length: 0, IsStatic: false } method || !method.ContainingType.Is(_zipArchiveEntry)
                || operation.Instance is null
                || Invocations.WithoutImplicitConversions(operation.Instance) is not ILocalReferenceOperation { Local: { } entry }
                || EntrySource(entry, operation, model, cancellationToken) is not ILocalReferenceOperation { Local: { } archive }
                || UsingInitializer(archive, model, cancellationToken) is not { } made)
            {
                return false;
            }

            switch (Invocations.WithoutImplicitConversions(made))
            {
                case IInvocationOperation { TargetMethod: { IsStatic: true } opener } call when opener.ContainingType.Is(_zipFile):
                    return opener.Name == "OpenRead" || (opener.Name == "Open" && IsReadModeArgument(call.Arguments, required: true));
                case IObjectCreationOperation { Constructor: { } constructor } creation when constructor.ContainingType.Is(_zipArchive):
                    if (!IsReadModeArgument(creation.Arguments, required: false))
                    {
                        return false;
                    }

                    foreach (var argument in creation.Arguments)
                    {
                        if (IsStream(argument.Parameter?.Type))
                        {
                            return IsSyncFileStream(Invocations.WithoutImplicitConversions(argument.Value), model, cancellationToken);
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        /// <summary>The archive an entry local comes from: <c>foreach (var e in archive.Entries)</c> or <c>var e = archive.GetEntry(..)</c>.</summary>
        private static IOperation? EntrySource(ILocalSymbol entry, IOperation use, SemanticModel model, CancellationToken cancellationToken)
        {
            if (entry.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var declaration = entry.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            if (declaration.SyntaxTree != model.SyntaxTree)
            {
                return null;
            }

            if (declaration is ForEachStatementSyntax forEach)
            {
                return model.GetOperation(forEach, cancellationToken) is IForEachLoopOperation { Collection: { } collection }
                    && Invocations.WithoutImplicitConversions(collection) is IPropertyReferenceOperation { Property.Name: "Entries", Instance: { } instance }
                    ? Invocations.WithoutImplicitConversions(instance)
                    : null;
            }

            return DeclaredInitializer(entry, model, cancellationToken) is { } initial
                && Invocations.WithoutImplicitConversions(initial) is IInvocationOperation { TargetMethod.Name: "GetEntry", Instance: { } archive }
                && EnclosingFunction.Find(use.Syntax) is { } function
                && NeverReassigned(entry, function, model, cancellationToken)
                ? Invocations.WithoutImplicitConversions(archive)
                : null;
        }

        /// <summary>The ZipArchiveMode argument is the constant Read (0); with no mode argument, <paramref name="required"/> decides.</summary>
        private static bool IsReadModeArgument(ImmutableArray<IArgumentOperation> arguments, bool required)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Type is { Name: "ZipArchiveMode", TypeKind: TypeKind.Enum } modeType
                    && modeType.ContainingNamespace?.ToDisplayString() == "System.IO.Compression")
                {
                    return Invocations.WithoutImplicitConversions(argument.Value).ConstantValue is { HasValue: true, Value: 0 };
                }
            }

            return !required;
        }
    }
}
