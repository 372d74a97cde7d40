namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// An HttpClient send that has read the whole response body into memory when its task completes: SendAsync / GetAsync /
    /// PostAsync / PutAsync / PatchAsync / DeleteAsync on a client whose static type is HttpClient itself, with no completion
    /// option or `HttpCompletionOption.ResponseContentRead`, or System.Net.Http.Json's PostAsJsonAsync / PutAsJsonAsync /
    /// PatchAsJsonAsync (which send that way). Shared by AG0102's in-memory reading (the stream and the reads of such a
    /// response's content) and AG0301's buffered response reads (corpus13app, Thor).
    /// </summary>
    internal static class BufferedSends
    {
        /// <summary>An HttpClient send that reads the whole body before it completes.</summary>
        public static bool ReadsWholeBody(IInvocationOperation send, AsyncTypes types)
        {
            var httpClient = types.TypeNamed("System.Net.Http.HttpClient");
            var completionOption = types.TypeNamed("System.Net.Http.HttpCompletionOption");
            if (httpClient is null)
            {
                return false;
            }

            IOperation? client;
            var method = send.TargetMethod;
            if (method.ContainingType.Is(httpClient) && !method.IsStatic
                && method.Name is "SendAsync" or "GetAsync" or "PostAsync" or "PutAsync" or "PatchAsync" or "DeleteAsync")
            {
                client = send.Instance;
            }
            else if (method.IsExtensionMethod && method.ContainingType is { Name: "HttpClientJsonExtensions" } extensions
                && extensions.ContainingNamespace?.ToDisplayString() == "System.Net.Http.Json"
                && method.Name is "PostAsJsonAsync" or "PutAsJsonAsync" or "PatchAsJsonAsync"
                && send.Arguments.Length > 0)
            {
                client = send.Arguments[0].Value;
            }
            else
            {
                return false;
            }

            // The client's static type is HttpClient itself: a class deriving from it may override SendAsync.
            if (client is null || !Invocations.WithoutImplicitConversions(client).Type.Is(httpClient))
            {
                return false;
            }

            foreach (var argument in send.Arguments)
            {
                if (completionOption is not null && argument.Parameter?.Type.Is(completionOption) == true
                    && !(Invocations.WithoutImplicitConversions(argument.Value).ConstantValue is { HasValue: true, Value: 0 }))
                {
                    // ResponseHeadersRead (1), or a value not known at compile time: the body may still be on the wire.
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// xfile16 (fourteenth pass): <paramref name="call"/> runs a helper of this compilation, in any file, whose every
        /// return gives the response of a send that reads the whole body (<see cref="ReadsWholeBody"/>): an async helper's
        /// <c>return await client.SendAsync(..)</c> or <c>return response;</c> (a local it made that way, never written and
        /// only read through), a helper that is not async <c>return client.GetAsync(..);</c> (its task is the send's). The
        /// helper is not virtual, abstract, an override or an interface member (another body could run). Awaiting the call
        /// gives a buffered response as surely as awaiting the send would. A fact about the helper, computed once per
        /// compilation (<see cref="MethodFacts"/>) and asked only for a finding about to be reported. Still reported: a
        /// helper with one path that sends with ResponseHeadersRead or an option not known at compile time, returns a
        /// parameter, a field or another helper's response (a return of the helper's own call is skipped: it gives what another
        /// return gave; a helper with no other return proves nothing), sets the response's Content; a helper of another assembly (its
        /// body is not in this compilation: a referenced project is metadata only, and the assembly loaded at run time may
        /// differ from the one compiled against).
        /// </summary>
        public static bool IsBufferedHelper(IInvocationOperation call, AsyncTypes types, CancellationToken cancellationToken)
        {
            var method = call.TargetMethod;
            if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction)
                || method.ContainingAssembly is not ISourceAssemblySymbol
                || types.TypeNamed("System.Net.Http.HttpClient") is null)
            {
                return false;
            }

            var facts = types.MethodFacts;
            return facts.Get(method, MethodFact.ReturnsBufferedResponse, -1, 0, m => EveryReturnIsBuffered(m, facts, types, cancellationToken));
        }

        private static bool EveryReturnIsBuffered(IMethodSymbol method, MethodFacts facts, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (facts.Declaration(method, cancellationToken) is not { } declaration
                || facts.ModelOf(declaration.SyntaxTree) is not { } model
                || ReturnedFiles.ReturnedExpressions(declaration) is not { } returned)
            {
                return false;
            }

            var sends = 0;
            foreach (var expression in returned)
            {
                if (model.GetOperation(expression, cancellationToken) is not { } value)
                {
                    return false;
                }

                value = Invocations.WithoutImplicitConversions(value);
                if (IsSelfCall(value, method))
                {
                    // `return await SameHelper(.., other arguments);` (alembic: a timeout turned into a token, then the same
                    // helper again): whatever it returns comes, in the end, from one of the other returns.
                    continue;
                }

                sends++;
                if (method.IsAsync && value is ILocalReferenceOperation { Local: { IsRef: false } local })
                {
                    // `var response = await client.SendAsync(..); .. return response;`
                    if (SyncFileReaders.DeclaredInitializer(local, model, cancellationToken) is not { } made
                        || !IsAwaitedBufferedSend(made, types)
                        || !OnlyReadOrReturned(local, declaration, model, cancellationToken))
                    {
                        return false;
                    }

                    continue;
                }

                if (method.IsAsync ? !IsAwaitedBufferedSend(value, types) : !(value is IInvocationOperation send && ReadsWholeBody(send, types)))
                {
                    return false;
                }
            }

            return sends > 0;
        }

        /// <summary>
        /// <paramref name="value"/> is a call of <paramref name="method"/> itself (awaited when the helper is async): a return
        /// that gives back what another return of the same helper gave. Mutual recursion through another helper is not followed.
        /// </summary>
        private static bool IsSelfCall(IOperation value, IMethodSymbol method)
        {
            var call = method.IsAsync
                ? (value is IAwaitOperation ? Invocations.Produced(value) as IInvocationOperation : null)
                : value as IInvocationOperation;
            return call is not null && SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, method.OriginalDefinition);
        }

        private static bool IsAwaitedBufferedSend(IOperation value, AsyncTypes types) =>
            Invocations.WithoutImplicitConversions(value) is IAwaitOperation
            && Invocations.Produced(value) is IInvocationOperation send
            && ReadsWholeBody(send, types);

        /// <summary>Every reference to the response local reads a property of it (not assigning it), calls a method on it, or returns it.</summary>
        private static bool OnlyReadOrReturned(ILocalSymbol local, SyntaxNode declaration, SemanticModel model, CancellationToken cancellationToken) =>
            LocalReferences.All(local, declaration, model, cancellationToken, static reference =>
                IsReadOrCallOn(reference) || reference.Parent is IReturnOperation or IConversionOperation { IsImplicit: true, Parent: IReturnOperation });

        /// <summary><paramref name="reference"/> is the receiver of a property read (not assigning it) or of a method call (shared with <see cref="InMemoryCalls"/>).</summary>
        internal static bool IsReadOrCallOn(IOperation reference) => reference.Parent switch
        {
            IPropertyReferenceOperation read => read.Instance == reference && !(read.Parent is IAssignmentOperation assignment && assignment.Target == read),
            IInvocationOperation call => call.Instance == reference,
            _ => false,
        };
    }
}
