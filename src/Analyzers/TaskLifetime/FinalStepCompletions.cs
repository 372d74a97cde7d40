namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0209 (issue 16, review29: SuperSocket's listeners, live-streaming-server-net's session): a completion source
    /// completed only as the very last step of an async function — a stop or "ended" signal set when a loop's task ends.
    /// The source is a private field of the creating type (or a local of the creating member); apart from its creation,
    /// other assignments and reads of its <c>.Task</c>, every use is a completion (<c>SetResult</c>, <c>TrySetException</c>
    /// and the like, also through <c>?.</c>) written as an expression statement that is the last statement of an async
    /// function's body which awaits: directly, or as the last statement of a <c>finally</c> (or of a <c>try</c> / <c>catch</c>
    /// block whose <c>finally</c> only stores constants in fields or locals) of a <c>try</c> that is itself that function's
    /// last statement. A completion may also be the whole body of a method that only its type's code (a private method, or a
    /// member of a private nested type: not virtual, not an interface implementation) calls, each call written as such a
    /// final step (<c>context.Complete();</c> ending the client's media task). The awaiters then resume inline on a flow that
    /// has nothing left to do and holds nothing (no <c>lock</c>, no <c>using</c> block, no loop around the call). Reported: a
    /// completion anywhere else (inside a loop or a <c>lock</c>, followed by any statement or by a
    /// <c>finally</c> that runs code, in a non-async or await-free function), a forwarding method used otherwise or visible
    /// outside, the source passed, aliased or called otherwise, a field visible outside its type. Syntax first, binding only for the names of the source; run only for a finding about to be
    /// reported. Option <see cref="ReportOption"/> reports these sources again.
    /// </summary>
    internal static class FinalStepCompletions
    {
        /// <summary>.editorconfig key: `true` reports sources completed only as the last step of an async function.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0209.report_final_step_completions";

        public static bool CompletedOnlyAsFinalStep(IObjectCreationOperation creation, CancellationToken ct)
        {
            if (creation.SemanticModel is not { } model || TargetOf(creation.Syntax, model, ct) is not { } target)
            {
                return false;
            }

            var completions = 0;
            foreach (var (scope, scopeModel) in ScopesOf(target, creation.Syntax, model))
            {
                foreach (var identifier in NameReferences.Of(target, scope, scopeModel, ct))
                {
                    var use = identifier.WithThisQualifier();

                    switch (use.Parent)
                    {
                        case AssignmentExpressionSyntax assignment when assignment.Left == use && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression):
                        case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Task" } task when task.Expression == use:
                            continue;
                        case MemberAccessExpressionSyntax access when access.Expression == use && IsCompletionName(access.Name)
                            && access.Parent is InvocationExpressionSyntax call && call.Expression == access
                            && IsFinalStepOrForwarded(call, scopeModel, ct):
                            completions++;
                            continue;
                        case ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } } conditional
                            when conditional.Expression == use && IsCompletionName(binding.Name) && IsFinalStepOrForwarded(conditional, scopeModel, ct):
                            completions++;
                            continue;
                        default:
                            return false;
                    }
                }
            }

            return completions > 0;
        }

        /// <summary>A private field the creation initialises or is assigned to, or a local it initialises or is assigned to.</summary>
        private static ISymbol? TargetOf(SyntaxNode creation, SemanticModel model, CancellationToken ct)
        {
            ISymbol? target = creation.Parent switch
            {
                EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } => model.GetDeclaredSymbol(declarator, ct),
                AssignmentExpressionSyntax assignment when assignment.Right == creation && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                    => model.GetSymbolInfo(assignment.Left, ct).Symbol,
                _ => null,
            };
            return target switch
            {
                IFieldSymbol { DeclaredAccessibility: Accessibility.Private, IsConst: false } field when field.ContainingType is { } => field,
                ILocalSymbol { IsRef: false } local => local,
                _ => null,
            };
        }

        /// <summary>Where the source can be named: every part of the field's type, or the member that declares the local.</summary>
        private static IEnumerable<(SyntaxNode Scope, SemanticModel Model)> ScopesOf(ISymbol target, SyntaxNode creation, SemanticModel model)
        {
            if (target is IFieldSymbol field)
            {
                foreach (var reference in field.ContainingType.DeclaringSyntaxReferences)
                {
                    var node = reference.GetSyntax();
                    yield return (node, SemanticModels.For(model, node.SyntaxTree));
                }

                yield break;
            }

            for (var current = creation.Parent; current != null; current = current.Parent)
            {
                if (current is MemberDeclarationSyntax member)
                {
                    yield return (member, model);
                    yield break;
                }
            }
        }

        /// <summary>
        /// The completion is a final step itself, or it is the whole body of a method (a block of that one statement, or an
        /// expression body) whose every use is a call written as a final step (<c>public void Complete() { _tcs.TrySetResult(); }</c> called as the last statement of the loop's task).
        /// </summary>
        private static bool IsFinalStepOrForwarded(ExpressionSyntax completion, SemanticModel model, CancellationToken ct)
        {
            MethodDeclarationSyntax declaration;
            switch (completion.Parent)
            {
                case ExpressionStatementSyntax statement when IsFinalStep(statement, model, ct):
                    return true;
                case ExpressionStatementSyntax { Parent: BlockSyntax { Statements.Count: 1, Parent: MethodDeclarationSyntax body } }:
                    declaration = body;
                    break;
                case ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax arrow }:
                    declaration = arrow;
                    break;
                default:
                    return false;
            }

            if (model.GetDeclaredSymbol(declaration, ct) is not { } method || ForwarderScope(method) is not { } type)
            {
                return false;
            }

            var calls = 0;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var node = reference.GetSyntax(ct);
                var nodeModel = SemanticModels.For(model, node.SyntaxTree);
                foreach (var identifier in NameReferences.Of(method, node, nodeModel, ct))
                {
                    ExpressionSyntax callee = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : identifier;
                    if (callee.Parent is not InvocationExpressionSyntax { Parent: ExpressionStatementSyntax call } invocation
                        || invocation.Expression != callee || !IsFinalStep(call, nodeModel, ct))
                    {
                        return false;
                    }

                    calls++;
                }
            }

            return calls > 0;
        }

        /// <summary>
        /// The type whose code holds every use of <paramref name="method"/>: its own type for a private method, the enclosing
        /// type of a private nested type; null for a method others can reach (or call through an interface or an override).
        /// </summary>
        private static INamedTypeSymbol? ForwarderScope(IMethodSymbol method)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsStatic
                || !method.ExplicitInterfaceImplementations.IsEmpty)
            {
                return null;
            }

            if (method.DeclaredAccessibility == Accessibility.Private)
            {
                return method.ContainingType;
            }

            var type = method.ContainingType;
            if (type.DeclaredAccessibility != Accessibility.Private || type.ContainingType is not { } outer)
            {
                return null;
            }

            foreach (var contract in type.AllInterfaces)
            {
                foreach (var member in contract.GetMembers(method.Name))
                {
                    if (type.FindImplementationForInterfaceMember(member).Is(method))
                    {
                        return null;
                    }
                }
            }

            return outer;
        }

        private static bool IsCompletionName(SimpleNameSyntax name) =>
            name.Identifier.ValueText is "SetResult" or "TrySetResult" or "SetException" or "TrySetException" or "SetCanceled" or "TrySetCanceled";

        /// <summary>
        /// The last statement of an async function that awaits: directly, through nested blocks, through the branches of a
        /// last <c>if</c> (<see cref="GuardedFinalSteps"/>), or through the <c>finally</c> (or a <c>try</c> / <c>catch</c>
        /// block of a <c>try</c> without <c>finally</c>) of a last statement; also of a non-async lambda that is a flow of its
        /// own (<see cref="DedicatedFlowEnds"/>).
        /// </summary>
        private static bool IsFinalStep(StatementSyntax statement, SemanticModel model, CancellationToken ct)
        {
            SyntaxNode current = statement;
            while ((current = GuardedFinalSteps.Lift(current)).Parent is BlockSyntax block && block.Statements.Count > 0 && block.Statements[block.Statements.Count - 1] == current)
            {
                switch (block.Parent)
                {
                    case BlockSyntax or IfStatementSyntax or ElseClauseSyntax:
                        current = block;
                        continue;
                    case FinallyClauseSyntax { Parent: TryStatementSyntax tryStatement }:
                        current = tryStatement;
                        continue;
                    case TryStatementSyntax tryStatement when tryStatement.Block == block && SetsFlagsOnly(tryStatement.Finally, model, ct):
                        current = tryStatement;
                        continue;
                    case CatchClauseSyntax { Parent: TryStatementSyntax tryStatement } when SetsFlagsOnly(tryStatement.Finally, model, ct):
                        current = tryStatement;
                        continue;
                    case MethodDeclarationSyntax method:
                        return method.Modifiers.Any(SyntaxKind.AsyncKeyword) && Awaits(block);
                    case LocalFunctionStatementSyntax local:
                        return local.Modifiers.Any(SyntaxKind.AsyncKeyword) && Awaits(block);
                    case AnonymousFunctionExpressionSyntax lambda:
                        return lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword) ? Awaits(block) : DedicatedFlowEnds.EndsItsOwnFlow(lambda, model, ct);
                    default:
                        return false;
                }
            }

            return false;
        }

        /// <summary>
        /// No <c>finally</c>, or one that only stores constants in fields or locals (<c>_connected = false;</c>): it runs no code
        /// after the completion.
        /// </summary>
        private static bool SetsFlagsOnly(FinallyClauseSyntax? @finally, SemanticModel model, CancellationToken ct)
        {
            if (@finally is null)
            {
                return true;
            }

            foreach (var statement in @finally.Block.Statements)
            {
                if (statement is not ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment }
                    || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                    || !model.GetConstantValue(assignment.Right, ct).HasValue
                    || model.GetSymbolInfo(assignment.Left, ct).Symbol is not (IFieldSymbol or ILocalSymbol)
                    || assignment.Left is not (IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>An await of the body itself (not of a nested function): the function has resumed at least once where it can.</summary>
        private static bool Awaits(BlockSyntax body)
        {
            foreach (var node in body.DescendantNodes(static n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                switch (node)
                {
                    case AwaitExpressionSyntax:
                    case CommonForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                    case UsingStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                    case LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                        return true;
                }
            }

            return false;
        }
    }
}
