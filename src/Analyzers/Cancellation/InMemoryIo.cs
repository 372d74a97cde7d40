
namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301: an async call that only moves bytes in memory (corpus12web, SmtpServer's worker example:
    /// <c>await new StreamReader(stream).ReadToEndAsync()</c> over a <c>MemoryStream</c> the method created and filled).
    /// The in-memory stream completes every read and write synchronously and checks a token at most once, before it
    /// starts: nothing runs on that a token could stop, so offering one only adds noise. "In memory" is AG0102's reading
    /// (<see cref="InMemoryCalls"/>, shared so the two rules agree): the receiver is a <c>MemoryStream</c>, a
    /// <c>StringReader</c>/<c>StringWriter</c>, or a reader, writer or other object made only from in-memory and plain
    /// values (through never-reassigned locals, properties and calls on them), and every stream argument is in memory too;
    /// or a library static call given only in-memory streams and plain values, no string. Not its buffered
    /// <c>HttpContent</c> reading: a read of <c>response.Content</c> is decided by <see cref="BufferedResponseReads"/>. Asked only for a finding about to be
    /// reported. Still reported: a copy to or from any other stream (<c>memory.CopyToAsync(network)</c>), a reader over a
    /// stream parameter or a field of unknown origin, a serializer given a value that is not plain (it may enumerate an
    /// async sequence), a pipe or channel read (it waits for a writer).
    /// </summary>
    internal sealed class InMemoryIo(AsyncTypes types)
    {
        private readonly AsyncTypes _types = types;
        private readonly InMemoryCalls _memory = new InMemoryCalls(types);
        private INamedTypeSymbol? _httpContent;

        public bool IsInMemory(IInvocationOperation operation, CancellationToken cancellationToken)
        {
            // Reads of a response's content are left to BufferedResponseReads, which proves the send buffered the body
            // (AG0102's reading accepts more shapes of content than a token decision should rest on).
            _httpContent ??= _types.TypeNamed("System.Net.Http.HttpContent");
            if (_httpContent != null && operation.TargetMethod.ContainingType.InheritsOrImplements(_httpContent))
            {
                return false;
            }

            return _memory.IsInMemoryCall(operation, cancellationToken);
        }
    }
}
