namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// AG0102's `using` of a file a helper of this compilation opened (issue 16, eleventh pass, deb102): the resource is the
    /// result of a call (possibly awaited, with ConfigureAwait, or under <c>?.</c>) of a method of this compilation that is
    /// neither virtual, abstract, an override, extern nor an interface member, whose every <c>return</c> gives a file open
    /// the in-function classes already accept (a temporary file opened with DeleteOnClose for synchronous I/O; a FileStream
    /// opened with FileAccess.Read), directly, through a local of that method initialised with it and never reassigned, or
    /// through a further such call (two helpers in all). A <c>return null</c> is allowed beside them (a `using` of null
    /// does nothing); a method that only returns null is not. The callee's body is what the call runs, so the resource is
    /// known as well as if it had been opened in the function: <c>using var upload = await request.GetUploadStreamOrNullAsync(ct);</c>
    /// over <c>return await body?.AsTemporaryFileStreamAsync(ct);</c> over <c>var result = new FileStream(.., FileOptions.DeleteOnClose); .. return result;</c>.
    /// Still reported: an interface or virtual method (its implementations are not known here), a method of another
    /// assembly or of another file (lead, after deb102: another file's semantic model bound the helper again for every
    /// `using` that reached here, a fifth of AG0102's time on MySqlConnector), a method that returns anything else on some path (a parameter, a field, a file opened for writing), a local
    /// assigned again, a chain of more than two helpers.
    /// </summary>
    internal static class ReturnedFiles
    {
        /// <summary>The resource's own call is depth 0: one more helper behind it is followed, no further.</summary>
        private const int MaxDepth = 1;

        private enum Returned
        {
            Fails,
            Null,
            Passes,
        }

        /// <summary>Whether <paramref name="made"/> is a call of a source helper whose every non-null return passes <paramref name="test"/>.</summary>
        public static bool EveryReturnIs(IOperation made, Func<IOperation, bool> test, CancellationToken cancellationToken) =>
            EveryReturnIs(made, test, 0, cancellationToken);

        private static bool EveryReturnIs(IOperation made, Func<IOperation, bool> test, int depth, CancellationToken cancellationToken)
        {
            made = Invocations.Produced(made);
            if (made is not IInvocationOperation call || call.SemanticModel is not { } model)
            {
                return false;
            }

            if (SourceDeclaration(call, model, cancellationToken) is not { } declaration)
            {
                return false;
            }

            if (declaration.SyntaxTree != model.SyntaxTree)
            {
                // Only a helper of the same file: another file's semantic model would bind the helper from scratch for every
                // `using` that reaches here (a fifth of AG0102's time on MySqlConnector), for a class seen in one repository.
                return false;
            }

            return EveryReturnOf(declaration, model, test, depth, cancellationToken);
        }

        /// <summary>
        /// xfile16 (fourteenth pass): the same walk over <paramref name="declaration"/>, a helper's declaration in any file of the
        /// compilation, bound with that file's <paramref name="calleeModel"/>. Asked only through <see cref="MethodFacts"/>,
        /// which keeps the answer for the compilation: the helper is bound once, not once per `using` that reaches it.
        /// </summary>
        public static bool EveryReturnIn(SyntaxNode declaration, SemanticModel calleeModel, Func<IOperation, bool> test, CancellationToken cancellationToken) =>
            EveryReturnOf(declaration, calleeModel, test, 0, cancellationToken);

        private static bool EveryReturnOf(SyntaxNode declaration, SemanticModel calleeModel, Func<IOperation, bool> test, int depth, CancellationToken cancellationToken)
        {
            if (ReturnedExpressions(declaration) is not { } returned)
            {
                return false;
            }

            var any = false;
            foreach (var expression in returned)
            {
                if (calleeModel.GetOperation(expression, cancellationToken) is not { } value)
                {
                    return false;
                }

                switch (Classify(value, test, declaration, calleeModel, depth, cancellationToken))
                {
                    case Returned.Fails:
                        return false;
                    case Returned.Passes:
                        any = true;
                        break;
                }
            }

            return any;
        }

        /// <summary>
        /// The one declaration in this compilation of the method <paramref name="call"/> runs, when the call can run nothing
        /// else: not virtual, abstract, an override or extern, declared by a class or struct; null otherwise.
        /// </summary>
        internal static SyntaxNode? SourceDeclaration(IInvocationOperation call, SemanticModel model, CancellationToken cancellationToken)
        {
            var callee = (call.TargetMethod.PartialImplementationPart ?? call.TargetMethod).OriginalDefinition;
            if (callee.IsVirtual || callee.IsAbstract || callee.IsOverride || callee.IsExtern
                || callee.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct }
                || callee.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var declaration = callee.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            return declaration is (BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax) && model.Compilation.ContainsSyntaxTree(declaration.SyntaxTree)
                ? declaration
                : null;
        }

        /// <summary>
        /// The expressions a method or local function returns (its arrow body, or each `return` of its own body, not of nested
        /// functions); null when it has a `return;` without a value, is an iterator, or returns nothing at all.
        /// </summary>
        internal static List<ExpressionSyntax>? ReturnedExpressions(SyntaxNode declaration)
        {
            var returned = new List<ExpressionSyntax>();
            switch (declaration)
            {
                case BaseMethodDeclarationSyntax { ExpressionBody: { } arrow }:
                    returned.Add(arrow.Expression);
                    break;
                case LocalFunctionStatementSyntax { ExpressionBody: { } arrow }:
                    returned.Add(arrow.Expression);
                    break;
            }

            foreach (var node in declaration.DescendantNodes())
            {
                if (node is YieldStatementSyntax)
                {
                    return null;
                }

                if (node is ReturnStatementSyntax statement && EnclosingFunction.Find(statement) == declaration)
                {
                    if (statement.Expression is null)
                    {
                        return null;
                    }

                    returned.Add(statement.Expression);
                }
            }

            return returned.Count == 0 ? null : returned;
        }

        private static Returned Classify(IOperation value, Func<IOperation, bool> test, SyntaxNode declaration, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            value = Invocations.Produced(value);
            if (value is IConditionalAccessOperation access)
            {
                // `x?.M()`: null, or what M gives.
                value = Invocations.Produced(access.WhenNotNull);
            }

            if (value.ConstantValue is { HasValue: true, Value: null } || value is IDefaultValueOperation { Type.IsReferenceType: true })
            {
                return Returned.Null;
            }

            if (test(value))
            {
                return Returned.Passes;
            }

            if (value is ILocalReferenceOperation { Local: { } local })
            {
                return SyncFileReaders.DeclaredInitializer(local, model, cancellationToken) is { } initial
                    && SyncFileReaders.NeverReassigned(local, declaration, model, cancellationToken)
                    && (test(Invocations.WithoutImplicitConversions(initial))
                        || (depth < MaxDepth && EveryReturnIs(initial, test, depth + 1, cancellationToken)))
                    ? Returned.Passes
                    : Returned.Fails;
            }

            return depth < MaxDepth && value is IInvocationOperation && EveryReturnIs(value, test, depth + 1, cancellationToken)
                ? Returned.Passes
                : Returned.Fails;
        }
    }
}
