using AsyncGuard.Analyzers.TaskLifetime;

namespace AsyncGuard.CodeFixes.TaskLifetime
{
    /// <summary>
    /// AG0205: `using (GetAsync())` -> `using (await GetAsync())` (`await using` when the resource is only IAsyncDisposable).
    /// A declared variable changes from the task to the resource, so it is offered only where nothing else reads the variable.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0205UsingUnawaitedTaskCodeFixProvider)), Shared]
    public sealed class AG0205UsingUnawaitedTaskCodeFixProvider : PlanCodeFixProvider
    {
        public AG0205UsingUnawaitedTaskCodeFixProvider()
            : base(AG0205UsingUnawaitedTaskAnalyzer.Id)
        {
        }

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            if (input.NodeOf(diagnostic) is not ExpressionSyntax expression)
            {
                return null;
            }

            var types = input.Types;
            var result = AG0205UsingUnawaitedTaskAnalyzer.DisposableResultOf(input.Model.GetTypeInfo(expression, input.CancellationToken).Type, types);
            if (result is null)
            {
                return null;
            }

            // The statement that owns the using, and the declaration whose type may have to change.
            SyntaxNode? owner;
            VariableDeclarationSyntax? declaration = null;
            VariableDeclaratorSyntax? declarator = null;
            if (expression.Parent is UsingStatementSyntax usingStatement && usingStatement.Expression == expression)
            {
                owner = usingStatement;
            }
            else if (expression.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax v } && v.Parent is VariableDeclarationSyntax d)
            {
                declarator = v;
                declaration = d;
                owner = d.Parent;
            }
            else
            {
                return null;
            }

            var awaitUsing = !result.InheritsOrImplements(types.DisposableInterface) && !IsDisposableTypeParameter(result, types);
            if (owner is null || (declarator != null && IsRead(input, declarator)))
            {
                return null;
            }

            var function = EnclosingFunction.Find(owner);
            if (function is null || !AsyncConversion.CanAwaitAt(expression, function, input.Model, input.CancellationToken)
                || !AsyncConversion.TryPlanMakeAsync(function, input.Model, input.Types, new SyntaxRewritePlan(), input.CancellationToken))
            {
                return null;
            }

            AsyncConversion.TryPlanMakeAsync(function, input.Model, input.Types, plan, input.CancellationToken);
            var original = expression;
            plan.Replace(expression, current => AwaitSyntax.Await((ExpressionSyntax)current, original, current));
            if (declaration != null && !declaration.Type.IsVar)
            {
                var typeName = result.ToMinimalDisplayString(input.Model, declaration.SpanStart);
                plan.Replace(declaration.Type, current => SyntaxFactory.ParseTypeName(typeName).WithTriviaFrom(current));
            }

            if (awaitUsing)
            {
                plan.Then(owner, current => AddAwaitKeyword(current));
            }

            return "Await the task inside the using";
        }

        private static bool IsDisposableTypeParameter(ITypeSymbol type, AsyncTypes types)
        {
            if (type is not ITypeParameterSymbol parameter)
            {
                return false;
            }

            foreach (var constraint in parameter.ConstraintTypes)
            {
                if (constraint.InheritsOrImplements(types.DisposableInterface))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether the using variable is read anywhere: it would change from the task to the resource.</summary>
        private static bool IsRead(DocumentRewrite input, VariableDeclaratorSyntax declarator)
        {
            var local = input.Model.GetDeclaredSymbol(declarator, input.CancellationToken);
            var scope = declarator.FirstAncestorOrSelf<BlockSyntax>() ?? (SyntaxNode?)declarator.FirstAncestorOrSelf<CompilationUnitSyntax>();
            if (local is null || scope is null)
            {
                return true;
            }

            var name = declarator.Identifier.ValueText;
            foreach (var identifier in scope.DescendantNodes())
            {
                if (identifier is IdentifierNameSyntax { Identifier.ValueText: var text } && text == name
                    && input.Model.GetSymbolInfo(identifier, input.CancellationToken).Symbol.Is(local))
                {
                    return true;
                }
            }

            return false;
        }

        private static SyntaxNode AddAwaitKeyword(SyntaxNode owner)
        {
            var awaitKeyword = SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            switch (owner)
            {
                case UsingStatementSyntax statement:
                    return statement.WithUsingKeyword(statement.UsingKeyword.WithLeadingTrivia())
                        .WithAwaitKeyword(awaitKeyword.WithLeadingTrivia(statement.UsingKeyword.LeadingTrivia));
                case LocalDeclarationStatementSyntax local:
                    return local.WithUsingKeyword(local.UsingKeyword.WithLeadingTrivia())
                        .WithAwaitKeyword(awaitKeyword.WithLeadingTrivia(local.UsingKeyword.LeadingTrivia));
                default:
                    return owner;
            }
        }
    }
}
