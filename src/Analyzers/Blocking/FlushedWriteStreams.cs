namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// Corpus6 D4: a `using` of a file stream whose every write is followed, in the same block, by an awaited `FlushAsync` of
    /// it: nothing is left in its buffer when the `using` ends, so the sync `Dispose` only closes the handle (which
    /// `DisposeAsync` does synchronously as well). The resource is one local or by-value parameter that is a
    /// <c>FileStream</c> (by static type, or a local whose one initializer is `new FileStream(..)` of a library type);
    /// compression, crypto or zip-entry streams write a final block on disposal and are never silent here. Every reference to
    /// it in the function (none in a lambda or local function) is the `using` itself, a property read, a `Seek`, a read, a
    /// statement `[await] s.Write*(..)`, or a statement `await s.FlushAsync(..)`; between a write and its flush only statements
    /// that do not name it and do not jump, or `if (!s.CanWrite) break;` (a stream that cannot write holds nothing to flush).
    /// Still reported: a write after the last flush, a sync `Flush()` as the flush, a flush under a condition, the stream
    /// handed to anything, a stream of unknown type. `dotnet_diagnostic.AG0102.report_flushed_write_streams = true` reports these.
    /// </summary>
    internal static class FlushedWriteStreams
    {
        public const string ReportOption = "dotnet_diagnostic.AG0102.report_flushed_write_streams";

        public static bool Reported(AnalyzerConfigOptions options) => RuleOptions.GetBool(options, ReportOption);

        public static bool IsFlushed(IOperation usingOperation, AsyncTypes types, CancellationToken cancellationToken)
        {
            var fileStream = types.TypeNamed("System.IO.FileStream");
            if (fileStream is null || usingOperation.SemanticModel is not { } model
                || Resource(usingOperation) is not { } variable
                || !IsFileStream(variable, fileStream, model, cancellationToken))
            {
                return false;
            }

            // The function around the `using` (null: the member's own body, whose root operation is then searched).
            var function = EnclosingFunction.InnermostFunction(usingOperation);
            var scope = function ?? usingOperation;
            while (function is null && scope.Parent is { } parent)
            {
                scope = parent;
            }

            if (function != null && !variable.ContainingSymbol.Is(EnclosingFunction.SymbolOf(function)))
            {
                return false; // declared outside the lambda: uses out there are not searched
            }

            var writes = 0;
            foreach (var reference in scope.Descendants())
            {
                if (reference is not (ILocalReferenceOperation or IParameterReferenceOperation) || !Referenced(reference).Is(variable))
                {
                    continue;
                }

                if (!ReferenceEquals(EnclosingFunction.InnermostFunction(reference), function))
                {
                    return false; // captured: a lambda may write or flush at any time
                }

                switch (Use(reference, types))
                {
                    case StreamUse.Resource or StreamUse.Neutral or StreamUse.Flush:
                        break;
                    case StreamUse.Write when IsFlushedAfter(reference, variable, model, cancellationToken):
                        writes++;
                        break;
                    default:
                        return false;
                }
            }

            return writes > 0;
        }

        private enum StreamUse { Other, Resource, Neutral, Write, Flush }

        private static ISymbol? Referenced(IOperation reference) =>
            (reference as ILocalReferenceOperation)?.Local ?? (ISymbol?)(reference as IParameterReferenceOperation)?.Parameter;

        /// <summary>The one variable the `using` disposes: a declared local, or `using (x)` of a local or by-value parameter.</summary>
        private static ISymbol? Resource(IOperation usingOperation)
        {
            var resources = UsingResources.Of(usingOperation);
            if (resources is IVariableDeclarationGroupOperation { Declarations.Length: 1 } group)
            {
                var declarators = group.Declarations[0].Declarators;
                return declarators.Length == 1 ? declarators[0].Symbol : null;
            }

            return resources is null ? null : Invocations.WithoutImplicitConversions(resources) switch
            {
                ILocalReferenceOperation { Local.RefKind: RefKind.None } local => local.Local,
                IParameterReferenceOperation { Parameter.RefKind: RefKind.None } parameter => parameter.Parameter,
                _ => null,
            };
        }

        internal static bool IsFileStream(ISymbol variable, INamedTypeSymbol fileStream, SemanticModel model, CancellationToken cancellationToken)
        {
            var type = variable switch
            {
                ILocalSymbol local => local.Type,
                IParameterSymbol parameter => parameter.Type,
                _ => null,
            };
            if (IsLibraryFileStream(type, fileStream))
            {
                return true;
            }

            // `Stream s = new FileStream(..)`: the one initializer decides (any later assignment makes the use Other).
            return variable is ILocalSymbol && variable.DeclaringSyntaxReferences.Length == 1
                && variable.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initializer }
                && initializer.SyntaxTree == model.SyntaxTree
                && IsLibraryFileStream(model.GetTypeInfo(initializer, cancellationToken).Type, fileStream);
        }

        private static bool IsLibraryFileStream(ITypeSymbol? type, INamedTypeSymbol fileStream) =>
            type is { Locations: var locations } && !locations.IsEmpty && !locations[0].IsInSource && type.InheritsOrImplements(fileStream);

        private static StreamUse Use(IOperation reference, AsyncTypes types)
        {
            var parent = reference.Parent;
            while (parent is IConversionOperation { IsImplicit: true })
            {
                parent = parent.Parent;
            }

            switch (parent)
            {
                case IUsingOperation or IVariableDeclaratorOperation:
                    return StreamUse.Resource;
                case IPropertyReferenceOperation property when property.Instance is { } owner && owner.Syntax == reference.Syntax:
                    return property.Parent is ISimpleAssignmentOperation assignment && assignment.Target == property
                        || property.Parent is ICompoundAssignmentOperation or IIncrementOrDecrementOperation
                        ? StreamUse.Other : StreamUse.Neutral;
                case IInvocationOperation { Instance: { } instance } call when instance.Syntax == reference.Syntax:
                    var name = call.TargetMethod.Name;
                    if (name.StartsWith("Write", StringComparison.Ordinal) || name == "BeginWrite")
                    {
                        return StatementOf(call, out _) is not null ? StreamUse.Write : StreamUse.Other;
                    }

                    if (name == "FlushAsync")
                    {
                        return StatementOf(call, out var awaited) is not null && awaited ? StreamUse.Flush : StreamUse.Other;
                    }

                    return name == "Seek" || name.StartsWith("Read", StringComparison.Ordinal) || name.StartsWith("CopyTo", StringComparison.Ordinal)
                        ? StreamUse.Neutral : StreamUse.Other;
                default:
                    return parent is IUsingOperation ? StreamUse.Resource : StreamUse.Other;
            }
        }

        /// <summary>The statement `[await] call[.ConfigureAwait(..)];` made of <paramref name="call"/> alone, or null.</summary>
        private static ExpressionStatementSyntax? StatementOf(IInvocationOperation call, out bool awaited)
        {
            awaited = false;
            IOperation current = call;
            if (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured } configure && configured == current)
            {
                current = configure;
            }

            if (current.Parent is IAwaitOperation awaitOperation)
            {
                awaited = true;
                current = awaitOperation;
            }

            return current.Parent is IExpressionStatementOperation { Syntax: ExpressionStatementSyntax statement } ? statement : null;
        }

        /// <summary>The write's statement is followed in its block by `await s.FlushAsync(..);` with nothing in between that could write or skip it.</summary>
        private static bool IsFlushedAfter(IOperation reference, ISymbol variable, SemanticModel model, CancellationToken cancellationToken)
        {
            if (reference.Parent is not { } parent
                || (parent is IConversionOperation ? parent.Parent : parent) is not IInvocationOperation call
                || StatementOf(call, out _) is not { Parent: BlockSyntax block } statement)
            {
                return false;
            }

            for (var i = block.Statements.IndexOf(statement) + 1; i < block.Statements.Count; i++)
            {
                var next = block.Statements[i];
                if (IsAwaitedFlush(next, variable, model, cancellationToken))
                {
                    return true;
                }

                if (IsCannotWriteExit(next, variable, model, cancellationToken))
                {
                    continue;
                }

                if (ClosedBeforeDispose.Names(next, variable.Name) || next is LabeledStatementSyntax || ClosedBeforeDispose.HasJump(next))
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>`await variable.FlushAsync(..)[.ConfigureAwait(..)];` (also FlushedWriters').</summary>
        internal static bool IsAwaitedFlush(StatementSyntax statement, ISymbol variable, SemanticModel model, CancellationToken cancellationToken)
        {
            if (statement is not ExpressionStatementSyntax { Expression: AwaitExpressionSyntax { Expression: var awaited } })
            {
                return false;
            }

            if (awaited is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure })
            {
                awaited = configure.Expression;
            }

            return awaited is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FlushAsync", Expression: IdentifierNameSyntax receiver } }
                && model.GetSymbolInfo(receiver, cancellationToken).Symbol.Is(variable);
        }

        /// <summary>`if (!s.CanWrite) break;` (or return, continue; braces allowed; no else): a stream that cannot write holds nothing.</summary>
        private static bool IsCannotWriteExit(StatementSyntax statement, ISymbol variable, SemanticModel model, CancellationToken cancellationToken)
        {
            if (statement is not IfStatementSyntax { Else: null } check
                || check.Condition is not PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression, Operand: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CanWrite", Expression: IdentifierNameSyntax receiver } }
                || !model.GetSymbolInfo(receiver, cancellationToken).Symbol.Is(variable))
            {
                return false;
            }

            var body = check.Statement is BlockSyntax { Statements.Count: 1 } braces ? braces.Statements[0] : check.Statement;
            return body is BreakStatementSyntax or ContinueStatementSyntax or ReturnStatementSyntax { Expression: null };
        }
    }
}
