namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301: the request token of an <c>HttpContext</c> (<c>context.RequestAborted</c>, or a local read from it) is not
    /// offered to I/O on that same request's own body when the data is already in memory:
    /// <list type="bullet">
    /// <item>writes to <c>context.Response</c>, its <c>Body</c> stream or <c>BodyWriter</c> of a string, a buffer or a
    /// serialised in-memory object (<c>WriteAsync</c>, <c>WriteAsJsonAsync</c>, <c>FlushAsync</c>, <c>StartAsync</c>,
    /// <c>JsonSerializer.SerializeAsync(body, value)</c>), and a <c>MemoryStream</c> copied to the response body;</item>
    /// <item>reads of <c>context.Request</c>, its <c>Body</c> stream or <c>BodyReader</c> (<c>ReadAsync</c>,
    /// <c>CopyToAsync</c> from the body, <c>ReadFormAsync</c>, <c>ReadFromJsonAsync</c>,
    /// <c>JsonSerializer.DeserializeAsync(body)</c>, <c>JsonDocument.ParseAsync(body)</c>).</item>
    /// </list>
    /// When the client goes, the server fails the body's pending and later reads, and completes later response writes
    /// without sending them (a write without a token does not throw): nothing is left running that the token would stop.
    /// A copy from another stream (a file, a network stream: <c>CopyToAsync</c>, <c>SendFileAsync</c>) goes on reading
    /// its source after the client left and is still reported; so is a serialised value that is produced while it is
    /// written (an <c>IAsyncEnumerable</c>, an <c>IQueryable</c>, a stream, or a value typed only as an interface or
    /// <c>object</c>). Another token (a parameter, a linked source) is still offered.
    /// </summary>
    internal static class RequestBodyIo
    {
        /// <summary>.editorconfig: `true` offers the request token to the request's own body I/O too.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0301.report_request_body_io";

        internal enum Part
        {
            None,
            Request,
            Response,
            RequestBody,
            ResponseBody,
            MemoryStream,
            RequestBodyReader, // d301 (RequestOwnIo): a text reader the function makes over the request body
            Context,           // d301: `request.HttpContext` of the request or response of a context
            Connection,        // d301: the context's `Connection`
        }

        /// <summary>The tokens without the request tokens of the HttpContext whose own body the call reads or writes from memory.</summary>
        public static ImmutableArray<AvailableToken> Filter(ImmutableArray<AvailableToken> tokens, IInvocationOperation operation, AnalyzerConfigOptions options, CancellationToken cancellationToken)
        {
            var any = false;
            foreach (var token in tokens)
            {
                if (RequestTokenOwner(token, cancellationToken) != null)
                {
                    any = true;
                    break;
                }
            }

            if (!any)
            {
                return tokens;
            }

            var reportBody = RuleOptions.GetBool(options, ReportOption);
            var context = reportBody ? null : OwnBodyContext(operation, cancellationToken) ?? CompressedResponseWrites.ResponseContext(operation, cancellationToken)
                ?? RequestOwnIo.WrappedBodyContext(operation, cancellationToken); // d301: a timeout wrapper around own-body I/O only
            if (context is null && !RuleOptions.GetBool(options, FormFileCopies.ReportOption))
            {
                // A file of the same request's form, buffered by the form read, copied into local storage.
                context = FormFileCopies.OwnFormContext(operation, cancellationToken);
            }

            if (context is null)
            {
                return tokens;
            }

            var kept = ImmutableArray.CreateBuilder<AvailableToken>(tokens.Length);
            foreach (var token in tokens)
            {
                if (!RequestTokenOwner(token, cancellationToken).Is(context))
                {
                    kept.Add(token);
                }
            }

            return kept.Count == tokens.Length ? tokens : kept.ToImmutable();
        }

        /// <summary>The HttpContext parameter or local whose `RequestAborted` the token is (directly, or a local read once from it).</summary>
        internal static ISymbol? RequestTokenOwner(AvailableToken token, CancellationToken cancellationToken)
        {
            switch (token.Kind)
            {
                case TokenSourceKind.ParameterMember:
                    return token.Owner is { } owner && IsHttpContext(owner.Type) && token.Symbol is IPropertySymbol { Name: "RequestAborted" } ? owner
                        : RequestOwnIo.CarrierTokenOwner(token); // d301: the token of a call context that carries the HttpContext
                case TokenSourceKind.Local when token.Symbol is ILocalSymbol local
                    && SingleValue(local, cancellationToken) is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "RequestAborted", Expression: IdentifierNameSyntax contextName } access:
                    // The owner is matched by symbol below; resolve it through the declaration's own model-free shape: the
                    // identifier must name a parameter or local of type HttpContext of the same member.
                    return ContextNamed(contextName, local);
                default:
                    return null;
            }
        }

        /// <summary>The HttpContext parameter or local of <paramref name="user"/>'s containing method named by <paramref name="name"/>.</summary>
        private static ISymbol? ContextNamed(IdentifierNameSyntax name, ILocalSymbol user)
        {
            var text = name.Identifier.ValueText;
            for (var symbol = user.ContainingSymbol; symbol is IMethodSymbol method; symbol = method.ContainingSymbol)
            {
                foreach (var parameter in method.Parameters)
                {
                    if (parameter.Name == text)
                    {
                        return IsHttpContext(parameter.Type) ? parameter : null;
                    }
                }
            }

            return null;
        }

        /// <summary>The HttpContext whose own request or response body the call reads or writes with data in memory; null otherwise.</summary>
        internal static ISymbol? OwnBodyContext(IInvocationOperation operation, CancellationToken cancellationToken)
        {
            var method = operation.TargetMethod;
            var receiver = operation.Instance ?? (method.IsExtensionMethod && operation.Arguments.Length > 0 ? operation.Arguments[0].Value : null);
            var (part, context) = receiver is null ? (Part.None, null) : Origin(receiver, cancellationToken, 0);
            var type = method.ContainingType;
            var name = method.Name;
            switch (part)
            {
                case Part.Response when IsAspNetHttp(type):
                    // HttpResponseWritingExtensions.WriteAsync(string), HttpResponse.StartAsync / CompleteAsync,
                    // HttpResponseJsonExtensions.WriteAsJsonAsync(value): SendFileAsync and the rest stay reported.
                    if (name is "WriteAsync" or "StartAsync" or "CompleteAsync")
                    {
                        return context;
                    }

                    return name == "WriteAsJsonAsync" && InMemoryArgument(operation, "value") ? context : null;
                case Part.Request when IsAspNetHttp(type):
                    return name is "ReadFormAsync" or "ReadFromJsonAsync" ? context : null;
                case Part.ResponseBody:
                    // Stream / PipeWriter: the data written is a buffer the caller holds.
                    return name is "WriteAsync" or "FlushAsync" or "CompleteAsync" ? context : null;
                case Part.RequestBody:
                    return name is "ReadAsync" or "ReadAtLeastAsync" or "ReadExactlyAsync" or "CopyToAsync" ? context : null;
                case Part.RequestBodyReader or Part.Connection:
                    return RequestOwnIo.OwnContext(part, method, context);
                case Part.MemoryStream when name == "CopyToAsync" && operation.Arguments.Length > 0:
                    var (destination, destinationContext) = Origin(ArgumentValue(operation, 0), cancellationToken, 0);
                    return destination == Part.ResponseBody ? destinationContext : null;
            }

            if (!method.IsStatic || type is null || !IsInNamespace(type, "System", "Text", "Json") || operation.Arguments.Length == 0)
            {
                return null;
            }

            // JsonSerializer.DeserializeAsync(body, ..), JsonDocument/JsonNode.ParseAsync(body, ..),
            // JsonSerializer.SerializeAsync(body, value, ..).
            var (first, firstContext) = Origin(ArgumentValue(operation, 0), cancellationToken, 0);
            if (name is "DeserializeAsync" or "ParseAsync")
            {
                return first == Part.RequestBody ? firstContext : null;
            }

            return name == "SerializeAsync" && first == Part.ResponseBody && InMemoryArgument(operation, "value") ? firstContext : null;
        }

        private static IOperation ArgumentValue(IInvocationOperation operation, int index)
        {
            foreach (var argument in operation.Arguments)
            {
                if (argument.Parameter?.Ordinal == index)
                {
                    return argument.Value;
                }
            }

            return operation.Arguments[index].Value;
        }

        /// <summary>
        /// What the operation reads: `context.Response` / `.Request` of an HttpContext parameter or local, their body
        /// (`Body`, `BodyWriter`, `BodyReader`), a MemoryStream, through locals written only by their declaration.
        /// </summary>
        internal static (Part Part, ISymbol? Context) Origin(IOperation operation, CancellationToken cancellationToken, int depth)
        {
            while (operation is IConversionOperation { OperatorMethod: null } conversion)
            {
                operation = conversion.Operand;
            }

            if (depth > 3)
            {
                return (Part.None, null);
            }

            switch (operation)
            {
                case ILocalReferenceOperation { Local: var local } when IsMemoryStream(local.Type):
                    return (Part.MemoryStream, null);
                case IObjectCreationOperation { Type: var created } when IsMemoryStream(created):
                    return (Part.MemoryStream, null);
                case ILocalReferenceOperation { Local: var local }:
                    if (SingleValue(local, cancellationToken) is { } value
                        && operation.SemanticModel?.GetOperation(value, cancellationToken) is { } initializer)
                    {
                        return Origin(initializer, cancellationToken, depth + 1);
                    }

                    return (Part.None, null);
                case IPropertyReferenceOperation { Instance: { } instance, Property: var property }:
                    switch (property.Name)
                    {
                        case "Response" or "Request" when IsHttpContext(property.ContainingType):
                            var context = ContextSymbol(instance);
                            return context is null ? (Part.None, null) : (property.Name == "Response" ? Part.Response : Part.Request, context);
                        case "Body" or "BodyWriter" or "BodyReader" when IsAspNetHttp(property.ContainingType):
                            var (owner, ownerContext) = Origin(instance, cancellationToken, depth + 1);
                            return owner switch
                            {
                                Part.Response when property.Name != "BodyReader" => (Part.ResponseBody, ownerContext),
                                Part.Request when property.Name != "BodyWriter" => (Part.RequestBody, ownerContext),
                                _ => (Part.None, null),
                            };
                        default:
                            return RequestOwnIo.PropertyOrigin(instance, property, cancellationToken, depth); // d301
                    }

                case IObjectCreationOperation creation:
                    return RequestOwnIo.CreationOrigin(creation, cancellationToken, depth); // d301
                default:
                    return (Part.None, null);
            }
        }

        /// <summary>The HttpContext parameter (or local written only by its declaration) the operation reads.</summary>
        private static ISymbol? ContextSymbol(IOperation operation)
        {
            while (operation is IConversionOperation { OperatorMethod: null } conversion)
            {
                operation = conversion.Operand;
            }

            return operation switch
            {
                IParameterReferenceOperation { Parameter: var parameter } when parameter.RefKind == RefKind.None => parameter,
                _ => RequestOwnIo.CarrierOf(operation), // d301: `call.HttpContext` of a parameter carrying it
            };
        }

        /// <summary>The initializer of a local that nothing but its declaration writes (no assignment, ref/out or `ref` in its member).</summary>
        private static ExpressionSyntax? SingleValue(ILocalSymbol local, CancellationToken cancellationToken)
        {
            if (local.IsRef || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } value } declarator)
            {
                return null;
            }

            var scope = declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>();
            if (scope is null)
            {
                return null;
            }

            foreach (var node in scope.DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == local.Name && identifier.IsWritePosition())
                {
                    // A write to a name like this one (possibly another variable): give up rather than bind it.
                    return null;
                }
            }

            return value;
        }

        /// <summary>
        /// The value argument is held in memory: a string, an array or a concrete type that is not produced while it is
        /// written (not an IAsyncEnumerable, IQueryable, Stream or PipeReader; not typed as an interface, object or a
        /// type parameter).
        /// </summary>
        private static bool InMemoryArgument(IInvocationOperation operation, string parameterName)
        {
            foreach (var argument in operation.Arguments)
            {
                if (argument.Parameter?.Name != parameterName)
                {
                    continue;
                }

                var value = argument.Value;
                while (value is IConversionOperation { OperatorMethod: null } conversion)
                {
                    value = conversion.Operand;
                }

                return IsInMemory(value.Type);
            }

            return false;
        }

        private static bool IsInMemory(ITypeSymbol? type)
        {
            if (type is null || type.TypeKind is TypeKind.Interface or TypeKind.TypeParameter or TypeKind.Dynamic or TypeKind.Error
                || type.SpecialType == SpecialType.System_Object)
            {
                return false;
            }

            if (type.SpecialType == SpecialType.System_String || type is IArrayTypeSymbol)
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if ((implemented.Name == "IAsyncEnumerable" && IsInNamespace(implemented, "System", "Collections", "Generic"))
                    || (implemented.Name == "IQueryable" && IsInNamespace(implemented, "System", "Linq")))
                {
                    return false;
                }
            }

            for (var current = type; current != null; current = current.BaseType)
            {
                if (current.Name is "Stream" or "PipeReader" && (IsInNamespace(current, "System", "IO") || IsInNamespace(current, "System", "IO", "Pipelines")))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsMemoryStream(ITypeSymbol? type)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                if (current.Name == "MemoryStream" && IsInNamespace(current, "System", "IO"))
                {
                    return true;
                }
            }

            return false;
        }

        internal static bool IsHttpContext(ITypeSymbol? type)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                if (current.Name == "HttpContext" && IsInNamespace(current, "Microsoft", "AspNetCore", "Http"))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A type of Microsoft.AspNetCore.Http (HttpResponse, HttpRequest and their extension classes).</summary>
        internal static bool IsAspNetHttp(ITypeSymbol? type) => type != null && IsInNamespace(type, "Microsoft", "AspNetCore", "Http");

        internal static bool IsInNamespace(ISymbol symbol, params string[] parts)
        {
            var ns = symbol.ContainingNamespace;
            for (var i = parts.Length - 1; i >= 0; i--)
            {
                if (ns is null || ns.Name != parts[i])
                {
                    return false;
                }

                ns = ns.ContainingNamespace;
            }

            return ns is { IsGlobalNamespace: true };
        }
    }
}
