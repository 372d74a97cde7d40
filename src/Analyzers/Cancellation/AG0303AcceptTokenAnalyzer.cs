namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>AG0303 (info, off by default): a public or protected async method calls cancellable APIs but takes no CancellationToken.</summary>
    public sealed class AG0303AcceptTokenAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0303";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.CancellationCategory, DiagnosticSeverity.Info, RuleTraits.OffByDefault,
            title: "Async API does not accept a CancellationToken",
            messageFormat: "'{0}' calls cancellable APIs but takes no CancellationToken",
            description: "A public async method that calls cancellable APIs without taking a token gives its callers no way to cancel it.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            if (types.CancellationToken is null)
            {
                return;
            }

            start.RegisterSyntaxNodeAction(c => Analyze(c, types), SyntaxKind.MethodDeclaration);
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, AsyncTypes types)
        {
            var declaration = (MethodDeclarationSyntax)context.Node;
            if ((declaration.Body is null && declaration.ExpressionBody is null)
                || declaration.Modifiers.Any(SyntaxKind.OverrideKeyword)
                || declaration.ExplicitInterfaceSpecifier != null
                || !(declaration.Modifiers.Any(SyntaxKind.PublicKeyword) || declaration.Modifiers.Any(SyntaxKind.ProtectedKeyword)))
            {
                return;
            }

            var model = context.SemanticModel;
            var ct = context.CancellationToken;
            if (model.GetDeclaredSymbol(declaration, ct) is not { } method || !IsCandidate(method, types)
                || EnclosingFunction.Classify(declaration, model, types, ct) != FunctionKind.AsyncCapable)
            {
                return;
            }

            if (CancellableCallsIn(declaration, method, model, types, ct, firstOnly: true).Count == 0)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, declaration.Identifier.GetLocation(), method.Name));
        }

        private static bool IsCandidate(IMethodSymbol method, AsyncTypes types)
        {
            if (method.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal)
                || method.IsOverride || method.Name == "Main" || method.ExplicitInterfaceImplementations.Length > 0)
            {
                return false;
            }

            foreach (var parameter in method.Parameters)
            {
                if (types.IsTokenOrNullableToken(parameter.Type))
                {
                    return false;
                }
            }

            // Not part of the public surface: a public method of an internal type (the callers are the assembly's own).
            for (var t = method.ContainingType; t != null; t = t.ContainingType)
            {
                if (t.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
                {
                    return false;
                }
            }

            // The async dispose pattern has no place for a token (DisposeAsync(), protected virtual DisposeAsyncCore()).
            if (method.Name is "DisposeAsync" or "DisposeAsyncCore" && method.Parameters.Length == 0)
            {
                return false;
            }

            // A convenience overload beside one that takes a token (`WaitAsync()` and `WaitAsync(CancellationToken)`):
            // the API already accepts a token; the short form passes None on purpose.
            if (HasTokenOverload(method, types))
            {
                return false;
            }

            // Event handler shape: (object sender, EventArgs-derived e); test methods.
            if (WellKnownApis.HasEventHandlerShape(method) || WellKnownApis.IsTestMethod(method))
            {
                return false;
            }

            // Implicit interface implementation: the signature is not ours to change.
            return !method.ImplementsInterfaceMethodImplicitly();
        }

        /// <summary>Another method of the same name in the type (or its bases) takes a CancellationToken.</summary>
        private static bool HasTokenOverload(IMethodSymbol method, AsyncTypes types)
        {
            for (var type = method.ContainingType; type != null; type = type.BaseType)
            {
                foreach (var member in type.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol other && !other.Is(method))
                    {
                        foreach (var parameter in other.Parameters)
                        {
                            if (types.IsTokenOrNullableToken(parameter.Type))
                            {
                                return true;
                            }
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// Calls inside the method that would take a token parameter of the method: not in static lambdas or local functions,
        /// not in functions with their own token; the overload case confirmed by speculative binding.
        /// </summary>
        internal static List<InvocationExpressionSyntax> CancellableCallsIn(MethodDeclarationSyntax declaration, IMethodSymbol method, SemanticModel model, AsyncTypes types, CancellationToken ct, bool firstOnly)
        {
            var result = new List<InvocationExpressionSyntax>();
            SyntaxNode? body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
            if (body is null)
            {
                return result;
            }

            var placeholder = SyntaxFactory.ParseExpression("default(global::System.Threading.CancellationToken)");
            foreach (var node in body.DescendantNodes(n => !IsOpaqueFunction(n, model, types, ct)))
            {
                if (node is not InvocationExpressionSyntax invocation || model.GetOperation(invocation, ct) is not IInvocationOperation operation)
                {
                    continue;
                }

                var kind = CancellableCalls.Classify(operation, types, out var argument);
                if (kind == MissingTokenKind.None)
                {
                    continue;
                }

                // Work that outlives the method (a discarded or stored task, a started or stored lambda): the method's
                // token would not belong to it (AG0301's lifetime rule).
                if (TokenProvenance.OutlivingBoundary(operation, types) != null)
                {
                    continue;
                }

                if (kind != MissingTokenKind.ExplicitNone)
                {
                    if (model.GetSymbolInfo(invocation, ct).Symbol is not IMethodSymbol target
                        || CancellableCalls.TryPassToken(invocation, target, kind, argument?.Parameter?.Name, placeholder, method, model, types, ct, out _, out _) is null)
                    {
                        continue;
                    }
                }

                result.Add(invocation);
                if (firstOnly)
                {
                    break;
                }
            }

            return result;
        }

        /// <summary>Static lambdas and local functions, and those with their own token, do not see a new parameter of the method.</summary>
        private static bool IsOpaqueFunction(SyntaxNode node, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            IMethodSymbol? function;
            switch (node)
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    if (lambda.Modifiers.Any(SyntaxKind.StaticKeyword))
                    {
                        return true;
                    }

                    function = model.GetSymbolInfo(lambda, ct).Symbol as IMethodSymbol;
                    break;
                case LocalFunctionStatementSyntax local:
                    if (local.Modifiers.Any(SyntaxKind.StaticKeyword))
                    {
                        return true;
                    }

                    function = model.GetDeclaredSymbol(local, ct) as IMethodSymbol;
                    break;
                default:
                    return false;
            }

            if (function is null)
            {
                return true;
            }

            foreach (var parameter in function.Parameters)
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
