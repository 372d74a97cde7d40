using System.Linq;
using AsyncGuard.Analyzers.Primitives;

namespace AsyncGuard.CodeFixes.Primitives
{
    /// <summary>
    /// AG0404: the field becomes an <c>AsyncLazy&lt;T&gt;</c> created with the same factory, and its uses follow: an awaited
    /// <c>f.Value</c> (or the started task) becomes <c>await f</c>, any other read <c>f.Task</c>, <c>IsValueCreated</c>
    /// <c>IsStarted</c>; a hand-written initialisation goes. Two actions: keep a failure cached (what the code did), or retry
    /// after one (<c>AsyncLazyOptions.RetryOnFailure</c>). Offered only when every use of the field is understood.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0404AsyncLazyCodeFixProvider)), Shared]
    public sealed class AG0404AsyncLazyCodeFixProvider : PlanCodeFixProvider
    {
        private const string RetryVariant = "retry";
        private static readonly string?[] s_variants = { null, RetryVariant };

        public AG0404AsyncLazyCodeFixProvider()
            : base(AG0404AsyncLazyAnalyzer.Id)
        {
        }

        private protected override IEnumerable<string?> VariantsOf(Diagnostic diagnostic) => s_variants;

        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            var (model, types, ct) = (input.Model, input.Types, input.CancellationToken);
            if (types.AsyncGuardLazy is not { } asyncLazy || !input.Root.FullSpan.Contains(diagnostic.Location.SourceSpan)
                || input.Root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not VariableDeclaratorSyntax declarator
                || AsyncLazyField.Find(declarator, model, types, ct) is not { Fixable: true, ValueType: { } valueType } lazy
                || (!lazy.IsLazy && (lazy.Factory is null || lazy.FactoryUsesInstance)))
            {
                return null;
            }

            var options = variant == RetryVariant ? asyncLazy.ContainingNamespace.GetTypeMembers("AsyncLazyOptions").FirstOrDefault() : null;
            if (variant == RetryVariant && options?.GetMembers("RetryOnFailure").FirstOrDefault() is not IFieldSymbol)
            {
                return null;
            }

            // Validated by speculative binding: the runtime's constructor must take each factory (and the option) as they are.
            var qualified = SyntaxFactory.ParseTypeName("global::" + asyncLazy.ContainingNamespace.ToDisplayString() + "." + asyncLazy.Name + "<" + valueType.WithoutTrivia() + ">");
            var factories = new List<(SyntaxNode At, ExpressionSyntax Factory)>();
            foreach (var (creation, factory) in lazy.Creations)
            {
                factories.Add((creation, factory));
            }

            var startFactory = lazy.Factory is { } started ? SyntaxFactory.ParseExpression("() => " + started.WithoutTrivia().ToFullString()) : null;
            if (startFactory != null)
            {
                factories.Add((lazy.Declaration, startFactory));
            }

            var optionArgument = options is null ? null : SyntaxFactory.ParseExpression("global::" + options.ToDisplayString() + ".RetryOnFailure");
            foreach (var (at, factory) in factories)
            {
                var probe = SyntaxFactory.ObjectCreationExpression(qualified).WithArgumentList(Arguments(factory, optionArgument));
                if (model.GetSpeculativeSymbolInfo(at.SpanStart, probe, SpeculativeBindingOption.BindAsExpression).Symbol is not IMethodSymbol { MethodKind: MethodKind.Constructor })
                {
                    return null;
                }
            }

            if (!plan.State(() => new HashSet<ISymbol>(SymbolEqualityComparer.Default)).Add(lazy.Field))
            {
                return Title(lazy, variant);
            }

            var typeName = AsyncLockConversion.RuntimeTypeName(lazy.Declaration, model, asyncLazy, plan, ct);
            var lazyType = Generic(typeName, valueType.WithoutTrivia());
            var optionName = options is null ? null : SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression, AsyncLockConversion.RuntimeTypeName(lazy.Declaration, model, options, plan, ct), SyntaxFactory.IdentifierName("RetryOnFailure"));
            plan.Replace(lazy.Declaration, current =>
            {
                var declaration = (FieldDeclarationSyntax)current;
                var variable = declaration.Declaration.Variables[0];
                if (startFactory != null)
                {
                    var creation = SyntaxFactory.ObjectCreationExpression(lazyType).WithArgumentList(Arguments(startFactory, optionName))
                        .WithNewKeyword(SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space));
                    variable = variable.Initializer is { } initializer
                        ? variable.WithInitializer(initializer.WithValue(creation.WithTriviaFrom(initializer.Value)))
                        : variable
                            .WithIdentifier(variable.Identifier.WithTrailingTrivia(SyntaxFactory.Space))
                            .WithInitializer(SyntaxFactory.EqualsValueClause(SyntaxFactory.Token(SyntaxKind.EqualsToken).WithTrailingTrivia(SyntaxFactory.Space), creation)
                                .WithTrailingTrivia(variable.Identifier.TrailingTrivia));
                }

                return declaration.WithDeclaration(declaration.Declaration
                    .WithType(lazyType.WithTriviaFrom(declaration.Declaration.Type))
                    .WithVariables(SyntaxFactory.SingletonSeparatedList(variable)));
            });

            foreach (var (creation, _) in lazy.Creations)
            {
                plan.Replace(creation, current => current switch
                {
                    ObjectCreationExpressionSyntax explicitCreation => explicitCreation
                        .WithType(lazyType.WithTriviaFrom(explicitCreation.Type))
                        .WithArgumentList(Arguments(explicitCreation.ArgumentList!.Arguments[0].Expression, optionName).WithTriviaFrom(explicitCreation.ArgumentList)),
                    ImplicitObjectCreationExpressionSyntax implicitCreation => implicitCreation
                        .WithArgumentList(Arguments(implicitCreation.ArgumentList.Arguments[0].Expression, optionName).WithTriviaFrom(implicitCreation.ArgumentList)),
                    _ => current,
                });
            }

            foreach (var statement in lazy.Initializations)
            {
                AsyncLockConversion.PlanRemoval(plan, statement);

                // The next statement takes the removed one's place, with its leading trivia (no blank line left at the top).
                var block = (BlockSyntax)statement.Parent!;
                int index = block.Statements.IndexOf(statement);
                if (index + 1 < block.Statements.Count && !lazy.Initializations.Contains(block.Statements[index + 1]))
                {
                    var leading = statement.GetLeadingTrivia();
                    plan.Then(block.Statements[index + 1], current => current.WithLeadingTrivia(leading));
                }
            }

            foreach (var use in lazy.Uses)
            {
                var access = use.Access.WithoutTrivia();
                ExpressionSyntax replacement = use.Member is { } member
                    ? SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, access, SyntaxFactory.IdentifierName(member))
                    : access;
                plan.Replace(use.Node, current => replacement.WithTriviaFrom(current));
            }

            return Title(lazy, variant);
        }

        private static string Title(AsyncLazyField lazy, string? variant) =>
            "Switch '" + lazy.Field.Name + "' to AsyncLazy<T>" + (variant == RetryVariant ? ", retrying after a failure" : string.Empty);

        private static ArgumentListSyntax Arguments(ExpressionSyntax factory, ExpressionSyntax? option)
        {
            return SyntaxFactory.ArgumentList(option is null
                ? SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(factory))
                : SyntaxFactory.SeparatedList(
                    new[] { SyntaxFactory.Argument(factory), SyntaxFactory.Argument(option) },
                    new[] { SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space) }));
        }

        /// <summary><c>AsyncLazy&lt;T&gt;</c> from the runtime type's name (simple or qualified).</summary>
        private static NameSyntax Generic(NameSyntax name, TypeSyntax argument)
        {
            var arguments = SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(argument));
            return name switch
            {
                QualifiedNameSyntax qualified => qualified.WithRight(SyntaxFactory.GenericName(qualified.Right.Identifier, arguments)),
                SimpleNameSyntax simple => SyntaxFactory.GenericName(simple.Identifier, arguments),
                _ => name,
            };
        }
    }
}
