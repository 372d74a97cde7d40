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
    }
}
