namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301, issue 16 (d301): more of the request's own I/O for <see cref="RequestBodyIo"/> (same key,
    /// <c>report_request_body_io</c>), where the server ends the operation itself when the client goes:
    /// <list type="bullet">
    /// <item>reads through a text reader the function makes over the request body (<c>new StreamReader(context.Request.Body)</c>,
    /// then <c>ReadToEndAsync</c>, <c>ReadLineAsync</c>, <c>ReadAsync</c>, <c>ReadBlockAsync</c>);</item>
    /// <item>the client certificate of the request's own connection (<c>context.Connection.GetClientCertificateAsync()</c>,
    /// also through <c>request.HttpContext</c>): it waits only for a renegotiation on that connection;</item>
    /// <item>a call context that carries the HttpContext (a parameter with an instance <c>HttpContext</c> property, such as a
    /// server call context): its token member is the call's token, and I/O on <c>call.HttpContext</c>'s own body is
    /// treated as for the HttpContext itself;</item>
    /// <item>a timeout wrapper handed only a function of its token whose every call is such own-body I/O of the same
    /// request (<c>TimeoutAsync(async t =&gt; await memory.CopyToAsync(response.Body, t), timeout)</c>).</item>
    /// </list>
    /// </summary>
    internal static class RequestOwnIo
    {
        /// <summary>The carrier parameter whose token member <paramref name="token"/> is; null for any other token.</summary>
        public static ISymbol? CarrierTokenOwner(AvailableToken token) =>
            token.Kind == TokenSourceKind.ParameterMember && token.Owner is { } owner && IsCarrier(owner.Type) ? owner : null;

        /// <summary>The parameter of `parameter.HttpContext` (a call context carrying the HttpContext); null otherwise.</summary>
        public static ISymbol? CarrierOf(IOperation operation) =>
            operation is IPropertyReferenceOperation { Instance: IParameterReferenceOperation { Parameter: { RefKind: RefKind.None } parameter }, Property: var property }
            && RequestBodyIo.IsHttpContext(property.Type) && IsCarrier(parameter.Type)
                ? parameter
                : null;

        /// <summary>A type, not an HttpContext itself, with an instance property of type HttpContext.</summary>
        private static bool IsCarrier(ITypeSymbol? type)
        {
            if (type is null || RequestBodyIo.IsHttpContext(type))
            {
                return false;
            }

            for (var current = type; current != null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers("HttpContext"))
                {
                    if (member is IPropertySymbol { IsStatic: false } property && RequestBodyIo.IsHttpContext(property.Type))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>`request.HttpContext` (Context) and `context.Connection` (Connection) of a known request context.</summary>
        public static (RequestBodyIo.Part Part, ISymbol? Context) PropertyOrigin(IOperation instance, IPropertySymbol property, CancellationToken cancellationToken, int depth)
        {
            switch (property.Name)
            {
                case "HttpContext" when RequestBodyIo.IsAspNetHttp(property.ContainingType) && RequestBodyIo.IsHttpContext(property.Type):
                    var (owner, context) = RequestBodyIo.Origin(instance, cancellationToken, depth + 1);
                    return owner is RequestBodyIo.Part.Request or RequestBodyIo.Part.Response ? (RequestBodyIo.Part.Context, context) : (RequestBodyIo.Part.None, null);
                case "Connection" when RequestBodyIo.IsHttpContext(property.ContainingType):
                    var direct = instance is IParameterReferenceOperation { Parameter: { RefKind: RefKind.None } parameter } ? parameter : CarrierOf(instance);
                    if (direct != null)
                    {
                        return (RequestBodyIo.Part.Connection, direct);
                    }

                    var (part, viaRequest) = RequestBodyIo.Origin(instance, cancellationToken, depth + 1);
                    return part == RequestBodyIo.Part.Context ? (RequestBodyIo.Part.Connection, viaRequest) : (RequestBodyIo.Part.None, null);
                default:
                    return (RequestBodyIo.Part.None, null);
            }
        }

        /// <summary>`new StreamReader(requestBody, ..)`: a text reader over the request body.</summary>
        public static (RequestBodyIo.Part Part, ISymbol? Context) CreationOrigin(IObjectCreationOperation creation, CancellationToken cancellationToken, int depth)
        {
            if (creation.Type is not { Name: "StreamReader" } type || !RequestBodyIo.IsInNamespace(type, "System", "IO")
                || creation.Arguments.Length == 0 || creation.Arguments[0].Value.Type is not { Name: "Stream" })
            {
                return (RequestBodyIo.Part.None, null);
            }

            var (part, context) = RequestBodyIo.Origin(creation.Arguments[0].Value, cancellationToken, depth + 1);
            return part == RequestBodyIo.Part.RequestBody ? (RequestBodyIo.Part.RequestBodyReader, context) : (RequestBodyIo.Part.None, null);
        }

        /// <summary>The context whose own I/O the call on a body reader or the connection is.</summary>
        public static ISymbol? OwnContext(RequestBodyIo.Part part, IMethodSymbol method, ISymbol? context) => part switch
        {
            RequestBodyIo.Part.RequestBodyReader when method.Name is "ReadToEndAsync" or "ReadLineAsync" or "ReadAsync" or "ReadBlockAsync" => context,
            RequestBodyIo.Part.Connection when method.Name == "GetClientCertificateAsync" && RequestBodyIo.IsAspNetHttp(method.ContainingType) => context,
            _ => null,
        };

        /// <summary>
        /// A call handed a function of a single CancellationToken (a timeout or retry wrapper) whose every call is own-body
        /// I/O of one request context: that context; null otherwise.
        /// </summary>
        public static ISymbol? WrappedBodyContext(IInvocationOperation operation, CancellationToken cancellationToken)
        {
            ISymbol? context = null;
            var functions = 0;
            foreach (var argument in operation.Arguments)
            {
                var value = argument.Value;
                while (value is IConversionOperation { OperatorMethod: null } conversion)
                {
                    value = conversion.Operand;
                }

                if (value is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation function })
                {
                    continue;
                }

                if (function.Symbol.Parameters.Length != 1 || function.Symbol.Parameters[0].Type is not { Name: "CancellationToken" } tokenType
                    || !RequestBodyIo.IsInNamespace(tokenType, "System", "Threading"))
                {
                    return null;
                }

                functions++;
                var calls = 0;
                foreach (var node in function.Body.Descendants())
                {
                    if (node is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    {
                        return null;
                    }

                    if (node is not IInvocationOperation call)
                    {
                        continue;
                    }

                    var own = RequestBodyIo.OwnBodyContext(call, cancellationToken);
                    if (own is null || (context != null && !own.Is(context)))
                    {
                        return null;
                    }

                    context = own;
                    calls++;
                }

                if (calls == 0)
                {
                    return null;
                }
            }

            return functions == 0 ? null : context;
        }
    }
}
