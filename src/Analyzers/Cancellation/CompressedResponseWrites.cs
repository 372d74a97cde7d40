namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301 (issue 16, deb301): a response body chosen by content negotiation. A local <c>Stream</c> every assignment of
    /// which is the response body of one <c>HttpContext</c> parameter or a compression stream the function creates over
    /// it (<c>GZipStream</c>, <c>BrotliStream</c>, <c>DeflateStream</c>, <c>ZLibStream</c> in compress mode or with a
    /// compression level) is written from memory (<c>WriteAsync</c> of a buffer, <c>FlushAsync</c>): the encoder compresses
    /// the buffer and writes the result to the response body, which the server completes without sending once the client
    /// has gone. This is the in-memory response write of <see cref="RequestBodyIo"/> through an encoder (DnsServer's
    /// truncation marker after a log download), and the same option reports it again.
    /// Still reported: a copy into such a stream from another stream (the copy reads its source for as long as it is),
    /// a local also assigned anything else (a file, a parameter) or passed by reference, a decompressing stream, another
    /// request's body, and any other token.
    /// </summary>
    internal static class CompressedResponseWrites
    {
        /// <summary>The HttpContext whose response body (directly or through a compressor) the call writes from memory; null otherwise.</summary>
        public static ISymbol? ResponseContext(IInvocationOperation operation, CancellationToken cancellationToken)
        {
            if (operation.TargetMethod.Name is not ("WriteAsync" or "FlushAsync")
                || operation.Instance is not ILocalReferenceOperation { Local: { IsRef: false } local } receiver
                || !IsStream(local.Type) || receiver.SemanticModel is not { } model
                || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator
                || declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } scope)
            {
                return null;
            }

            ISymbol? context = null;
            var values = 0;
            if (declarator.Initializer?.Value is { } initial)
            {
                if (!Writes(model.GetOperation(initial, cancellationToken), ref context, cancellationToken))
                {
                    return null;
                }

                values++;
            }

            foreach (var node in scope.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != local.Name || !identifier.IsWritePosition())
                {
                    continue;
                }

                // Only `s = value;` with the name itself as the target; anything else (a tuple, ref/out, ++, a member of
                // another variable named alike) gives up.
                if (identifier.Parent is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
                    || assignment.Left != identifier
                    || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, local)
                    || !Writes(model.GetOperation(assignment.Right, cancellationToken), ref context, cancellationToken))
                {
                    return null;
                }

                values++;
            }

            return values > 0 ? context : null;
        }

        /// <summary>The value is the response body of <paramref name="context"/> (set by the first value), or a compressor over it.</summary>
        private static bool Writes(IOperation? value, ref ISymbol? context, CancellationToken cancellationToken)
        {
            while (value is IConversionOperation { OperatorMethod: null } conversion)
            {
                value = conversion.Operand;
            }

            if (value is null)
            {
                return false;
            }

            if (value is IObjectCreationOperation { Type: { } created } creation)
            {
                if (!IsCompressor(created) || creation.Arguments.Length < 2 || !Compresses(creation.Arguments[1].Value))
                {
                    return false;
                }

                value = creation.Arguments[0].Value;
            }

            var owner = BodyContext(value, cancellationToken);
            if (owner is null)
            {
                return false;
            }

            if (context is null)
            {
                context = owner;
                return true;
            }

            return SymbolEqualityComparer.Default.Equals(context, owner);
        }

        /// <summary>`x.Body` where `x` is `context.Response` of an HttpContext parameter (through locals never written after their declaration).</summary>
        private static ISymbol? BodyContext(IOperation operation, CancellationToken cancellationToken) =>
            FormFileCopies.Resolved(operation, cancellationToken, 4) is IPropertyReferenceOperation { Property: { Name: "Body" } property, Instance: { } response }
            && RequestBodyIo.IsInNamespace(property.ContainingType, "Microsoft", "AspNetCore", "Http")
                ? ResponseContext(response, cancellationToken)
                : null;

        private static ISymbol? ResponseContext(IOperation operation, CancellationToken cancellationToken)
        {
            if (FormFileCopies.Resolved(operation, cancellationToken, 6) is not { } response)
            {
                return null;
            }

            var (part, context) = RequestBodyIo.Origin(response, cancellationToken, 0);
            return part == RequestBodyIo.Part.Response ? context : null;
        }

        /// <summary>The second argument makes the stream compress: `CompressionMode.Compress`, or any `CompressionLevel`.</summary>
        private static bool Compresses(IOperation argument)
        {
            while (argument is IConversionOperation { OperatorMethod: null } conversion)
            {
                argument = conversion.Operand;
            }

            if (argument.Type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } type || !RequestBodyIo.IsInNamespace(type, "System", "IO", "Compression"))
            {
                return false;
            }

            if (type.Name == "CompressionLevel")
            {
                return true;
            }

            return type.Name == "CompressionMode" && argument is IFieldReferenceOperation { Field.Name: "Compress" };
        }

        private static bool IsCompressor(ITypeSymbol type) =>
            type.Name is "GZipStream" or "BrotliStream" or "DeflateStream" or "ZLibStream" && RequestBodyIo.IsInNamespace(type, "System", "IO", "Compression");

        private static bool IsStream(ITypeSymbol? type)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                if (current.Name == "Stream" && RequestBodyIo.IsInNamespace(current, "System", "IO"))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
