using System.Linq;

namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// ReadStreams' resources that are read-only by how they were opened, whatever the function does with them (issue 16,
    /// eighth pass; reported with <c>report_read_streams</c> like the rest of the class):
    /// <list type="bullet">
    /// <item>a <c>FileStream</c> opened with <c>FileAccess.Read</c> (<c>File.OpenRead</c>, <c>FileInfo.OpenRead</c>,
    /// <c>File.Open</c>/<c>FileInfo.Open</c>/<c>new FileStream(..)</c> given the constant <c>FileAccess.Read</c>), with any
    /// options (also <c>useAsync: true</c>): a write through it, or through anything it is handed to, throws, so its write
    /// buffer is always empty and its disposal only closes the handle, as its DisposeAsync does;</item>
    /// <item>a <c>ZipArchive</c> in <c>ZipArchiveMode.Read</c> (<c>ZipFile.OpenRead</c>, <c>ZipFile.Open(.., Read)</c>, or
    /// <c>new ZipArchive(s[, ZipArchiveMode.Read, ..])</c> with the mode a constant): a read-mode archive writes nothing on
    /// disposal; it only disposes its stream, so it is silent when it leaves the stream open (constant <c>leaveOpen: true</c>)
    /// or owns a stream of its own that passes this class (opened read-only as above, or made by the function and only read).</item>
    /// </list>
    /// Still reported: a file stream opened for writing (or with an access not known at compile time), an archive in
    /// Create or Update mode (its disposal writes the central directory), and a read-mode archive that disposes a stream the
    /// function was given or wrote to.
    /// </summary>
    internal sealed partial class ReadStreams
    {
        private const int FileAccessRead = 1;
        private const int ZipArchiveModeRead = 0;

        private INamedTypeSymbol? _fileInfo;
        private INamedTypeSymbol? _fileStream;
        private INamedTypeSymbol? _fileAccess;
        private INamedTypeSymbol? _zipArchive;
        private INamedTypeSymbol? _zipFile;
        private INamedTypeSymbol? _zipArchiveMode;

        /// <summary>
        /// <c>File.OpenRead(p)</c>, <c>fileInfo.OpenRead()</c>, or <c>File.Open</c> / <c>fileInfo.Open</c> / <c>new FileStream</c>
        /// given the constant <c>FileAccess.Read</c>: a FileStream that cannot be written.
        /// </summary>
        private bool IsOpenedReadOnly(IOperation value)
        {
            // A benign race: every thread stores the same symbols.
            _fileInfo ??= _types.TypeNamed("System.IO.FileInfo");
            _fileStream ??= _types.TypeNamed("System.IO.FileStream");
            _fileAccess ??= _types.TypeNamed("System.IO.FileAccess");
            switch (Invocations.WithoutImplicitConversions(value))
            {
                case IInvocationOperation { TargetMethod: { } method } call
                    when (method.IsStatic && method.ContainingType.Is(_file)) || (!method.IsStatic && method.ContainingType.Is(_fileInfo)):
                    return method.Name == "OpenRead" || (method.Name == "Open" && HasReadAccess(call.Arguments));
                case IObjectCreationOperation { Constructor: { } constructor } creation when constructor.ContainingType.Is(_fileStream):
                    return HasReadAccess(creation.Arguments);
                default:
                    return false;
            }
        }

        private bool HasReadAccess(ImmutableArray<IArgumentOperation> arguments) => ConstantFor(arguments, _fileAccess) is FileAccessRead;

        /// <summary>The constant given for the parameter of <paramref name="type"/>: null if none is, -1 if it is not a constant.</summary>
        private static int? ConstantFor(ImmutableArray<IArgumentOperation> arguments, INamedTypeSymbol? type)
        {
            foreach (var argument in arguments)
            {
                if (type is not null && argument.Parameter?.Type.Is(type) == true)
                {
                    return Invocations.WithoutImplicitConversions(argument.Value).ConstantValue is { HasValue: true, Value: int value } ? value : -1;
                }
            }

            return null;
        }

        private void ResolveArchive()
        {
            _zipArchive ??= _types.TypeNamed("System.IO.Compression.ZipArchive");
            _zipFile ??= _types.TypeNamed("System.IO.Compression.ZipFile");
            // The mode's type, from the archive's own Mode property.
            _zipArchiveMode ??= _zipArchive?.GetMembers("Mode").OfType<IPropertySymbol>().FirstOrDefault()?.Type as INamedTypeSymbol;
        }

        /// <summary>
        /// A read-mode archive whose disposal touches no stream the function did not make read-only: <c>ZipFile.OpenRead(p)</c>,
        /// <c>ZipFile.Open(p, ZipArchiveMode.Read[, ..])</c>, or <c>new ZipArchive(s[, ZipArchiveMode.Read[, leaveOpen[, ..]]])</c>
        /// that leaves <c>s</c> open or where <c>s</c> is read-only (<see cref="IsReadOnlySource"/>).
        /// </summary>
        private bool IsReadModeArchive(IOperation value, SyntaxNode statement, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            ResolveArchive();
            if (_zipArchive is null)
            {
                return false;
            }

            switch (Invocations.WithoutImplicitConversions(value))
            {
                case IInvocationOperation { TargetMethod: { IsStatic: true } method } call when method.ContainingType.Is(_zipFile):
                    // ZipFile opens its own FileStream with FileAccess.Read for ZipArchiveMode.Read.
                    return method.Name == "OpenRead" || (method.Name == "Open" && IsReadMode(call.Arguments));
                case IObjectCreationOperation { Constructor: { } constructor, Initializer: null } creation when constructor.ContainingType.Is(_zipArchive):
                    if (!IsReadMode(creation.Arguments))
                    {
                        return false;
                    }

                    IOperation? stream = null;
                    foreach (var argument in creation.Arguments)
                    {
                        var parameterType = argument.Parameter?.Type;
                        if (parameterType?.SpecialType == SpecialType.System_Boolean
                            && Invocations.WithoutImplicitConversions(argument.Value).ConstantValue is { HasValue: true, Value: true })
                        {
                            // leaveOpen: true: the archive's disposal leaves the stream alone.
                            return true;
                        }

                        if (IsStream(parameterType))
                        {
                            stream = argument.Value;
                        }
                    }

                    return stream is not null && IsReadOnlySource(stream, statement, function, model, cancellationToken);
                default:
                    return false;
            }
        }

        /// <summary>The constant mode given is <c>ZipArchiveMode.Read</c>, or no mode is given (<c>new ZipArchive(stream)</c> reads).</summary>
        private bool IsReadMode(ImmutableArray<IArgumentOperation> arguments) => ConstantFor(arguments, _zipArchiveMode) is null or ZipArchiveModeRead;

        /// <summary>
        /// A stream an archive owns that cannot have a write buffer: opened read-only right there, or a local (never reassigned)
        /// opened so, or a local the function made and only reads (<see cref="IsReadOnlyStream"/>), or a file flushed before the
        /// archive's `using` and only read after (<see cref="IsFlushedFile"/>).
        /// </summary>
        private bool IsReadOnlySource(IOperation stream, SyntaxNode statement, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            if (IsOpenedReadOnly(stream))
            {
                return true;
            }

            return Invocations.WithoutImplicitConversions(stream) is ILocalReferenceOperation { Local: { } local }
                && SyncFileReaders.DeclaredInitializer(local, model, cancellationToken) is { } made
                && ((IsOpenedReadOnly(made) && SyncFileReaders.NeverReassigned(local, function, model, cancellationToken))
                    || IsReadOnlyStream(local, made, function, model, cancellationToken)
                    || IsFlushedFile(local, made, statement, own: false, function, model, cancellationToken));
        }

        /// <summary>A stream handed to <c>new ZipArchive(s, ZipArchiveMode.Read, ..)</c>: a read-mode archive only reads it.</summary>
        private bool IsReadModeArchiveOver(IObjectCreationOperation creation)
        {
            ResolveArchive();
            return _zipArchive is not null && creation.Constructor?.ContainingType.Is(_zipArchive) == true && IsReadMode(creation.Arguments);
        }
    }
}
