namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0102's `using` of the stream of an entry of an update-mode zip archive (issue 16, ho4c held-out pass; Remotely's log
    /// zipper): the resource is <c>entry.Open()</c> on System.IO.Compression's <c>ZipArchiveEntry</c>, and the entry is the
    /// <c>CreateEntry(..)</c>/<c>GetEntry(..)</c> call itself, a local of the same function made by one of them and never
    /// assigned again, or the variable of a <c>foreach</c> over <c>archive.Entries</c>, where the archive is a local of the same
    /// function, never assigned again, made by <c>ZipFile.Open(.., ZipArchiveMode.Update, ..)</c>, <c>new ZipArchive(..,
    /// ZipArchiveMode.Update, ..)</c> or an awaited <c>ZipFile.OpenAsync</c>/<c>ZipArchive.CreateAsync</c> with that constant mode.
    /// In update mode every entry stream is a wrapper over the entry's in-memory copy of its data (dotnet/runtime's
    /// <c>ZipArchiveEntry.OpenInUpdateMode</c> hands out a stream over <c>UncompressedData</c>, a MemoryStream, without closing it
    /// on disposal): disposing it writes nothing. The archive writes every entry at its own disposal, which keeps its own rows.
    /// Only the disposal is silenced: the <c>Open()</c> of an existing entry (it loads the data) and copies into the stream keep
    /// their rules. Still reported: create mode (the entry stream writes the compressed data and the header into the archive's
    /// stream when disposed), a mode not known at compile time, an archive from a parameter, a field or another method, an entry
    /// or archive local assigned again, and another library's types of the same names.
    /// </summary>
    internal static class UpdateArchiveEntryStreams
    {
        private const int UpdateMode = 2;

        /// <summary>Whether <paramref name="value"/> is <c>entry.Open()</c> of an entry of an update-mode archive of this function.</summary>
        public static bool IsEntryStream(ExpressionSyntax? value, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            while (value is ParenthesizedExpressionSyntax parenthesized)
            {
                value = parenthesized.Expression;
            }

            // Syntax first: a parameterless call named Open; only then semantic queries.
            if (value is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Open" } }
                || types.TypeNamed("System.IO.Compression.ZipArchiveEntry") is not { } entryType
                || types.TypeNamed("System.IO.Compression.ZipArchive") is not { } archiveType
                || model.GetOperation(value, cancellationToken) is not IInvocationOperation { TargetMethod: { Name: "Open", Parameters.Length: 0, IsStatic: false } open, Instance: { } receiver }
                || !open.ContainingType.Is(entryType)
                || EnclosingFunction.Find(value) is not { } function)
            {
                return false;
            }

            return ArchiveOfEntry(Invocations.WithoutImplicitConversions(receiver), function, archiveType, model, cancellationToken) is { } archive
                && IsUpdateArchiveLocal(archive, function, archiveType, types.TypeNamed("System.IO.Compression.ZipFile"), model, cancellationToken);
        }

        /// <summary>The archive local an entry comes from, or null.</summary>
        private static ILocalSymbol? ArchiveOfEntry(IOperation entry, SyntaxNode function, INamedTypeSymbol archiveType, SemanticModel model, CancellationToken cancellationToken)
        {
            switch (entry)
            {
                case IInvocationOperation call:
                    return EntryCallArchive(call, archiveType);
                case ILocalReferenceOperation { Local: { RefKind: RefKind.None } local } when DeclaredIn(local, function, cancellationToken):
                    var declaration = local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
                    if (declaration is ForEachStatementSyntax forEach)
                    {
                        // The iteration variable cannot be assigned.
                        return model.GetOperation(forEach, cancellationToken) is IForEachLoopOperation { Collection: { } collection }
                            && Invocations.WithoutImplicitConversions(collection) is IPropertyReferenceOperation { Property: { Name: "Entries" } entries, Instance: { } holder }
                            && entries.ContainingType.Is(archiveType)
                            && Invocations.WithoutImplicitConversions(holder) is ILocalReferenceOperation { Local: { } archive }
                            ? archive
                            : null;
                    }

                    return EntryInitializer(declaration, model, cancellationToken) is { } made
                        && Invocations.WithoutImplicitConversions(made) is IInvocationOperation creation
                        && EntryCallArchive(creation, archiveType) is { } source
                        && SyncFileReaders.NeverReassigned(local, function, model, cancellationToken)
                        ? source
                        : null;
                default:
                    return null;
            }
        }

        /// <summary>
        /// The initializer of an entry local declared by a local declaration statement (`using` or not), seen through
        /// parentheses and a null-forgiving <c>!</c> (<c>var entry = archive.GetEntry(name)!;</c>).
        /// </summary>
        private static IOperation? EntryInitializer(SyntaxNode declaration, SemanticModel model, CancellationToken cancellationToken)
        {
            if (declaration is not VariableDeclaratorSyntax { Initializer.Value: { } value, Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax } }
                || value.SyntaxTree != model.SyntaxTree)
            {
                return null;
            }

            while (value is ParenthesizedExpressionSyntax or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression })
            {
                value = value is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : ((PostfixUnaryExpressionSyntax)value).Operand;
            }

            return model.GetOperation(value, cancellationToken);
        }

        /// <summary><c>archive.CreateEntry(..)</c> or <c>archive.GetEntry(..)</c> on a local archive.</summary>
        private static ILocalSymbol? EntryCallArchive(IInvocationOperation call, INamedTypeSymbol archiveType) =>
            call.TargetMethod is { Name: "CreateEntry" or "GetEntry", IsStatic: false } method
            && method.ContainingType.Is(archiveType)
            && call.Instance is { } instance
            && Invocations.WithoutImplicitConversions(instance) is ILocalReferenceOperation { Local: { } archive }
                ? archive
                : null;

        /// <summary>A local of <paramref name="function"/>, never assigned again, made in a constant update mode.</summary>
        private static bool IsUpdateArchiveLocal(ILocalSymbol archive, SyntaxNode function, INamedTypeSymbol archiveType, INamedTypeSymbol? zipFileType, SemanticModel model, CancellationToken cancellationToken)
        {
            if (archive.RefKind != RefKind.None || !DeclaredIn(archive, function, cancellationToken)
                || SyncFileReaders.DeclaredInitializer(archive, model, cancellationToken) is not { } made)
            {
                return false;
            }

            var creation = Invocations.WithoutImplicitConversions(made);
            if (creation is IAwaitOperation { Operation: { } awaited })
            {
                creation = Invocations.WithoutImplicitConversions(awaited);
                if (creation is IInvocationOperation { TargetMethod: { } configure } configured && configure.Name == "ConfigureAwait" && configured.Instance is { } task)
                {
                    creation = Invocations.WithoutImplicitConversions(task);
                }

                // ZipFile.OpenAsync / ZipArchive.CreateAsync (.NET 10).
                if (creation is not IInvocationOperation { TargetMethod: { IsStatic: true, Name: "OpenAsync" or "CreateAsync" } })
                {
                    return false;
                }
            }

            var arguments = creation switch
            {
                IObjectCreationOperation { Constructor: { } constructor } created when constructor.ContainingType.Is(archiveType) => created.Arguments,
                IInvocationOperation { TargetMethod: { IsStatic: true } opener } call
                    when (opener.Name is "Open" or "OpenAsync" && zipFileType is not null && opener.ContainingType.Is(zipFileType))
                        || (opener.Name == "CreateAsync" && opener.ContainingType.Is(archiveType)) => call.Arguments,
                _ => default,
            };

            return !arguments.IsDefault && HasUpdateMode(arguments)
                && SyncFileReaders.NeverReassigned(archive, function, model, cancellationToken);
        }

        private static bool HasUpdateMode(ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Type is { Name: "ZipArchiveMode", TypeKind: TypeKind.Enum })
                {
                    return Invocations.WithoutImplicitConversions(argument.Value).ConstantValue is { HasValue: true, Value: UpdateMode };
                }
            }

            return false;
        }

        private static bool DeclaredIn(ILocalSymbol local, SyntaxNode function, CancellationToken cancellationToken) =>
            local.DeclaringSyntaxReferences.Length == 1
            && EnclosingFunction.Find(local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken)) == function;
    }
}
