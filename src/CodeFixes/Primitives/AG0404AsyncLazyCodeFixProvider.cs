using System.Linq;
using AsyncGuard.Analyzers.Primitives;
using Microsoft.CodeAnalysis.Formatting;

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
            if (types.AsyncGuardLazy is not { } asyncLazy
                || input.TokenAt(diagnostic).Parent is not VariableDeclaratorSyntax declarator
                || AsyncLazyField.Find(declarator, model, types, ct) is not { Fixable: true, ValueType: { } valueType } lazy
                || (!lazy.IsLazy && lazy.Factory is null))
            {
                return null;
            }

            // A factory that reads `this` cannot move into a field initializer: each constructor assigns the field instead.
            var constructors = lazy.FactoryUsesInstance ? ConstructorsOf(lazy.Field, ct) : null;
            if (lazy.FactoryUsesInstance && constructors is null)
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
            var factories = new List<(int At, ExpressionSyntax Factory)>();
            foreach (var (creation, factory) in lazy.Creations)
            {
                factories.Add((creation.SpanStart, factory));
            }

            var startFactory = lazy.Factory is { } started ? SyntaxFactory.ParseExpression("() => " + started.WithoutTrivia().ToFullString()) : null;
            if (startFactory != null)
            {
                // Bound where it will run: in a constructor's body (`this` in scope), else in the field initializer.
                int at = constructors is not { Count: > 0 } ? lazy.Declaration.SpanStart
                    : constructors[0].Body?.OpenBraceToken.Span.End ?? constructors[0].ExpressionBody!.Expression.SpanStart;
                factories.Add((at, startFactory));
            }

            var optionArgument = options is null ? null : SyntaxFactory.ParseExpression("global::" + options.ToDisplayString() + ".RetryOnFailure");
            foreach (var (at, factory) in factories)
            {
                var probe = SyntaxFactory.ObjectCreationExpression(qualified).WithArgumentList(Arguments(factory, optionArgument));
                if (model.GetSpeculativeSymbolInfo(at, probe, SpeculativeBindingOption.BindAsExpression).Symbol is not IMethodSymbol { MethodKind: MethodKind.Constructor })
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
                if (constructors != null && variable.Initializer != null)
                {
                    variable = variable.WithInitializer(null).WithIdentifier(variable.Identifier.WithTrailingTrivia(variable.Initializer.GetTrailingTrivia()));
                }
                else if (startFactory != null && constructors is null)
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

            if (startFactory != null && constructors != null)
            {
                var start = SyntaxFactory.ObjectCreationExpression(lazyType).WithArgumentList(Arguments(startFactory, optionName))
                    .WithNewKeyword(SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space));
                PlanConstructorStarts(plan, lazy, constructors, start);
            }

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

        /// <summary>
        /// The instance constructors that must assign the field (those that do not chain to `this(..)`); empty when the class
        /// has none (one is added). Null when that is not sound: a static field, a struct, a primary constructor.
        /// </summary>
        private static List<ConstructorDeclarationSyntax>? ConstructorsOf(IFieldSymbol field, CancellationToken ct)
        {
            if (field.IsStatic || field.ContainingType.TypeKind != TypeKind.Class)
            {
                return null;
            }

            var constructors = new List<ConstructorDeclarationSyntax>();
            foreach (var part in field.ContainingType.DeclaringSyntaxReferences)
            {
                if (part.GetSyntax(ct) is not TypeDeclarationSyntax type || type.ParameterList != null)
                {
                    return null;
                }

                foreach (var member in type.Members)
                {
                    if (member is ConstructorDeclarationSyntax constructor && !constructor.Modifiers.Any(SyntaxKind.StaticKeyword)
                        && constructor.Initializer is not { RawKind: (int)SyntaxKind.ThisConstructorInitializer })
                    {
                        if (constructor.Body is null && constructor.ExpressionBody is null)
                        {
                            return null;
                        }

                        constructors.Add(constructor);
                    }
                }
            }

            return constructors;
        }

        /// <summary><c>f = new AsyncLazy&lt;T&gt;(() => X);</c> first in each constructor, or in a new one where the class has none.</summary>
        private static void PlanConstructorStarts(SyntaxRewritePlan plan, AsyncLazyField lazy, List<ConstructorDeclarationSyntax> constructors, ExpressionSyntax start)
        {
            StatementSyntax Assignment(BaseParameterListSyntax? parameters)
            {
                bool shadowed = parameters?.Parameters.Any(p => p.Identifier.ValueText == lazy.Field.Name) == true;
                var target = shadowed
                    ? SyntaxFactory.ParseExpression("this." + lazy.Field.Name)
                    : SyntaxFactory.IdentifierName(lazy.Field.Name);
                return SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, target, start))
                    .WithAdditionalAnnotations(Formatter.Annotation);
            }

            if (constructors.Count == 0)
            {
                var type = (TypeDeclarationSyntax)lazy.Declaration.Parent!;
                int index = type.Members.IndexOf(lazy.Declaration);
                var accessibility = type.Modifiers.Any(SyntaxKind.AbstractKeyword) ? SyntaxKind.ProtectedKeyword : SyntaxKind.PublicKeyword;
                var added = SyntaxFactory.ConstructorDeclaration(type.Identifier.WithoutTrivia())
                    .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(accessibility)))
                    .WithBody(SyntaxFactory.Block(Assignment(null)))
                    .WithAdditionalAnnotations(Formatter.Annotation);
                plan.Then(type, current =>
                {
                    var typeNow = (TypeDeclarationSyntax)current;
                    return typeNow.WithMembers(typeNow.Members.Insert(index + 1, added));
                });
                return;
            }

            foreach (var constructor in constructors)
            {
                var assignment = Assignment(constructor.ParameterList);
                plan.Then(constructor, current =>
                {
                    var now = (ConstructorDeclarationSyntax)current;
                    if (now.Body is { } body)
                    {
                        return now.WithBody(body.WithStatements(body.Statements.Insert(0, assignment)));
                    }

                    var expression = SyntaxFactory.ExpressionStatement(now.ExpressionBody!.Expression);
                    return now.WithExpressionBody(null).WithSemicolonToken(default)
                        .WithBody(SyntaxFactory.Block(assignment, expression))
                        .WithAdditionalAnnotations(Formatter.Annotation);
                });
            }
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
