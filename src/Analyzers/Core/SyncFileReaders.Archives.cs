namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// SyncFileReaders' archive entries (issue 16, eighth pass; sync-preferred): <c>entry.Open()</c> where the entry is a
    /// foreach variable over <c>archive.Entries</c> or a local (never reassigned) made by <c>archive.GetEntry(..)</c>, and the
    /// archive a `using` local opened in read mode over a local file opened for synchronous I/O (<c>ZipFile.OpenRead(path)</c>,
    /// <c>ZipFile.Open(path, ZipArchiveMode.Read)</c>, or <c>new ZipArchive(file, ZipArchiveMode.Read, ..)</c> over such a
    /// file). <c>OpenAsync</c> reads the entry's header through the same synchronous handle: the read is queued to the thread
    /// pool as the same synchronous read. Still reported: an archive over another stream, in another mode, or opened with
    /// <c>ZipFile.OpenReadAsync</c> (an asynchronous handle).
    /// <para>
    /// Ninth pass (read-mode archive entries; reported with <c>report_read_archive_entries</c>): <c>entry.Open()</c> of an entry
    /// taken the same way from any read-mode archive this function constructs synchronously (<c>new ZipArchive(stream[, Read, ..])</c>
    /// over any stream, <c>ZipFile.OpenRead</c>, <c>ZipFile.Open(.., Read)</c>), held in a local declared in the same function and
    /// never reassigned. A read-mode ZipArchive needs a seekable stream: given a non-seekable one, its constructor copies the whole
    /// stream into memory (synchronously) and reads from that copy; the constructor has also read the end of central directory,
    /// and <c>Entries</c>/<c>GetEntry</c> the central directory, synchronously from the same stream. In read mode, Open then reads
    /// only the entry's local header (a seek and a few dozen bytes) and wraps the data in a decompressing stream; nothing is written.
    /// Still reported: Update and Create mode, a mode not known here, an archive from elsewhere (a field, a parameter, a call of
    /// another method), and archives made by <c>ZipArchive.CreateAsync</c> / <c>ZipFile.OpenReadAsync</c>.
    /// </para>
    /// </summary>
    internal sealed partial class SyncFileReaders
    {
        private INamedTypeSymbol? _zipArchiveEntry;
        private INamedTypeSymbol? _zipFile;
        private INamedTypeSymbol? _zipArchive;

        /// <summary>The .editorconfig key that reports <c>entry.Open()</c> on read-mode archives the function constructs anyway.</summary>
        public const string ReportReadArchiveEntriesOption = "dotnet_diagnostic.AG0102.report_read_archive_entries";

        public static bool ReportsReadArchiveEntries(AnalyzerConfigOptions options) => RuleOptions.GetBool(options, ReportReadArchiveEntriesOption);

        /// <summary>
        /// <c>entry.Open()</c> of an entry of a read-mode archive the function constructs synchronously (ninth pass), except the
        /// eighth pass's archives over a local file opened for synchronous I/O (sync-preferred: <see cref="IsEntryOpenOnSyncArchive"/>).
        /// </summary>
        public bool IsEntryOpenOnReadArchive(IInvocationOperation operation, CancellationToken cancellationToken)
        {
            // A benign race: every thread stores the same symbols.
            _file ??= _types.TypeNamed("System.IO.File");
            _fileStream ??= _types.TypeNamed("System.IO.FileStream");
            _stream ??= _types.TypeNamed("System.IO.Stream");
            _fileOptions ??= _types.TypeNamed("System.IO.FileOptions");
            if (operation.SemanticModel is not { } model
                || ArchiveOfEntryOpen(operation, model, usingOnly: false, cancellationToken) is not { } made
                || !IsSyncReadArchiveCreation(made))
            {
                return false;
            }

            // The local-file archives stay the eighth pass's (reported with report_sync_preferred, whatever this option says).
            return !IsEntryOpenOnSyncArchive(operation, model, cancellationToken);
        }

        /// <summary>
        /// <c>new ZipArchive(stream[, ZipArchiveMode.Read, ..])</c>, <c>ZipFile.OpenRead(..)</c> or <c>ZipFile.Open(.., ZipArchiveMode.Read, ..)</c>:
        /// a read-mode archive constructed synchronously (its constructor already read the end of central directory, or copied a
        /// non-seekable stream into memory).
        /// </summary>
        private bool IsSyncReadArchiveCreation(IOperation made) =>
            Invocations.WithoutImplicitConversions(made) switch
            {
                IInvocationOperation { TargetMethod: { IsStatic: true } opener } call when opener.ContainingType.Is(_zipFile) =>
                    opener.Name == "OpenRead" || (opener.Name == "Open" && IsReadModeArgument(call.Arguments, required: true)),
                IObjectCreationOperation { Constructor: { } constructor } creation when constructor.ContainingType.Is(_zipArchive) =>
                    IsReadModeArgument(creation.Arguments, required: false) && HasStreamArgument(creation.Arguments),
                _ => false,
            };

        private bool HasStreamArgument(ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                if (IsStream(argument.Parameter?.Type))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The initializer of the archive local an opened entry comes from (<see cref="EntrySource"/>): a `using` local, or (unless
        /// <paramref name="usingOnly"/>) a local declared with an initializer in the same function and never reassigned.
        /// </summary>
        private IOperation? ArchiveOfEntryOpen(IInvocationOperation operation, SemanticModel model, bool usingOnly, CancellationToken cancellationToken)
        {
            _zipArchiveEntry ??= _types.TypeNamed("System.IO.Compression.ZipArchiveEntry");
            _zipFile ??= _types.TypeNamed("System.IO.Compression.ZipFile");
            _zipArchive ??= _types.TypeNamed("System.IO.Compression.ZipArchive");
            if (operation.TargetMethod is not { Name: "Open", Parameters.Length: 0, IsStatic: false } method || !method.ContainingType.Is(_zipArchiveEntry)
                || operation.Instance is null
                || Invocations.WithoutImplicitConversions(operation.Instance) is not ILocalReferenceOperation { Local: { } entry }
                || EntrySource(entry, operation, model, cancellationToken) is not ILocalReferenceOperation { Local: { } archive })
            {
                return null;
            }

            if (usingOnly)
            {
                return UsingInitializer(archive, model, cancellationToken);
            }

            // Declared in the function that opens the entry (not captured from an enclosing one).
            if (EnclosingFunction.Find(operation.Syntax) is not { } function || archive.DeclaringSyntaxReferences.Length != 1
                || EnclosingFunction.Find(archive.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken)) != function)
            {
                return null;
            }

            return UsingInitializer(archive, model, cancellationToken)
                ?? (DeclaredInitializer(archive, model, cancellationToken) is { } declared && NeverReassigned(archive, function, model, cancellationToken)
                    ? declared
                    : null);
        }

        private bool IsEntryOpenOnSyncArchive(IInvocationOperation operation, SemanticModel model, CancellationToken cancellationToken)
        {
            if (ArchiveOfEntryOpen(operation, model, usingOnly: true, cancellationToken) is not { } made)
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
