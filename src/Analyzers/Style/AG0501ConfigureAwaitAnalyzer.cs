using System.Collections.Concurrent;

namespace AsyncGuard.Analyzers.Style
{
    /// <summary>AG0501 (info, off by default): `await`, `await foreach` or `await using` without ConfigureAwait in library code.</summary>
    public sealed class AG0501ConfigureAwaitAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0501";

        /// <summary>.editorconfig: `library` (default) skips executables, test projects and UI/ASP.NET Core types; `always` does not.</summary>
        public const string ModeOption = "dotnet_diagnostic.AG0501.configure_await_mode";

        /// <summary>Property: which construct was reported (<see cref="AwaitKind"/>).</summary>
        public const string KindProperty = "AwaitKind";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.StyleCategory, DiagnosticSeverity.Info, RuleTraits.OffByDefault,
            title: "Use ConfigureAwait(false) in library code",
            messageFormat: "'{0}' without ConfigureAwait resumes on the caller's context; add .ConfigureAwait(false)",
            description: "Library code does not need the caller's synchronization context after an await. Resuming on it costs a post to that context and can deadlock a caller that blocks on the result.");

        // One properties map per kind, not one per diagnostic.
        private static readonly ImmutableDictionary<string, string?> AwaitProperties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, nameof(AwaitKind.Await));
        private static readonly ImmutableDictionary<string, string?> ForEachProperties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, nameof(AwaitKind.ForEach));
        private static readonly ImmutableDictionary<string, string?> UsingProperties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, nameof(AwaitKind.Using));

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            var analyzer = new CompilationAnalyzer(types, types.IsApplicationOrTestProject(), start.Options.AnalyzerConfigOptionsProvider);
            start.RegisterSyntaxNodeAction(analyzer.AnalyzeAwait, SyntaxKind.AwaitExpression);
            start.RegisterSyntaxNodeAction(analyzer.AnalyzeForEach, SyntaxKind.ForEachStatement, SyntaxKind.ForEachVariableStatement);
            start.RegisterSyntaxNodeAction(analyzer.AnalyzeUsing, SyntaxKind.UsingStatement, SyntaxKind.LocalDeclarationStatement);
        }

        /// <summary>Is `x.ConfigureAwait(..)` (through parentheses and `!`) the outermost call of the expression?</summary>
        internal static bool IsConfigureAwaitCall(ExpressionSyntax expression) =>
            Unwrap(expression) is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } };

        /// <summary>Does a chain of WithCancellation/ConfigureAwait calls on the sequence contain a ConfigureAwait?</summary>
        internal static bool ChainHasConfigureAwait(ExpressionSyntax expression)
        {
            for (var e = Unwrap(expression); e is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }; e = Unwrap(access.Expression))
            {
                var name = access.Name.Identifier.ValueText;
                if (name == "ConfigureAwait")
                {
                    return true;
                }

                if (name != "WithCancellation")
                {
                    break;
                }
            }

            return false;
        }

        private static ExpressionSyntax Unwrap(ExpressionSyntax expression) => expression.WalkDownParentheses(throughSuppressions: true);

        /// <summary>Per-compilation state: the library exemption is decided once, the per-file mode once per tree.</summary>
        private sealed class CompilationAnalyzer
        {
            private readonly AsyncTypes _types;
            private readonly bool _applicationOrTests;
            private readonly AnalyzerConfigOptionsProvider _options;
            private readonly ConcurrentDictionary<SyntaxTree, bool> _always = new ConcurrentDictionary<SyntaxTree, bool>();
            private readonly Func<SyntaxTree, bool> _readMode;

            public CompilationAnalyzer(AsyncTypes types, bool applicationOrTests, AnalyzerConfigOptionsProvider options)
            {
                _types = types;
                _applicationOrTests = applicationOrTests;
                _options = options;
                _readMode = ReadAlways;
            }

            public void AnalyzeAwait(SyntaxNodeAnalysisContext context)
            {
                var operand = ((AwaitExpressionSyntax)context.Node).Expression;
                if (operand.IsMissing || IsConfigureAwaitCall(operand) || IsSkippedProject(context.Node.SyntaxTree))
                {
                    return;
                }

                if (!_types.IsTaskOrValueTask(context.SemanticModel.GetTypeInfo(operand, context.CancellationToken).Type) || IsSkippedType(context))
                {
                    return;
                }

                Report(context, operand.GetLocation(), AwaitKind.Await);
            }

            public void AnalyzeForEach(SyntaxNodeAnalysisContext context)
            {
                var loop = (CommonForEachStatementSyntax)context.Node;
                if (!loop.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword) || loop.Expression.IsMissing || ChainHasConfigureAwait(loop.Expression)
                    || IsSkippedProject(loop.SyntaxTree))
                {
                    return;
                }

                var type = context.SemanticModel.GetTypeInfo(loop.Expression, context.CancellationToken).Type as INamedTypeSymbol;
                if (type is null || type.TypeKind == TypeKind.Error)
                {
                    return;
                }

                // A WithCancellation result is configurable; any other configured sequence (e.g. in a local) may already be.
                var configurable = type.OriginalDefinition.Is(_types.ConfiguredCancelableAsyncEnumerable)
                    ? Unwrap(loop.Expression) is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WithCancellation" } }
                    : IsAsyncEnumerable(type);
                if (!configurable || IsSkippedType(context))
                {
                    return;
                }

                Report(context, loop.Expression.GetLocation(), AwaitKind.ForEach);
            }

            public void AnalyzeUsing(SyntaxNodeAnalysisContext context)
            {
                SyntaxNode? target;
                switch (context.Node)
                {
                    case UsingStatementSyntax statement when statement.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword):
                        target = (SyntaxNode?)statement.Expression ?? statement.Declaration;
                        break;
                    case LocalDeclarationStatementSyntax declaration when declaration.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword) && declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword):
                        target = declaration.Declaration;
                        break;
                    default:
                        return;
                }

                if (target is null || target.IsMissing || IsSkippedProject(context.Node.SyntaxTree))
                {
                    return;
                }

                ITypeSymbol? type;
                if (target is ExpressionSyntax expression)
                {
                    if (IsConfigureAwaitCall(expression))
                    {
                        return;
                    }

                    type = context.SemanticModel.GetTypeInfo(expression, context.CancellationToken).Type;
                }
                else
                {
                    var declaration = (VariableDeclarationSyntax)target;
                    foreach (var variable in declaration.Variables)
                    {
                        if (variable.Initializer?.Value is { } value && IsConfigureAwaitCall(value))
                        {
                            return;
                        }
                    }

                    type = context.SemanticModel.GetTypeInfo(declaration.Type, context.CancellationToken).Type;
                }

                // A DisposeAsync that always completes synchronously has nothing to resume (CompletedDisposals.cs).
                if (!IsAsyncDisposable(type) || CompletedDisposals.CompletesSynchronously(target, context.SemanticModel, context.CancellationToken)
                    || IsSkippedType(context))
                {
                    return;
                }

                Report(context, target.GetLocation(), AwaitKind.Using);
            }

            private static void Report(SyntaxNodeAnalysisContext context, Location location, AwaitKind kind)
            {
                var (properties, display) = kind switch
                {
                    AwaitKind.ForEach => (ForEachProperties, "await foreach"),
                    AwaitKind.Using => (UsingProperties, "await using"),
                    _ => (AwaitProperties, "await"),
                };
                context.ReportDiagnostic(Diagnostic.Create(Rule, location, properties, display));
            }

            /// <summary>Library mode in an executable or test project: nothing to report in this file.</summary>
            private bool IsSkippedProject(SyntaxTree tree) => _applicationOrTests && !_always.GetOrAdd(tree, _readMode);

            /// <summary>Library mode inside a UI or ASP.NET Core type (checked last: it needs the containing symbol).</summary>
            private bool IsSkippedType(SyntaxNodeAnalysisContext context)
            {
                if (_types.ContextBoundBases.IsEmpty || _always.GetOrAdd(context.Node.SyntaxTree, _readMode))
                {
                    return false;
                }

                var symbol = context.ContainingSymbol;
                var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
                return _types.IsContextBound(type);
            }

            private bool ReadAlways(SyntaxTree tree) =>
                RuleOptions.Is(_options.GetOptions(tree), ModeOption, "always");

            private bool IsAsyncEnumerable(INamedTypeSymbol type) => type.InheritsOrImplements(_types.IAsyncEnumerableOfT, byDefinition: true);

            private bool IsAsyncDisposable(ITypeSymbol? type)
            {
                var disposable = _types.IAsyncDisposable;
                return type != null && disposable != null && type.TypeKind != TypeKind.Error && !type.IsRefLikeType && type.InheritsOrImplements(disposable);
            }
        }
    }

    /// <summary>The construct AG0501 reported.</summary>
    public enum AwaitKind
    {
        Await,
        ForEach,
        Using,
    }
}
