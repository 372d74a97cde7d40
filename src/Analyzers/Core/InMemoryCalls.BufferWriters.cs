namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// InMemoryCalls' JSON writers made over a buffer writer (issue 16, thirteenth pass, from the peers' reports on
    /// in-memory writers; never blocks, no option): <c>new Utf8JsonWriter(bufferWriter, ..)</c>, whose first parameter is
    /// an <c>IBufferWriter&lt;byte&gt;</c>, holds no stream: its <c>Flush()</c> and <c>Dispose()</c> only advance the
    /// buffer writer past the bytes written, and its <c>FlushAsync</c> / <c>DisposeAsync</c> do the very same work and
    /// return a completed task (they never flush a <c>PipeWriter</c> given as the buffer). So AG0102's
    /// <c>await writer.FlushAsync()</c> / <c>await using</c> would add a state machine and nothing else.
    /// Still reported: a writer made over a <c>Stream</c> (its flush writes to the stream), and a local writer that is
    /// <c>Reset</c> to a stream anywhere in the function.
    /// </summary>
    internal sealed partial class InMemoryCalls
    {
        private static bool IsJsonWriterOverBufferWriter(IOperation value, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            if (value is not IObjectCreationOperation { Constructor: { Parameters: { Length: > 0 } parameters } constructor, Type: INamedTypeSymbol writer }
                || writer is not { Name: "Utf8JsonWriter", ContainingNamespace: { Name: "Json", ContainingNamespace: { Name: "Text", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } }
                || constructor.ContainingAssembly is ISourceAssemblySymbol
                || parameters[0].Type is not INamedTypeSymbol { Name: "IBufferWriter", Arity: 1, ContainingNamespace: { Name: "Buffers", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } bufferWriter
                || bufferWriter.TypeArguments[0].SpecialType != SpecialType.System_Byte)
            {
                return false;
            }

            // A local it initialises must not be pointed at a stream later: `writer.Reset(stream)`.
            var parent = value.Parent;
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } local } })
            {
                return LocalReferences.All(local, function, model, cancellationToken, reference =>
                    reference.Parent is not IInvocationOperation { TargetMethod.Name: "Reset", Arguments: { Length: 1 } arguments } reset
                    || reset.Instance != reference
                    || arguments[0].Value.Type is not { } given
                    || !IsStream(given));
            }

            return true;
        }

        private static bool IsStream(ITypeSymbol type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (t is { Name: "Stream", ContainingNamespace: { Name: "IO", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } })
                {
                    return true;
                }
            }

            return false;
        }
    }
}
