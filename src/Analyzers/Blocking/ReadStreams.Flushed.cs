namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// ReadStreams' file streams whose write buffer is empty when they are disposed (issue 16, eighth pass; reported with
    /// <c>report_read_streams</c>): a <c>FileStream</c> local opened by the function (<c>new FileStream(..)</c>,
    /// <c>File.Open/Create/OpenWrite</c>, any access) that was written, then cleaned by a statement that flushes its
    /// buffer (<c>fs.Position = 0;</c>, <c>fs.Seek(..)</c>, <c>fs.Flush()</c>, <c>await fs.FlushAsync()</c>, or an awaited
    /// read such as <c>await fs.CopyToAsync(output)</c>: FileStream flushes pending writes before it seeks or reads), after
    /// which nothing writes to it again. Its disposal (or the disposal of a read-mode <c>ZipArchive</c> over it) then only
    /// closes the handle.
    /// <list type="bullet">
    /// <item>the clean statement is a statement of the `using` body (or, for an archive over the file, of the block holding the
    /// archive's `using`, before it); no `return`, `goto`, `yield` or loop exit before it leaves the body with a dirty buffer;</item>
    /// <item>after it, every use of the file reads it (ReadStreams' read uses) or hands it to that archive;</item>
    /// <item>before it, the file is only used through its own members, as the destination of a stream's <c>CopyTo[Async]</c>,
    /// or handed to <c>new T(file, ..)</c> initialising a local that is not used after the clean statement (a
    /// <c>StreamWriter</c> written and flushed before the rewind).</item>
    /// </list>
    /// An exception thrown before the clean statement leaves the buffer to the synchronous disposal: on that path the work failed.
    /// </summary>
    internal sealed partial class ReadStreams
    {
        private static readonly string[] CleanMethods = { "Flush", "FlushAsync", "Seek" };

        /// <summary>
        /// The `using` <paramref name="statement"/> disposes the file local <paramref name="file"/> (made by
        /// <paramref name="made"/>): itself (<paramref name="own"/>) or through a read-mode archive over it.
        /// </summary>
        private bool IsFlushedFile(ILocalSymbol file, IOperation made, SyntaxNode statement, bool own, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            if (!IsFileStreamMade(made) || HasOwnDisposal(file.Type) || !TryFindClean(file, statement, own, model, cancellationToken, out var clean))
            {
                return false;
            }

            foreach (var node in function.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != file.Name)
                {
                    continue;
                }

                var operation = model.GetOperation(identifier, cancellationToken);
                if (operation is not ILocalReferenceOperation reference)
                {
                    if (model.GetSymbolInfo(identifier, cancellationToken).Symbol.Is(file))
                    {
                        return false;
                    }

                    continue;
                }

                if (!reference.Local.Is(file) || clean.Span.Contains(identifier.Span))
                {
                    continue;
                }

                if (EnclosingFunction.Find(identifier) != function
                    || !(identifier.SpanStart > clean.Span.End
                        ? Use(reference, 0, cancellationToken) != StreamUse.Other || (!own && IsArchiveArgument(reference, statement))
                        : IsUseBeforeClean(reference, clean, function, model, cancellationToken)))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A FileStream the function opens: <c>new FileStream(..)</c> or File's / FileInfo's opening methods.</summary>
        private bool IsFileStreamMade(IOperation made)
        {
            _fileStream ??= _types.TypeNamed("System.IO.FileStream");
            _fileInfo ??= _types.TypeNamed("System.IO.FileInfo");
            return Invocations.WithoutImplicitConversions(made) switch
            {
                IObjectCreationOperation { Constructor.ContainingType: { } type } => type.Is(_fileStream),
                IInvocationOperation { TargetMethod: { } method } => (method.ContainingType.Is(_file) || method.ContainingType.Is(_fileInfo))
                    && method.ReturnType.Is(_fileStream) && method.Name is "Open" or "OpenRead" or "OpenWrite" or "Create",
                _ => false,
            };
        }

        /// <summary>
        /// The last statement that cleans the file: in the `using` body (own), or before the archive's `using` in its block.
        /// For the own file, no jump before it may leave the body.
        /// </summary>
        private bool TryFindClean(ILocalSymbol file, SyntaxNode statement, bool own, SemanticModel model, CancellationToken cancellationToken, out StatementSyntax clean)
        {
            clean = null!;
            SyntaxList<StatementSyntax> statements;
            int from, to;
            if (own && statement is UsingStatementSyntax { Statement: BlockSyntax body })
            {
                statements = body.Statements;
                (from, to) = (0, statements.Count);
            }
            else if (statement.Parent is BlockSyntax block && statement is StatementSyntax self)
            {
                statements = block.Statements;
                var index = statements.IndexOf(self);
                (from, to) = own ? (index + 1, statements.Count) : (0, index);
            }
            else
            {
                return false;
            }

            for (var i = to - 1; i >= from; i--)
            {
                if (IsClean(statements[i], file, model, cancellationToken))
                {
                    clean = statements[i];
                    if (!own)
                    {
                        return true;
                    }

                    // Every statement before it stays in the body on normal paths.
                    for (var j = from; j < i; j++)
                    {
                        if (MayLeave(statements[j]))
                        {
                            return false;
                        }
                    }

                    return true;
                }
            }

            return false;
        }

        /// <summary>`fs.Position = ..;`, `fs.Seek(..);`, `fs.Flush();`, or an awaited flush or read on the file.</summary>
        private bool IsClean(StatementSyntax statement, ILocalSymbol file, SemanticModel model, CancellationToken cancellationToken)
        {
            var expression = statement switch
            {
                ExpressionStatementSyntax e => e.Expression,
                LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, Declaration.Variables: { Count: 1 } variables } => variables[0].Initializer?.Value,
                _ => null,
            };
            if (expression is null || model.GetOperation(expression, cancellationToken) is not { } operation)
            {
                return false;
            }

            var awaited = Invocations.WithoutImplicitConversions(operation) is IAwaitOperation;
            switch (Invocations.Produced(operation))
            {
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Position", Instance: { } instance } }:
                    return IsFile(instance, file);
                case IInvocationOperation { Instance: { } instance } call when IsFile(instance, file):
                    var method = call.TargetMethod;
                    while (method.OverriddenMethod is { } overridden)
                    {
                        method = overridden;
                    }

                    var name = method.Name;
                    return method.ContainingType.Is(_stream) && (awaited || !name.EndsWith("Async", System.StringComparison.Ordinal))
                        && (System.Array.IndexOf(CleanMethods, name) >= 0 || System.Array.IndexOf(ReadMethods, name) >= 0);
                default:
                    return false;
            }
        }

        private static bool IsFile(IOperation instance, ILocalSymbol file) =>
            Invocations.WithoutImplicitConversions(instance) is ILocalReferenceOperation { Local: { } local } && local.Is(file);

        /// <summary>A jump that may leave the statement list it stands in: `return`, `goto`, `yield`, or `break`/`continue` outside a loop or switch of its own.</summary>
        private static bool MayLeave(StatementSyntax statement)
        {
            foreach (var node in statement.DescendantNodesAndSelf(static n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                switch (node)
                {
                    case ReturnStatementSyntax or GotoStatementSyntax or YieldStatementSyntax:
                        return true;
                    case BreakStatementSyntax or ContinueStatementSyntax when !HasOwnTarget(node, statement):
                        return true;
                }
            }

            return false;
        }

        private static bool HasOwnTarget(SyntaxNode jump, SyntaxNode statement)
        {
            for (var current = jump.Parent; current != null && current != statement.Parent; current = current.Parent)
            {
                if (current is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax
                    || (current is SwitchStatementSyntax && jump is BreakStatementSyntax))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The file handed to the archive the `using` <paramref name="statement"/> declares.</summary>
        private static bool IsArchiveArgument(ILocalReferenceOperation reference, SyntaxNode statement) =>
            reference.Parent is IArgumentOperation { Parent: IObjectCreationOperation creation } && statement.Span.Contains(creation.Syntax.Span);

        /// <summary>
        /// A use before the clean statement: the file's own members, the destination of a stream's CopyTo[Async], or the
        /// argument of <c>new T(file, ..)</c> initialising a local that no code after the clean statement uses.
        /// </summary>
        private bool IsUseBeforeClean(ILocalReferenceOperation reference, StatementSyntax clean, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            IOperation used = reference;
            while (used.Parent is IConversionOperation { IsImplicit: true } conversion)
            {
                used = conversion;
            }

            switch (used.Parent)
            {
                case IInvocationOperation call when call.Instance == used:
                case IPropertyReferenceOperation property when property.Instance == used:
                    return true;
                case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "CopyTo" or "CopyToAsync", Instance: { } source } }:
                    return IsStream(source.Type);
                case IArgumentOperation { Parent: IObjectCreationOperation creation }:
                    var initialized = creation.Parent is IConversionOperation { IsImplicit: true } converted ? converted.Parent : creation.Parent;
                    return initialized is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } wrapper } }
                        && LocalReferences.All(wrapper, function, model, cancellationToken, r => r.Syntax.SpanStart < clean.SpanStart);
                default:
                    return false;
            }
        }
    }
}
