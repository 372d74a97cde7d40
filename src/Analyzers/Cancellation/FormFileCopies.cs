namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301: the request token of an <c>HttpContext</c> parameter is not offered to <c>IFormFile.CopyToAsync</c> of a
    /// file of that same request's form (<c>request.Form.Files[i]</c>, <c>.Files.GetFile(name)</c>, a <c>foreach</c> over
    /// <c>.Files</c>, or the files of an awaited <c>request.ReadFormAsync()</c>, through locals written only by their
    /// declaration) into a <c>FileStream</c> or <c>MemoryStream</c> the function creates (issue 16, deb301: DnsServer's
    /// uploads copied to a temporary file). Reading the form buffers the whole multipart body before it returns (in
    /// memory, or in a temporary file past a threshold), so the copy reads local storage and writes local storage: the
    /// client's connection is no longer involved and the upload is already bounded by the server's form limits.
    /// Still reported: a form file of unknown origin (a parameter, a field), of another request, a copy into any other
    /// stream (a parameter, a network or response stream), and any other token (a parameter, a linked source).
    /// </summary>
    internal static class FormFileCopies
    {
        /// <summary>.editorconfig: `true` offers the request token to these copies too.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0301.report_form_file_copies";

        /// <summary>The HttpContext whose buffered form file the call copies into local storage; null otherwise.</summary>
        public static ISymbol? OwnFormContext(IInvocationOperation operation, CancellationToken cancellationToken)
        {
            var method = operation.TargetMethod;
            if (method.Name != "CopyToAsync" || method.ContainingType is not { Name: "IFormFile" or "FormFile" } type
                || !RequestBodyIo.IsInNamespace(type, "Microsoft", "AspNetCore", "Http") || operation.Instance is null)
            {
                return null;
            }

            IOperation? target = null;
            foreach (var argument in operation.Arguments)
            {
                if (argument.Parameter is { Ordinal: 0 })
                {
                    target = argument.Value;
                }
            }

            if (target is null || !IsLocalStorage(target, cancellationToken))
            {
                return null;
            }

            return FileContext(operation.Instance, cancellationToken, 0);
        }

        /// <summary>The context of the request whose form holds the file the operation reads.</summary>
        private static ISymbol? FileContext(IOperation operation, CancellationToken cancellationToken, int depth)
        {
            operation = WithoutConversions(operation);
            if (depth > 4)
            {
                return null;
            }

            switch (operation)
            {
                case ILocalReferenceOperation { Local: var local }:
                    if (ForEachCollection(local, operation.SemanticModel, cancellationToken) is { } collection)
                    {
                        return FilesContext(collection, cancellationToken);
                    }

                    return Initializer(local, operation.SemanticModel, cancellationToken) is { } value ? FileContext(value, cancellationToken, depth + 1) : null;
                case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } files }:
                    // files[0], files["name"]
                    return FilesContext(files, cancellationToken);
                case IInvocationOperation { TargetMethod.Name: "GetFile", Instance: { } files }:
                    return FilesContext(files, cancellationToken);
                default:
                    return null;
            }
        }

        /// <summary>The context of the request whose form's file collection the operation is.</summary>
        private static ISymbol? FilesContext(IOperation operation, CancellationToken cancellationToken) =>
            Resolved(operation, cancellationToken, 6) is IPropertyReferenceOperation { Property: { Name: "Files" } property, Instance: { } form }
            && RequestBodyIo.IsInNamespace(property.ContainingType, "Microsoft", "AspNetCore", "Http")
                ? FormContext(form, cancellationToken)
                : null;

        /// <summary>The context of the request whose read form the operation is: `request.Form`, `await request.ReadFormAsync()`.</summary>
        private static ISymbol? FormContext(IOperation operation, CancellationToken cancellationToken)
        {
            switch (Resolved(operation, cancellationToken, 8))
            {
                case IPropertyReferenceOperation { Property: { Name: "Form" } property, Instance: { } request }
                    when RequestBodyIo.IsInNamespace(property.ContainingType, "Microsoft", "AspNetCore", "Http"):
                    return RequestContext(request, cancellationToken);
                case IAwaitOperation { Operation: var awaited }:
                    var call = WithoutConversions(awaited);
                    if (call is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } inner })
                    {
                        call = WithoutConversions(inner);
                    }

                    if (call is IInvocationOperation { TargetMethod: { Name: "ReadFormAsync" } read } invocation
                        && RequestBodyIo.IsInNamespace(read.ContainingType, "Microsoft", "AspNetCore", "Http"))
                    {
                        var receiver = invocation.Instance ?? (read.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
                        return receiver is null ? null : RequestContext(receiver, cancellationToken);
                    }

                    return null;
                default:
                    return null;
            }
        }

        /// <summary>The context whose `Request` the operation is (directly or through a local written only by its declaration).</summary>
        private static ISymbol? RequestContext(IOperation operation, CancellationToken cancellationToken)
        {
            if (Resolved(operation, cancellationToken, 10) is not { } request)
            {
                return null;
            }

            var (part, context) = RequestBodyIo.Origin(request, cancellationToken, 0);
            return part == RequestBodyIo.Part.Request ? context : null;
        }

        /// <summary>
        /// The destination is storage of the machine the function created: `new FileStream(..)` / `new MemoryStream(..)`
        /// (or a type derived from them), `File.Create`, `File.OpenWrite`, `File.Open`, `FileInfo.Create` / `OpenWrite`,
        /// directly or through a local written only by its declaration.
        /// </summary>
        private static bool IsLocalStorage(IOperation operation, CancellationToken cancellationToken)
        {
            switch (Resolved(operation, cancellationToken, 4))
            {
                case IObjectCreationOperation { Type: var created }:
                    return DerivesFrom(created, "FileStream") || DerivesFrom(created, "MemoryStream");
                case IInvocationOperation { TargetMethod: { Name: "Create" or "OpenWrite" or "Open" } method }
                    when method.ContainingType is { Name: "File" or "FileInfo" } owner && RequestBodyIo.IsInNamespace(owner, "System", "IO"):
                    return true;
                default:
                    return false;
            }
        }

        internal static bool DerivesFrom(ITypeSymbol? type, string name)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                if (current.Name == name && RequestBodyIo.IsInNamespace(current, "System", "IO"))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The collection a `foreach` iteration variable walks, when the local is one.</summary>
        private static IOperation? ForEachCollection(ILocalSymbol local, SemanticModel? model, CancellationToken cancellationToken)
        {
            if (model is null || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ForEachStatementSyntax loop
                || model.GetOperation(loop, cancellationToken) is not IForEachLoopOperation operation)
            {
                return null;
            }

            return operation.Collection;
        }

        /// <summary>
        /// The initializer of a local that is never written after its declaration (not assigned, not passed by ref/out,
        /// not incremented; writing one of its members, `fS.Position = 0`, does not change which object it holds).
        /// </summary>
        internal static IOperation? Initializer(ILocalSymbol local, SemanticModel? model, CancellationToken cancellationToken)
        {
            if (model is null || local.IsRef || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } value } declarator
                || declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } scope)
            {
                return null;
            }

            foreach (var node in scope.DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == local.Name && IsWrittenItself(identifier))
                {
                    // A write to a name like this one (possibly another variable): give up rather than bind it.
                    return null;
                }
            }

            return model.SyntaxTree == value.SyntaxTree ? model.GetOperation(value, cancellationToken) : null;
        }

        /// <summary>The identifier itself is written (not a member of what it names).</summary>
        private static bool IsWrittenItself(IdentifierNameSyntax identifier)
        {
            SyntaxNode node = identifier;
            while (node.Parent is ParenthesizedExpressionSyntax or TupleExpressionSyntax || node.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax })
            {
                node = node.Parent;
            }

            return node.Parent switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left == node,
                ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
                RefExpressionSyntax => true,
                PrefixUnaryExpressionSyntax prefix => prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression),
                PostfixUnaryExpressionSyntax postfix => !postfix.IsKind(SyntaxKind.SuppressNullableWarningExpression),
                _ => false,
            };
        }

        /// <summary>
        /// The operation without conversions, through locals written only by their declaration to the value they were declared
        /// with (at most <paramref name="hops"/> of them); null for a local written otherwise or a longer chain.
        /// </summary>
        internal static IOperation? Resolved(IOperation operation, CancellationToken cancellationToken, int hops)
        {
            operation = WithoutConversions(operation);
            for (var hop = 0; operation is ILocalReferenceOperation { Local: var local }; hop++)
            {
                if (hop >= hops || Initializer(local, operation.SemanticModel, cancellationToken) is not { } value)
                {
                    return null;
                }

                operation = WithoutConversions(value);
            }

            return operation;
        }

        private static IOperation WithoutConversions(IOperation operation)
        {
            while (operation is IConversionOperation { OperatorMethod: null } conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }
    }
}
