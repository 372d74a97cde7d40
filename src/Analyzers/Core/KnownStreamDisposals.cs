namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Stream classes of the framework known to inherit <c>Stream.DisposeAsync</c> unchanged (issue 16, fourteenth pass,
    /// wrong16, MySqlConnector's failed named pipe): <c>System.Net.Sockets.NetworkStream</c> and the pipe streams of
    /// <c>System.IO.Pipes</c> (<c>PipeStream</c>, <c>NamedPipeClientStream</c>, <c>NamedPipeServerStream</c>,
    /// <c>AnonymousPipeClientStream</c>, <c>AnonymousPipeServerStream</c>): each overrides only <c>Dispose(bool)</c>, so
    /// <c>await DisposeAsync()</c> runs the very same synchronous <c>Dispose</c> (checked on the .NET 10 runtime's
    /// implementation assemblies by reflection, and in the runtime's PipeStream source; on .NET Framework and netstandard2.0
    /// there is no DisposeAsync at all). Other classes of reference assemblies stay assumed to override (a reference assembly
    /// may leave an override out).
    /// </summary>
    internal static class KnownStreamDisposals
    {
        /// <summary>Whether <paramref name="type"/> is one of the classes above (by its full metadata name).</summary>
        public static bool InheritsStreamDisposeAsync(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class } named || named.ContainingNamespace is not { } ns)
            {
                return false;
            }

            return named.Name switch
            {
                "NetworkStream" => IsNamespace(ns, "Sockets", "Net"),
                "PipeStream" or "NamedPipeClientStream" or "NamedPipeServerStream" or "AnonymousPipeClientStream" or "AnonymousPipeServerStream"
                    => IsNamespace(ns, "Pipes", "IO"),
                _ => false,
            };
        }

        /// <summary>`System.{middle}.{last}`.</summary>
        private static bool IsNamespace(INamespaceSymbol ns, string last, string middle) =>
            ns.Name == last
            && ns.ContainingNamespace is { Name: var m, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
            && m == middle;
    }
}
