namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// AG0102's calls whose receiver holds nothing but memory (issue 16, sixth pass; never blocks, no option), decided from
    /// the operation tree of the function, only for a call AG0102 is about to report:
    /// <list type="bullet">
    /// <item>a call on, or a `using` of, a value made over memory only (see <see cref="IsOverMemory"/>), given plain or
    /// in-memory values only: <c>new Utf8JsonWriter(ms)</c> then <c>writer.Flush()</c> copies into the memory stream;
    /// <c>using var archive = new ZipArchive(new MemoryStream(bytes))</c>, <c>entry.Open().CopyTo(ms)</c> over its entries;</item>
    /// <item>a static (or extension) library call given in-memory streams and plain values, no string: <c>SHA256.HashData(ms)</c>;</item>
    /// <item>a call on <c>response.Content</c> (<c>ReadAsStream</c>, <c>LoadIntoBuffer</c>) where <c>response</c> is a local
    /// (never reassigned, only read) made by awaiting an <c>HttpClient</c> send or get without
    /// <c>HttpCompletionOption.ResponseHeadersRead</c>: the client read the whole content into a buffer before the task
    /// completed, so the content is served from memory.</item>
    /// </list>
    /// </summary>
    internal sealed partial class InMemoryCalls(AsyncTypes types)
    {
        // The library types below are resolved on the first candidate, not at compilation start (most compilations never ask).
        private readonly AsyncTypes _types = types;
        private INamedTypeSymbol? _httpContent;
        private INamedTypeSymbol? _responseMessage;

        /// <summary>Whether the candidate call only moves bytes in memory.</summary>
        public bool IsInMemoryCall(IInvocationOperation operation, CancellationToken cancellationToken)
        {
            if (operation.SemanticModel is not { } model || EnclosingFunction.Find(operation.Syntax) is not { } function)
            {
                return false;
            }

            if (operation.Instance is not { } instance)
            {
                // A static (or extension) call of a library (`SHA256.HashData(ms)`): every stream it is given is over memory,
                // and it gets no string (a path or an address could reach a device).
                return operation.TargetMethod.ContainingAssembly is not (null or ISourceAssemblySymbol)
                    && !HasStringArgument(operation.Arguments)
                    && ArgumentsOverMemory(operation.Arguments, function, model, 0, cancellationToken, out var streams) && streams > 0;
            }

            var receiver = Invocations.WithoutImplicitConversions(instance);
            if (receiver is IPropertyReferenceOperation { Instance: { } owner } content
                && IsBufferedContent(operation, content, owner, function, model, cancellationToken))
            {
                foreach (var argument in operation.Arguments)
                {
                    if (!SyncFileReaders.IsPlainValue(argument, Invocations.WithoutImplicitConversions(argument.Value)))
                    {
                        return false;
                    }
                }

                return true;
            }

            return (IsOverMemory(receiver, function, model, 0, cancellationToken) && ArgumentsOverMemory(operation.Arguments, function, model, 0, cancellationToken, out _))
                || IsDisposeOfAssignedLocal(operation, receiver, function, model, cancellationToken); // InMemoryCalls.Assigned.cs
        }

        /// <summary>Whether every resource of the candidate `using` is made over memory only (<c>new ZipArchive(new MemoryStream(bytes))</c>).</summary>
        public bool IsInMemoryUsing(IOperation operation, CancellationToken cancellationToken)
        {
            var resources = UsingResources.Of(operation);
            if (operation.SemanticModel is not { } model || EnclosingFunction.Find(operation.Syntax) is not { } function)
            {
                return false;
            }

            if (resources is not IVariableDeclarationGroupOperation group)
            {
                return resources != null && IsOverMemory(Invocations.WithoutImplicitConversions(resources), function, model, 0, cancellationToken);
            }

            var any = false;
            foreach (var declaration in group.Declarations)
            {
                foreach (var declarator in declaration.Declarators)
                {
                    var value = declarator.Initializer?.Value ?? declaration.Initializer?.Value;
                    if (value is null || !IsOverMemory(Invocations.WithoutImplicitConversions(value), function, model, 0, cancellationToken))
                    {
                        return false;
                    }

                    any = true;
                }
            }

            return any;
        }

        private const int MaxDepth = 8;

        /// <summary>
        /// A value whose every resource is memory: an in-memory stream (<c>new MemoryStream(..)</c>, a value typed as one), an
        /// object made by <c>new T(..)</c> from in-memory values and plain values only (at least one in-memory), a local
        /// (never reassigned) initialised with one, a foreach variable over one, a property of one, or the result of a call
        /// on one given plain or in-memory values only (<c>archive.Entries</c>, <c>entry.Open()</c>).
        /// </summary>
        private bool IsOverMemory(IOperation value, SyntaxNode function, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            value = Invocations.WithoutImplicitConversions(value);
            if (depth > MaxDepth)
            {
                return false;
            }

            if (_types.IsInMemoryIo(value.Type) && value is IObjectCreationOperation or ILocalReferenceOperation or IParameterReferenceOperation)
            {
                // Its static type says it: whatever it holds is in memory.
                return true;
            }

            if (value is IObjectCreationOperation && IsSourceMemoryStream(value.Type))
            {
                return true; // a source stream that keeps its bytes in arrays (InMemoryCalls.SourceStreams.cs)
            }

            if (IsJsonWriterOverBufferWriter(value, function, model, cancellationToken))
            {
                return true; // a Utf8JsonWriter over an IBufferWriter<byte> (InMemoryCalls.BufferWriters.cs)
            }

            switch (value)
            {
                case IObjectCreationOperation { Constructor: not null, Initializer: null } creation:
                    return ArgumentsOverMemory(creation.Arguments, function, model, depth + 1, cancellationToken, out var streams) && streams > 0;
                case ILocalReferenceOperation { Local: { } local } reference:
                    if (JustAssigned(reference, local, function, model, cancellationToken) is { } current)
                    {
                        // `s = await CopyAsync(s); using var reader = new StreamReader(s);` (InMemoryCalls.JustAssigned.cs)
                        return IsOverMemory(current, function, model, depth + 1, cancellationToken);
                    }

                    if (SyncFileReaders.DeclaredInitializer(local, model, cancellationToken) is { } made)
                    {
                        return IsOverMemory(made, function, model, depth + 1, cancellationToken)
                            && SyncFileReaders.NeverReassigned(local, function, model, cancellationToken);
                    }

                    if (IsDeclaredWithoutValue(local, model, cancellationToken))
                    {
                        // `Stream s; if (..) s = new MemoryStream(); else s = new MemoryStream(bytes);` (InMemoryCalls.Assigned.cs)
                        return EveryAssignmentIs(local, function, model, cancellationToken, v => IsOverMemory(v, function, model, depth + 1, cancellationToken));
                    }

                    // A foreach variable (read-only) over a collection that is over memory.
                    return local.DeclaringSyntaxReferences.Length == 1
                        && local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is ForEachStatementSyntax loop
                        && loop.SyntaxTree == model.SyntaxTree
                        && model.GetOperation(loop.Expression, cancellationToken) is { } collection
                        && IsOverMemory(collection, function, model, depth + 1, cancellationToken);
                case IPropertyReferenceOperation { Instance: { } owner } property:
                    return IsOverMemory(owner, function, model, depth + 1, cancellationToken)
                        && ArgumentsOverMemory(property.Arguments, function, model, depth + 1, cancellationToken, out _);
                case IInvocationOperation resource when IsManifestResourceStream(resource):
                    return true; // InMemoryCalls.Resources.cs
                case IAwaitOperation awaited when IsBufferedContentStream(awaited, function, model, cancellationToken):
                    return true; // InMemoryCalls.BufferedContent.cs
                case IInvocationOperation { Instance: { } owner } call:
                    return (IsOverMemory(owner, function, model, depth + 1, cancellationToken)
                            && ArgumentsOverMemory(call.Arguments, function, model, depth + 1, cancellationToken, out _))
                        || IsFactoryStreamOverMemory(call, owner, function, model, depth, cancellationToken) // InMemoryCalls.SourceStreams.cs
                        || IsReturnedMemory(call, depth, cancellationToken); // InMemoryCalls.Returned.cs
                case IFieldReferenceOperation field:
                    return IsFieldOverMemory(field, model, depth, cancellationToken); // InMemoryCalls.Fields.cs
                default:
                    return IsReturnedMemory(value, depth, cancellationToken); // InMemoryCalls.Returned.cs
            }
        }

        /// <summary>Every argument is a plain value or over memory; <paramref name="streams"/> counts the latter.</summary>
        private static bool HasStringArgument(ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue
                    && (argument.Parameter?.Type.SpecialType == SpecialType.System_String || argument.Value.Type?.SpecialType == SpecialType.System_String))
                {
                    return true;
                }
            }

            return false;
        }

        private bool ArgumentsOverMemory(ImmutableArray<IArgumentOperation> arguments, SyntaxNode function, SemanticModel model, int depth, CancellationToken cancellationToken, out int streams)
        {
            streams = 0;
            foreach (var argument in arguments)
            {
                var given = Invocations.WithoutImplicitConversions(argument.Value);
                if (SyncFileReaders.IsPlainValue(argument, given))
                {
                    continue;
                }

                if (argument.Parameter is not { RefKind: RefKind.None } || !IsOverMemory(given, function, model, depth, cancellationToken))
                {
                    return false;
                }

                streams++;
            }

            return true;
        }

        /// <summary>
        /// <c>response.Content.M(..)</c>, M an HttpContent member, where <c>response</c> is a local made by awaiting an
        /// HttpClient send/get that reads the whole content (no completion option, or ResponseContentRead), and every
        /// reference to it only reads a property of it or calls a method on it.
        /// </summary>
        private bool IsBufferedContent(IInvocationOperation operation, IPropertyReferenceOperation content, IOperation owner, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            _httpContent ??= _types.TypeNamed("System.Net.Http.HttpContent");
            _responseMessage ??= _types.TypeNamed("System.Net.Http.HttpResponseMessage");
            if (_httpContent is null || _responseMessage is null
                || content.Property is not { Name: "Content", IsStatic: false } property || !property.ContainingType.Is(_responseMessage)
                || !operation.TargetMethod.ContainingType.InheritsOrImplements(_httpContent)
                || Invocations.WithoutImplicitConversions(owner) is not ILocalReferenceOperation { Local: { } response }
                || SyncFileReaders.DeclaredInitializer(response, model, cancellationToken) is not { } made)
            {
                return false;
            }

            made = Invocations.WithoutImplicitConversions(made);
            if (made is not IAwaitOperation awaited)
            {
                return false;
            }

            made = Invocations.WithoutImplicitConversions(awaited.Operation);
            if (made is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && Invocations.Receiver(configured) is { } receiver)
            {
                made = receiver;
            }

            // The client's static type is HttpClient itself and the send reads the whole body (BufferedSends).
            // xfile16: or a helper of the compilation whose every return is such a send's response (BufferedSends.IsBufferedHelper).
            if (made is not IInvocationOperation send
                || !(BufferedSends.ReadsWholeBody(send, _types) || BufferedSends.IsBufferedHelper(send, _types, cancellationToken)))
            {
                return false;
            }

            return OnlyReadThrough(response, function, model, cancellationToken);
        }

        /// <summary>Every reference to <paramref name="local"/> reads one of its properties (not assigning it) or calls a method on it.</summary>
        private static bool OnlyReadThrough(ILocalSymbol local, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken) =>
            LocalReferences.All(local, function, model, cancellationToken, static reference => BufferedSends.IsReadOrCallOn(reference));
    }
}
