namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301 (corpus13app, Thor): reads of an HTTP response whose body the client has already read into memory. A response
    /// local made by awaiting HttpClient's SendAsync / GetAsync / PostAsync / PutAsync / PatchAsync / DeleteAsync with no
    /// completion option or `HttpCompletionOption.ResponseContentRead` (the default), or System.Net.Http.Json's
    /// PostAsJsonAsync / PutAsJsonAsync / PatchAsJsonAsync (which send that way), has its content buffered before the await
    /// returns. Then `response.Content.ReadAsStringAsync()` and the other HttpContent reads, and a call whose every stream is
    /// a local holding `await response.Content.ReadAsStreamAsync(..)` of such a response (`JsonSerializer.DeserializeAsync
    /// (stream)`), only copy or parse memory: they complete without waiting on the network, and a token has nothing to stop.
    /// The client's static type must be HttpClient itself (a derived client may override SendAsync), and the response and
    /// stream locals are never assigned again. A response a helper of this compilation returns counts when every return of
    /// the helper is such a send's response (<see cref="BufferedSends.IsBufferedHelper"/>, xfile16). Still reported:
    /// `ResponseHeadersRead` or a completion option not known at compile time, a response from a helper with one path
    /// that is not buffered, from a helper of another assembly or a parameter, a derived client, a call that also writes to another
    /// stream (`CopyToAsync(file)`), and a reader made over the stream (its reads are not recognised).
    /// </summary>
    internal static class BufferedResponseReads
    {
        public static bool ReadsBufferedContent(IInvocationOperation call, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            var httpContent = types.TypeNamed("System.Net.Http.HttpContent");
            var stream = types.TypeNamed("System.IO.Stream");
            if (httpContent is null || stream is null || EnclosingFunction.Find(call.Syntax) is not { } function)
            {
                return false;
            }

            // `response.Content.ReadAsStringAsync()`, or an extension on the content (`ReadFromJsonAsync`).
            var content = call.Instance;
            if (content is null && call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0)
            {
                content = call.Arguments[0].Value;
            }

            if (content is not null && Invocations.WithoutImplicitConversions(content).Type.InheritsOrImplements(httpContent))
            {
                return IsContentOfBufferedResponse(content, function, model, types, cancellationToken);
            }

            // A call whose every stream (receiver and arguments) holds the content of a buffered response.
            var streams = 0;
            if (call.Instance is { } instance && instance.Type.InheritsOrImplements(stream))
            {
                if (!IsBufferedContentStream(instance, function, model, types, cancellationToken))
                {
                    return false;
                }

                streams++;
            }

            foreach (var argument in call.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                var value = Invocations.WithoutImplicitConversions(argument.Value);
                if (value.Type.InheritsOrImplements(stream) || (argument.Parameter?.Type.InheritsOrImplements(stream) ?? false))
                {
                    if (!IsBufferedContentStream(value, function, model, types, cancellationToken))
                    {
                        return false;
                    }

                    streams++;
                }
            }

            return streams > 0;
        }

        /// <summary>`response.Content` where `response` is a local holding a buffered response.</summary>
        private static bool IsContentOfBufferedResponse(IOperation content, SyntaxNode function, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken) =>
            Invocations.WithoutImplicitConversions(content) is IPropertyReferenceOperation { Property.Name: "Content", Instance: { } owner } property
            && property.Property.ContainingType.Is(types.TypeNamed("System.Net.Http.HttpResponseMessage"))
            && Invocations.WithoutImplicitConversions(owner) is ILocalReferenceOperation { Local: { } response }
            && Awaited(response, function, model, cancellationToken) is IInvocationOperation send
            && (BufferedSends.ReadsWholeBody(send, types) || BufferedSends.IsBufferedHelper(send, types, cancellationToken));

        /// <summary>A local holding `await response.Content.ReadAsStreamAsync(..)` of a buffered response.</summary>
        private static bool IsBufferedContentStream(IOperation value, SyntaxNode function, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken) =>
            value is ILocalReferenceOperation { Local: { } local }
            && Awaited(local, function, model, cancellationToken) is IInvocationOperation { TargetMethod.Name: "ReadAsStreamAsync", Instance: { } content }
            && IsContentOfBufferedResponse(content, function, model, types, cancellationToken);

        /// <summary>
        /// The call a local's initializer awaits (`var x = await Call(..)`, with or without ConfigureAwait), when the local is
        /// declared once in <paramref name="function"/>'s tree and never written again; else null.
        /// </summary>
        private static IOperation? Awaited(ILocalSymbol local, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            if (local.IsRef || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
                || declarator.SyntaxTree != model.SyntaxTree
                || model.GetOperation(initializer, cancellationToken) is not { } made
                || Invocations.WithoutImplicitConversions(made) is not IAwaitOperation awaited)
            {
                return null;
            }

            foreach (var node in function.DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == local.Name && identifier.IsWritePosition()
                    && model.GetSymbolInfo(identifier, cancellationToken).Symbol.Is(local))
                {
                    return null;
                }
            }

            var operand = Invocations.WithoutImplicitConversions(awaited.Operation);
            if (operand is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
            {
                operand = Invocations.WithoutImplicitConversions(configured);
            }

            return operand;
        }
    }
}
