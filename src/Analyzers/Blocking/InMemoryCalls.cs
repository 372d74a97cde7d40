namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0102's calls whose receiver holds nothing but memory (issue 16, sixth pass; never blocks, no option), decided from
    /// the operation tree of the function, only for a call AG0102 is about to report:
    /// <list type="bullet">
    /// <item>a call on a local (never reassigned) made by <c>new T(..)</c> from nothing but in-memory streams (a
    /// <c>MemoryStream</c> created there or held in a local of that type or made by one) and plain values, given plain values
    /// only: <c>new Utf8JsonWriter(ms)</c> then <c>writer.Flush()</c> copies into the memory stream;</item>
    /// <item>a call on <c>response.Content</c> (<c>ReadAsStream</c>, <c>LoadIntoBuffer</c>) where <c>response</c> is a local
    /// (never reassigned, only read) made by awaiting an <c>HttpClient</c> send or get without
    /// <c>HttpCompletionOption.ResponseHeadersRead</c>: the client read the whole content into a buffer before the task
    /// completed, so the content is served from memory.</item>
    /// </list>
    /// </summary>
    internal sealed class InMemoryCalls
    {
        private readonly AsyncTypes _types;
        private INamedTypeSymbol? _httpClient;
        private INamedTypeSymbol? _httpContent;
        private INamedTypeSymbol? _completionOption;
        private INamedTypeSymbol? _responseMessage;

        // Resolved on the first candidate, not at compilation start (most compilations never ask).
        public InMemoryCalls(AsyncTypes types)
        {
            _types = types;
        }

        /// <summary>Whether the candidate call only moves bytes in memory.</summary>
        public bool IsInMemoryCall(IInvocationOperation operation, CancellationToken cancellationToken)
        {
            if (operation.Instance is not { } instance || operation.SemanticModel is not { } model
                || EnclosingFunction.Find(operation.Syntax) is not { } function)
            {
                return false;
            }

            foreach (var argument in operation.Arguments)
            {
                if (!SyncFileReaders.IsPlainValue(argument, Invocations.WithoutImplicitConversions(argument.Value)))
                {
                    return false;
                }
            }

            var receiver = Invocations.WithoutImplicitConversions(instance);
            return receiver switch
            {
                ILocalReferenceOperation { Local: { } local } => IsMadeOverMemory(local, function, model, cancellationToken),
                IPropertyReferenceOperation { Instance: { } owner } content => IsBufferedContent(operation, content, owner, function, model, cancellationToken),
                _ => false,
            };
        }

        /// <summary>A local, never reassigned, made by <c>new T(..)</c> given in-memory streams (at least one) and plain values only.</summary>
        private bool IsMadeOverMemory(ILocalSymbol local, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            if (SyncFileReaders.DeclaredInitializer(local, model, cancellationToken) is not { } made
                || Invocations.WithoutImplicitConversions(made) is not IObjectCreationOperation { Constructor: not null, Initializer: null } creation)
            {
                return false;
            }

            var streams = 0;
            foreach (var argument in creation.Arguments)
            {
                var given = Invocations.WithoutImplicitConversions(argument.Value);
                if (SyncFileReaders.IsPlainValue(argument, given))
                {
                    continue;
                }

                if (argument.Parameter is not { RefKind: RefKind.None } || !IsInMemoryStream(given, function, model, cancellationToken))
                {
                    return false;
                }

                streams++;
            }

            return streams > 0 && SyncFileReaders.NeverReassigned(local, function, model, cancellationToken);
        }

        /// <summary>A value of an in-memory type (<c>MemoryStream</c>, ...), or a local (never reassigned) made as one.</summary>
        private bool IsInMemoryStream(IOperation given, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            if (given is IObjectCreationOperation && _types.IsInMemoryIo(given.Type))
            {
                return true;
            }

            if (given is not ILocalReferenceOperation { Local: { } local })
            {
                return false;
            }

            if (_types.IsInMemoryIo(local.Type))
            {
                // Its static type says it: whatever it holds is in memory.
                return true;
            }

            return SyncFileReaders.DeclaredInitializer(local, model, cancellationToken) is { } made
                && Invocations.WithoutImplicitConversions(made) is IObjectCreationOperation created && _types.IsInMemoryIo(created.Type)
                && SyncFileReaders.NeverReassigned(local, function, model, cancellationToken);
        }

        /// <summary>
        /// <c>response.Content.M(..)</c>, M an HttpContent member, where <c>response</c> is a local made by awaiting an
        /// HttpClient send/get that reads the whole content (no completion option, or ResponseContentRead), and every
        /// reference to it only reads a property of it or calls a method on it.
        /// </summary>
        private bool IsBufferedContent(IInvocationOperation operation, IPropertyReferenceOperation content, IOperation owner, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            _httpClient ??= _types.TypeNamed("System.Net.Http.HttpClient");
            _httpContent ??= _types.TypeNamed("System.Net.Http.HttpContent");
            _completionOption ??= _types.TypeNamed("System.Net.Http.HttpCompletionOption");
            _responseMessage ??= _types.TypeNamed("System.Net.Http.HttpResponseMessage");
            if (_httpClient is null || _httpContent is null || _responseMessage is null
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

            // The client's static type is HttpClient itself: a class of the application deriving from it may override SendAsync.
            if (made is not IInvocationOperation { Instance: { } client } send || !send.TargetMethod.ContainingType.Is(_httpClient)
                || !Invocations.WithoutImplicitConversions(client).Type.Is(_httpClient)
                || !(send.TargetMethod.Name is "SendAsync" or "GetAsync" or "PostAsync" or "PutAsync" or "PatchAsync" or "DeleteAsync"))
            {
                return false;
            }

            foreach (var argument in send.Arguments)
            {
                if (argument.Parameter?.Type.Is(_completionOption) == true
                    && !(Invocations.WithoutImplicitConversions(argument.Value).ConstantValue is { HasValue: true, Value: 0 }))
                {
                    // ResponseHeadersRead (1), or not known at compile time: the content may still be on the wire.
                    return false;
                }
            }

            return OnlyReadThrough(response, function, model, cancellationToken);
        }

        /// <summary>Every reference to <paramref name="local"/> reads one of its properties (not assigning it) or calls a method on it.</summary>
        private static bool OnlyReadThrough(ILocalSymbol local, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var node in function.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != local.Name)
                {
                    continue;
                }

                if (model.GetOperation(identifier, cancellationToken) is not ILocalReferenceOperation reference)
                {
                    if (model.GetSymbolInfo(identifier, cancellationToken).Symbol.Is(local))
                    {
                        return false;
                    }

                    continue;
                }

                if (!reference.Local.Is(local))
                {
                    continue;
                }

                switch (reference.Parent)
                {
                    case IPropertyReferenceOperation read when read.Instance == reference
                        && !(read.Parent is IAssignmentOperation assignment && assignment.Target == read):
                    case IInvocationOperation call when call.Instance == reference:
                        continue;
                    default:
                        return false;
                }
            }

            return true;
        }
    }
}
