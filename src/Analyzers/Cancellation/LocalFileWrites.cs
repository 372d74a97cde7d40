namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301, issue 16 (deb301: small writes to a local file): a write of data already in memory to a file the function
    /// opens itself is not reported:
    /// <list type="bullet">
    /// <item><c>WriteAsync</c> / <c>WriteLineAsync</c> / <c>FlushAsync</c> on a <c>FileStream</c> the function creates
    /// (<c>new FileStream(..)</c> or a derived type, <c>File.Create</c> / <c>OpenWrite</c> / <c>Open</c>, through locals
    /// written only by their declaration), or on a <c>StreamWriter</c> / <c>BinaryWriter</c> the function creates over such
    /// a stream (a CSV writer over a temporary file), given no stream argument;</item>
    /// <item><c>File.WriteAllBytesAsync</c> given a byte array or a memory: the bytes are ready and go out in one write
    /// (text is encoded and written piece by piece, with the token checked in between).</item>
    /// </list>
    /// The data is in memory and the disk is local: the write completes in the time of a disk write, and cancelling it
    /// midway only leaves a truncated file. Where a loop reads the data from the network, that read is what the token
    /// must stop, and it does so at the next round. Still reported: a copy into the file (<c>source.CopyToAsync(file)</c>:
    /// it reads a source of any length), a stream or writer of unknown origin (a parameter, a field, a network stream), a
    /// local also assigned otherwise, <c>WriteAllTextAsync</c> / <c>WriteAllLinesAsync</c>. Reported with <c>report_local_file_writes = true</c>.
    /// Asked only for a finding about to be reported.
    /// </summary>
    internal static class LocalFileWrites
    {
        /// <summary>.editorconfig: <c>true</c> reports these local-file writes too.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0301.report_local_file_writes";

        public static bool WritesMemoryToLocalFile(IInvocationOperation operation, CancellationToken cancellationToken)
        {
            var method = operation.TargetMethod;
            if (method.IsStatic)
            {
                return method.Name == "WriteAllBytesAsync"
                    && method.ContainingType is { Name: "File" } file && RequestBodyIo.IsInNamespace(file, "System", "IO")
                    && ArgumentsInMemory(operation);
            }

            if (method.Name is not ("WriteAsync" or "WriteLineAsync" or "FlushAsync") || operation.Instance is null
                || !ArgumentsInMemory(operation))
            {
                return false;
            }

            var receiver = FormFileCopies.Resolved(operation.Instance, cancellationToken, 4);
            if (receiver is IObjectCreationOperation { Type: { } writer, Arguments: { Length: > 0 } arguments }
                && (FormFileCopies.DerivesFrom(writer, "StreamWriter") || FormFileCopies.DerivesFrom(writer, "BinaryWriter"))
                && arguments[0].Parameter?.Type is { Name: "Stream" })
            {
                receiver = FormFileCopies.Resolved(arguments[0].Value, cancellationToken, 4);
            }

            return receiver != null && IsFileOpened(receiver);
        }

        private static bool IsFileOpened(IOperation operation) => operation switch
        {
            IObjectCreationOperation { Type: var created } => FormFileCopies.DerivesFrom(created, "FileStream"),
            IInvocationOperation { TargetMethod: { Name: "Create" or "OpenWrite" or "Open" } method }
                => method.ContainingType is { Name: "File" or "FileInfo" } owner && RequestBodyIo.IsInNamespace(owner, "System", "IO"),
            _ => false,
        };

        /// <summary>Every argument written is a buffer, a memory, a string or a plain count: no stream, sequence or delegate.</summary>
        private static bool ArgumentsInMemory(IInvocationOperation operation)
        {
            foreach (var argument in operation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter?.Type is not { } type)
                {
                    continue;
                }

                if (type.SpecialType is SpecialType.System_String or SpecialType.System_Int32 or SpecialType.System_Boolean or SpecialType.System_Char
                    || type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte or SpecialType.System_Char }
                    || type is INamedTypeSymbol { Name: "ReadOnlyMemory" or "Memory", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
                {
                    continue;
                }

                return false;
            }

            return true;
        }
    }
}
