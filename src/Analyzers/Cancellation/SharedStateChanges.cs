namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301, issue 16 (d301: a change to shared state is not the request's to cut short): the request token of an
    /// <c>HttpContext</c> (<c>context.RequestAborted</c>, as <see cref="RequestBodyIo"/> finds it) is not offered to a call
    /// of a method declared in source, made on a long-lived object that the handler reaches through its own fields or
    /// properties (<c>_manager.JoinAsync(..)</c>, <c>_web._cluster.GetPrimary().SetSettingsAsync(..)</c>: never a local,
    /// a parameter or <c>this</c> itself), whose body first awaits work given its own token and afterwards writes its own
    /// fields (the outcome recorded in the shared object). The client leaving half way through would stop such a change
    /// after the remote part is done and before the object records it, for every later request: the expert lets it finish.
    /// Still offered: the request token to a call on a local, a parameter or <c>this</c>, to a library, interface, abstract
    /// or overridable method (its body is not the one that runs), to a method that writes no field of its own after
    /// awaiting its token (a read, a query), and every other token. Reported with <c>report_shared_state_changes = true</c>.
    /// Runs only on a call AG0301 is about to report, and reads the callee's body only when a request token is offered.
    /// </summary>
    internal static class SharedStateChanges
    {
        /// <summary>.editorconfig: <c>true</c> offers the request token to changes of shared objects too.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0301.report_shared_state_changes";

        public static ImmutableArray<AvailableToken> Filter(ImmutableArray<AvailableToken> tokens, IInvocationOperation operation, SemanticModel model,
            AsyncTypes types, AnalyzerConfigOptions options, CancellationToken cancellationToken)
        {
            if (tokens.IsEmpty || operation.Instance is null)
            {
                return tokens;
            }

            var any = false;
            foreach (var token in tokens)
            {
                if (RequestBodyIo.RequestTokenOwner(token, cancellationToken) != null)
                {
                    any = true;
                    break;
                }
            }

            if (!any || !ReachedThroughOwnMembers(operation.Instance) || RuleOptions.GetBool(options, ReportOption)
                || !RecordsOutcomeAfterTokenAwait(operation.TargetMethod, model, types, cancellationToken))
            {
                return tokens;
            }

            ImmutableArray<AvailableToken>.Builder? kept = null;
            for (var i = 0; i < tokens.Length; i++)
            {
                TokenFilters.Keep(ref kept, tokens, i, RequestBodyIo.RequestTokenOwner(tokens[i], cancellationToken) != null);
            }

            return TokenFilters.Kept(kept, tokens);
        }

        /// <summary>
        /// The receiver is a field, property or call result reached only through members of <c>this</c> (or static members):
        /// an object the handler holds for longer than the request, not one it made or was given.
        /// </summary>
        private static bool ReachedThroughOwnMembers(IOperation receiver)
        {
            var current = Strip(receiver);
            if (current is IInstanceReferenceOperation)
            {
                return false;
            }

            for (var depth = 0; depth < 8; depth++)
            {
                IOperation? next;
                switch (current)
                {
                    case IFieldReferenceOperation field:
                        next = field.Instance;
                        break;
                    case IPropertyReferenceOperation { Arguments.IsEmpty: true } property:
                        next = property.Instance;
                        break;
                    case IInvocationOperation { Arguments.IsEmpty: true } call when !call.TargetMethod.IsStatic:
                        next = call.Instance;
                        break;
                    default:
                        return false;
                }

                if (next is null)
                {
                    // A static member: shared by every request.
                    return true;
                }

                next = Strip(next);
                if (next is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
                {
                    return true;
                }

                current = next;
            }

            return false;
        }

        private static IOperation Strip(IOperation operation)
        {
            while (operation is IConversionOperation { OperatorMethod: null } conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        /// <summary>
        /// The callee's own body (declared in this compilation, not overridable) awaits an operation given one of its token
        /// parameters and, later in the text, writes a field of its own type (of <c>this</c>, or a static one).
        /// </summary>
        private static bool RecordsOutcomeAfterTokenAwait(IMethodSymbol method, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            method = method.OriginalDefinition;
            if (method.MethodKind != MethodKind.Ordinary || method.IsAbstract || method.IsExtern
                || ((method.IsVirtual || method.IsOverride) && !method.ContainingType.IsSealed)
                || method.ContainingType.TypeKind == TypeKind.Interface
                || method.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            var reference = method.DeclaringSyntaxReferences[0];
            if (!model.Compilation.ContainsSyntaxTree(reference.SyntaxTree)
                || reference.GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration
                || (declaration.Body is null && declaration.ExpressionBody is null))
            {
                return false;
            }

            var hasTokenParameter = false;
            foreach (var parameter in method.Parameters)
            {
                hasTokenParameter |= types.IsCancellationToken(parameter.Type);
            }

            if (!hasTokenParameter)
            {
                return false;
            }

            var calleeModel = SemanticModels.For(model, reference.SyntaxTree);
            if (calleeModel.GetOperation(declaration, cancellationToken) is not { } body)
            {
                return false;
            }

            // The first await given the callee's token, then a write of the callee's own state after it.
            var firstTokenAwaitEnd = int.MaxValue;
            var writes = new List<int>();
            var stack = new Stack<IOperation>();
            stack.Push(body);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                switch (current)
                {
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        // Code that runs later, or elsewhere: not the callee's own sequence.
                        continue;
                    case IAwaitOperation await when await.Syntax.Span.End < firstTokenAwaitEnd && ReadsTokenParameter(await.Operation, method, types):
                        firstTokenAwaitEnd = await.Syntax.Span.End;
                        break;
                    case IAssignmentOperation { Target: var target } when WritesOwnField(target, method):
                        writes.Add(current.Syntax.SpanStart);
                        break;
                    case IIncrementOrDecrementOperation { Target: var target } when WritesOwnField(target, method):
                        writes.Add(current.Syntax.SpanStart);
                        break;
                }

                foreach (var child in current.ChildOperations)
                {
                    stack.Push(child);
                }
            }

            foreach (var write in writes)
            {
                if (write > firstTokenAwaitEnd)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ReadsTokenParameter(IOperation awaited, IMethodSymbol method, AsyncTypes types)
        {
            foreach (var node in awaited.DescendantsAndSelf())
            {
                if (node is IParameterReferenceOperation { Parameter: var parameter }
                    && parameter.ContainingSymbol.OriginalDefinition.Is(method)
                    && types.IsCancellationToken(parameter.Type))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool WritesOwnField(IOperation target, IMethodSymbol method)
        {
            if (Strip(target) is not IFieldReferenceOperation { Field: var field } reference
                || !field.ContainingType.OriginalDefinition.Is(method.ContainingType))
            {
                return false;
            }

            return field.IsStatic
                ? reference.Instance is null
                : reference.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };
        }
    }
}
