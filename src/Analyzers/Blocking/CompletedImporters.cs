namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// Issue 16, sixteenth pass (disp102): a `using` of an Npgsql binary COPY importer (<c>Npgsql.NpgsqlBinaryImporter</c>)
    /// that the function completes asynchronously before the `using` ends. The importer's disposal does I/O only while the
    /// COPY is still open (it cancels it: a CopyFail message and the server's answer); once <c>CompleteAsync</c> has committed
    /// it, <c>Dispose</c> only releases client-side state, as <c>DisposeAsync</c> does. Completed means: the last statement of
    /// the `using` body (after it, in the block of a `using` declaration) is <c>await importer.CompleteAsync(..)</c> (also
    /// with <c>ConfigureAwait</c>, assigned or declared), or an awaited call (statement, assignment, declaration or
    /// <c>return</c>) that hands the importer to a method of this compilation (ordinary, not virtual, abstract or an
    /// interface member, with a body) whose own body completes that parameter the same way (followed three calls deep, in
    /// other files too: only for this rare type), or an <c>if</c>/<c>else</c> both of whose branches complete it; a method's
    /// body may end with a <c>return</c> of a plain local or constant after the completion. The body may not leave early
    /// (<c>return</c>, <c>goto</c>, <c>yield</c>, an outer <c>break</c>/<c>continue</c>), so every normal path to the disposal
    /// passes the completion; only a failure (an exception before it) reaches the disposal with the COPY open, where the
    /// synchronous cancel is the cleanup of an operation that already failed. Still reported: a completion under a
    /// condition, not last, synchronous (<c>Complete()</c> leaves nothing either, but the `using` is then in sync style code of
    /// its own and stays the author's choice), a helper that may not complete (virtual, of another assembly, one branch
    /// without it), an early exit, and every other resource. Reported with <c>report_flushed_write_streams</c>, whose spirit
    /// it shares: the pending work was finished asynchronously right before the disposal.
    /// </summary>
    internal static class CompletedImporters
    {
        private const string ImporterType = "Npgsql.NpgsqlBinaryImporter";
        private const int MaxDepth = 3;

        public static bool IsCompleted(IOperation usingOperation, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (types.TypeNamed(ImporterType) is not { } importerType
                || usingOperation.SemanticModel is not { } model
                || FlushedWriters.SingleDeclarator(usingOperation) is not { } declarator
                || declarator.Symbol is not { RefKind: RefKind.None } importer
                || !importer.Type.Is(importerType)
                || FlushedWriters.Covered(usingOperation, last: true) is not { } last)
            {
                return false;
            }

            var body = usingOperation switch
            {
                IUsingOperation { Body.Syntax: { } syntax } => syntax,
                _ => last.Parent,
            };
            return body is not null && !FlushedWriters.LeavesEarly(body) && Completes(last, importer, model, 0, cancellationToken);
        }

        /// <summary>The statement completes <paramref name="importer"/> on every normal path through it.</summary>
        private static bool Completes(StatementSyntax statement, ISymbol importer, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            switch (statement)
            {
                case BlockSyntax { Statements.Count: > 0 } block:
                    return Completes(block.Statements[block.Statements.Count - 1], importer, model, depth, cancellationToken);
                case IfStatementSyntax { Else.Statement: { } otherwise } check:
                    return Completes(check.Statement, importer, model, depth, cancellationToken)
                        && Completes(otherwise, importer, model, depth, cancellationToken);
                case ExpressionStatementSyntax { Expression: var expression }:
                    return CompletesIn(expression, importer, model, depth, cancellationToken);
                case LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, Declaration.Variables: { Count: 1 } variables }
                    when variables[0].Initializer?.Value is { } value:
                    return CompletesIn(value, importer, model, depth, cancellationToken);
                case ReturnStatementSyntax { Expression: { } returned }:
                    return CompletesIn(returned, importer, model, depth, cancellationToken);
                default:
                    return false;
            }
        }

        /// <summary>`await importer.CompleteAsync(..)` or `await Helper(.., importer, ..)`, possibly assigned (`x = `, `x += `).</summary>
        private static bool CompletesIn(ExpressionSyntax expression, ISymbol importer, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            if (expression is AssignmentExpressionSyntax assignment)
            {
                expression = assignment.Right;
            }

            if (expression is not AwaitExpressionSyntax { Expression: var awaited })
            {
                return false;
            }

            if (awaited is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure })
            {
                awaited = configure.Expression;
            }

            if (awaited is not InvocationExpressionSyntax call)
            {
                return false;
            }

            // Cheapest first: the syntax says which of the two shapes it can be.
            if (call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CompleteAsync", Expression: IdentifierNameSyntax receiver })
            {
                return model.GetSymbolInfo(receiver, cancellationToken).Symbol.Is(importer)
                    && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol { IsStatic: false } complete
                    && complete.ContainingType.Is(ImporterOf(importer));
            }

            return depth < MaxDepth && HelperCompletes(call, importer, model, depth, cancellationToken);
        }

        private static ITypeSymbol? ImporterOf(ISymbol importer) => importer switch
        {
            ILocalSymbol local => local.Type,
            IParameterSymbol parameter => parameter.Type,
            _ => null,
        };

        /// <summary>A method of this compilation, handed the importer, whose body completes the parameter it was given.</summary>
        private static bool HelperCompletes(InvocationExpressionSyntax call, ISymbol importer, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            IParameterSymbol? target = null;
            if (model.GetOperation(call, cancellationToken) is not IInvocationOperation invocation)
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { RefKind: RefKind.None } parameter
                    && Invocations.WithoutImplicitConversions(argument.Value) switch
                    {
                        ILocalReferenceOperation local => local.Local.Is(importer),
                        IParameterReferenceOperation given => given.Parameter.Is(importer),
                        _ => false,
                    })
                {
                    target = parameter;
                    break;
                }
            }

            var callee = invocation.TargetMethod.OriginalDefinition;
            if (target is null || callee.IsVirtual || callee.IsAbstract || callee.IsOverride || callee.IsExtern
                || callee.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct }
                || callee.DeclaringSyntaxReferences.Length != 1
                || callee.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration
                || !model.Compilation.ContainsSyntaxTree(declaration.SyntaxTree))
            {
                return false;
            }

            var parameterSymbol = callee.Parameters[target.Ordinal];
            // The helper's file, only for a `using` of an Npgsql importer AG0102 is about to report, at most MaxDepth deep.
            var calleeModel = SemanticModels.For(model, declaration.SyntaxTree);
            if (declaration.ExpressionBody?.Expression is { } arrow)
            {
                return CompletesIn(arrow, parameterSymbol, calleeModel, depth + 1, cancellationToken);
            }

            if (declaration.Body is not { Statements.Count: > 0 } body)
            {
                return false;
            }

            var statements = body.Statements;
            var last = statements[statements.Count - 1];
            // `..; await importer.CompleteAsync(ct); return result;`: a trailing return of a plain value.
            if (last is ReturnStatementSyntax { Expression: null or IdentifierNameSyntax or LiteralExpressionSyntax } && statements.Count > 1)
            {
                last = statements[statements.Count - 2];
            }

            return !HasOtherExit(body, statements[statements.Count - 1])
                && Completes(last, parameterSymbol, calleeModel, depth + 1, cancellationToken);
        }

        /// <summary>A `return` other than the final statement, a `goto`, a `yield` or a label (lambdas and local functions aside).</summary>
        private static bool HasOtherExit(BlockSyntax body, StatementSyntax final)
        {
            foreach (var node in body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if ((node is ReturnStatementSyntax && node != final) || node is GotoStatementSyntax or YieldStatementSyntax or LabeledStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
