namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// Issue 16, eleventh pass (debdns): <c>entry.Open()</c> of an entry the function has just made with
    /// <c>archive.CreateEntry(..)</c> does no I/O, so its <c>OpenAsync</c> twin gains nothing. The entry is the
    /// <c>CreateEntry</c> call itself (<c>archive.CreateEntry(name).Open()</c>) or a local declared in the same function with
    /// that call as its initializer and never assigned again. Such an entry was not in the archive when it was opened: in
    /// Create mode, Open only wraps the archive's stream in a compressor (the local header is written later, by the first
    /// write or the entry stream's disposal; an earlier entry left unopened is written out by <c>CreateEntry</c>, not by
    /// <c>Open</c>); in Update mode, Open of an entry that was not originally in the archive hands out a new empty
    /// <c>MemoryStream</c> (nothing to load from the archive); Read mode cannot create entries. Checked against
    /// dotnet/runtime's System.IO.Compression (<c>OpenInWriteMode</c>, <c>OpenInUpdateMode</c>, <c>UncompressedData</c>).
    /// Still reported: an entry from <c>GetEntry</c>, <c>Entries</c>, a parameter, a field or another method, and an entry
    /// local assigned again, passed by reference, or declared in an enclosing function.
    /// </summary>
    internal static class NewArchiveEntries
    {
        public static bool IsNoOp(IInvocationOperation operation, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (operation.TargetMethod is not { Name: "Open", Parameters.Length: 0, IsStatic: false } method
                || operation.Instance is null
                || types.TypeNamed("System.IO.Compression.ZipArchiveEntry") is not { } entryType
                || !method.ContainingType.Is(entryType))
            {
                return false;
            }

            var archiveType = types.TypeNamed("System.IO.Compression.ZipArchive");
            switch (Invocations.WithoutImplicitConversions(operation.Instance))
            {
                case IInvocationOperation call:
                    return IsCreateEntry(call, archiveType);
                case ILocalReferenceOperation { Local: { RefKind: RefKind.None } local } when operation.SemanticModel is { } model:
                    return EnclosingFunction.Find(operation.Syntax) is { } function
                        && local.DeclaringSyntaxReferences.Length == 1
                        && EnclosingFunction.Find(local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken)) == function
                        && SyncFileReaders.DeclaredInitializer(local, model, cancellationToken) is { } made
                        && Invocations.WithoutImplicitConversions(made) is IInvocationOperation creation
                        && IsCreateEntry(creation, archiveType)
                        && SyncFileReaders.NeverReassigned(local, function, model, cancellationToken);
                default:
                    return false;
            }
        }

        /// <summary><c>archive.CreateEntry(name[, level])</c> on System.IO.Compression's ZipArchive.</summary>
        private static bool IsCreateEntry(IInvocationOperation call, INamedTypeSymbol? archiveType) =>
            archiveType is not null
            && call.TargetMethod is { Name: "CreateEntry", IsStatic: false } create
            && create.ContainingType.Is(archiveType);
    }
}
