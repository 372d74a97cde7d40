namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// corpus13app (Thor's SparkDesk service): the stream `await response.Content.ReadAsStreamAsync(..)` returns when the
    /// response came from a send that read the whole body (no completion option, or ResponseContentRead; the same test as
    /// the buffered-content calls above). The content is in memory, the stream is a view of it, and its Dispose does no I/O:
    /// `using var s = await response.Content.ReadAsStreamAsync(ct);` is silent. Still reported: the same after a
    /// ResponseHeadersRead send (the stream is the connection's), a response from a parameter or from a helper with one path
    /// that is not such a send (a helper whose every return is one counts: BufferedSends.IsBufferedHelper), a derived client.
    /// </summary>
    internal sealed partial class InMemoryCalls
    {
        private bool IsBufferedContentStream(IAwaitOperation awaited, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            var operation = Invocations.WithoutImplicitConversions(awaited.Operation);
            if (operation is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
            {
                operation = Invocations.WithoutImplicitConversions(configured);
            }

            if (operation is not IInvocationOperation { TargetMethod.Name: "ReadAsStreamAsync", Instance: { } instance } call
                || Invocations.WithoutImplicitConversions(instance) is not IPropertyReferenceOperation { Instance: { } owner } content
                || !IsBufferedContent(call, content, owner, function, model, cancellationToken))
            {
                return false;
            }

            foreach (var argument in call.Arguments)
            {
                if (!SyncFileReaders.IsPlainValue(argument, Invocations.WithoutImplicitConversions(argument.Value)))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
