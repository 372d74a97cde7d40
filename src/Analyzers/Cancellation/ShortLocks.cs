namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301: the acquisition of a short internal lock (`using (await _mutex.LockAsync())`, `using (_mutex.Lock())`, and a
    /// private <c>SemaphoreSlim</c> taken as <c>await _gate.WaitAsync(); try { .. } finally { _gate.Release(); }</c>,
    /// <see cref="SemaphoreSections"/>).
    /// Waiting for such a lock lasts only as long as another holder's critical section, so a token adds nothing when no
    /// critical section can wait for anything but a condition over that same lock (which releases the lock while it
    /// waits). Decided over every holder of the lock:
    /// <list type="bullet">
    /// <item>the lock is a private field of the type, declared in the tree of the call (so every use is seen);</item>
    /// <item>every use of the field is an acquisition in the resource of a `using` (statement or declaration), its
    /// assignment, or an argument of a `new` stored in another private field (a condition variable over the lock);</item>
    /// <item>inside every critical section (the `using` body, or the rest of the block after a using declaration),
    /// every `await` and every call that takes a CancellationToken is a call on such a condition field, given a token.</item>
    /// </list>
    /// Anything else (a critical section that awaits I/O, a lock passed elsewhere, a field others can reach) is reported.
    /// Checked only for a finding about to be reported.
    /// </summary>
    internal static class ShortLocks
    {
        public static bool IsShortLockAcquisition(IInvocationOperation operation, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            if (Invocations.Receiver(operation) is not IFieldReferenceOperation { Field: { IsStatic: false, DeclaredAccessibility: Accessibility.Private } field } receiver
                || receiver.Instance is not IInstanceReferenceOperation
                || (UsingScope(operation.Syntax) is null
                    && (operation.Syntax is not InvocationExpressionSyntax acquired || SemaphoreSections.GuardedSection(acquired, field, model, ct) is null)))
            {
                return false;
            }

            var tree = operation.Syntax.SyntaxTree;
            var type = field.ContainingType;
            if (type.DeclaringSyntaxReferences.Length != 1 || type.DeclaringSyntaxReferences[0].SyntaxTree != tree)
            {
                return false;
            }

            var declaration = type.DeclaringSyntaxReferences[0].GetSyntax(ct);
            var conditions = new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default);
            var sections = new List<SyntaxNode>();
            foreach (var identifier in NameReferences.Of(field, declaration, model, ct))
            {
                SyntaxNode use = identifier.Parent is MemberAccessExpressionSyntax { Name: var member } access && member == identifier
                    && access.Expression is ThisExpressionSyntax ? access : identifier;
                switch (use.Parent)
                {
                    case AssignmentExpressionSyntax assignment when assignment.Left == use:
                    case VariableDeclaratorSyntax:
                        continue;
                    case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: BaseObjectCreationExpressionSyntax creation } }
                        when StoredInPrivateField(creation, model, ct) is { } condition:
                        conditions.Add(condition);
                        continue;
                    case MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax acquisition } call when call.Expression == use
                        && (UsingScope(acquisition) ?? SemaphoreSections.GuardedSection(acquisition, field, model, ct)) is { } section:
                        sections.Add(section);
                        continue;
                    case MemberAccessExpressionSyntax or ConditionalAccessExpressionSyntax when SemaphoreSections.IsReleaseOrDispose(use, field, model, ct):
                        continue;
                    default:
                        return false;
                }
            }

            foreach (var section in sections)
            {
                if (!WaitsOnlyOnConditions(section, conditions, model, types, ct))
                {
                    return false;
                }
            }

            return sections.Count > 0;
        }

        /// <summary>The critical section a `using` resource holds: the statement's body, or the rest of the block after a using declaration.</summary>
        private static SyntaxNode? UsingScope(SyntaxNode node)
        {
            for (var current = node; current != null; current = current.Parent)
            {
                switch (current.Parent)
                {
                    case UsingStatementSyntax statement when current == statement.Expression || current == statement.Declaration:
                        return statement.Statement;
                    case LocalDeclarationStatementSyntax local when local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword) && current == local.Declaration:
                        // The declaration itself stands for the statements after it in its block.
                        return local.Parent is BlockSyntax or SwitchSectionSyntax ? local : null;
                    case StatementSyntax or AnonymousFunctionExpressionSyntax or MemberDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }

        private static IFieldSymbol? StoredInPrivateField(BaseObjectCreationExpressionSyntax creation, SemanticModel model, CancellationToken ct)
        {
            SyntaxNode? target = creation.Parent switch
            {
                AssignmentExpressionSyntax assignment when assignment.Right == creation => assignment.Left,
                EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } => declarator,
                _ => null,
            };

            var symbol = target switch
            {
                VariableDeclaratorSyntax declarator => model.GetDeclaredSymbol(declarator, ct),
                ExpressionSyntax expression => model.GetSymbolInfo(expression, ct).Symbol,
                _ => null,
            };

            return symbol is IFieldSymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Private } condition ? condition : null;
        }

        private static bool WaitsOnlyOnConditions(SyntaxNode section, HashSet<IFieldSymbol> conditions, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            if (section is LocalDeclarationStatementSyntax declaration)
            {
                var statements = declaration.Parent is BlockSyntax block ? block.Statements : ((SwitchSectionSyntax)declaration.Parent!).Statements;
                for (var i = statements.IndexOf(declaration) + 1; i < statements.Count; i++)
                {
                    if (!Scan(statements[i], conditions, model, types, ct))
                    {
                        return false;
                    }
                }

                return true;
            }

            return Scan(section, conditions, model, types, ct);
        }

        private static bool Scan(SyntaxNode section, HashSet<IFieldSymbol> conditions, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            foreach (var node in section.DescendantNodesAndSelf(n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
            {
                switch (node)
                {
                    case AwaitExpressionSyntax awaitExpression:
                        if (!IsConditionWait(model.GetOperation(awaitExpression.Expression, ct), conditions, types, requireToken: true))
                        {
                            return false;
                        }

                        break;
                    case InvocationExpressionSyntax invocation when model.GetOperation(invocation, ct) is IInvocationOperation call
                        && TakesToken(call.TargetMethod, types)
                        && !IsConditionWait(call, conditions, types, requireToken: true)
                        && !IsConfigureAwaitOfConditionWait(call, conditions, types):
                        return false;
                }
            }

            return true;
        }

        private static bool IsConfigureAwaitOfConditionWait(IInvocationOperation call, HashSet<IFieldSymbol> conditions, AsyncTypes types) =>
            call.TargetMethod.Name == "ConfigureAwait" && IsConditionWait(Invocations.Receiver(call), conditions, types, requireToken: true);

        private static bool IsConditionWait(IOperation? operation, HashSet<IFieldSymbol> conditions, AsyncTypes types, bool requireToken)
        {
            operation = operation is null ? null : Invocations.WithoutImplicitConversions(operation);
            if (operation is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure)
            {
                operation = Invocations.Receiver(configure);
            }

            if (operation is not IInvocationOperation call
                || Invocations.Receiver(call) is not IFieldReferenceOperation { Instance: IInstanceReferenceOperation } receiver
                || !conditions.Contains(receiver.Field))
            {
                return false;
            }

            if (!requireToken)
            {
                return true;
            }

            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is { } parameter && types.IsTokenOrNullableToken(parameter.Type)
                    && argument.ArgumentKind != ArgumentKind.DefaultValue && !types.IsNoToken(argument.Value))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool TakesToken(IMethodSymbol method, AsyncTypes types)
        {
            // Making a source from tokens (CreateLinkedTokenSource) waits for nothing: bookkeeping, not a wait.
            if (types.IsCancellationTokenSource(method.ContainingType))
            {
                return false;
            }

            foreach (var parameter in method.Parameters)
            {
                if (types.IsTokenOrNullableToken(parameter.Type))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
