namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0201 (issue 16, tenth part, d201): a void method whose whole body is the dropped call, implementing an interface
    /// member or overriding a virtual member declared in the compilation that is void while the same declaring type gives
    /// other members an awaitable return, and with no awaitable <c>NameAsync</c> counterpart in the contract or the type.
    /// The contract's author chose awaitable returns where callers need the outcome and void for this member: it is a
    /// fire-and-forget member by design, and the implementation is only its pass-through (a JS-interop wrapper
    /// <c>void ScrollToEnd(..) { _js.InvokeVoidAsync(..); }</c> next to <c>ValueTask&lt;bool&gt; Confirm(..)</c>; a
    /// <c>void HideLoader()</c> that sends one message next to <c>Task ShowLoader(..)</c>). Silent unless
    /// <see cref="ReportOption"/> is on. A member with more statements (work that relies on the call's completion around it),
    /// a contract with a <c>NameAsync</c> twin (the sync half of a dual API: the dropped task is a bug there), a contract
    /// type with no awaitable member, or a contract of another assembly (<see cref="ExternalContracts"/>) is not this class.
    /// Asked only for a finding about to be reported.
    /// </summary>
    internal static class VoidContractWrappers
    {
        /// <summary>.editorconfig key: `true` reports the one dropped call of such a void contract member as well.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0201.report_void_contract_wrappers";

        public static bool IsWrapper(SyntaxNode top, SyntaxNode? function, SemanticModel? model, AsyncTypes types, AnalyzerOptions options, CancellationToken ct)
        {
            // Syntax first: the method's body is this one statement (or its arrow body is the call).
            if (function is not MethodDeclarationSyntax declaration
                || !(declaration.Body is { Statements: { Count: 1 } statements }
                    ? statements[0] is ExpressionStatementSyntax statement && statement.Expression == top
                    : declaration.ExpressionBody?.Expression == top))
            {
                return false;
            }

            if (model?.GetDeclaredSymbol(declaration, ct) is not { } method || method.IsStatic || !method.ReturnsVoid || method.ContainingType is not { } type
                || (method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.ExplicitInterfaceImplementation)
                || RuleOptions.GetBool(options, top.SyntaxTree, ReportOption))
            {
                return false;
            }

            return ExternalContracts.EveryContract(method, type, contract => IsVoidByChoice(contract, type, types)) == true;
        }

        /// <summary>
        /// The contract is declared in source, its type declares another member with an awaitable return, and neither the
        /// contract's type nor the implementing type offers an awaitable `NameAsync` counterpart.
        /// </summary>
        private static bool IsVoidByChoice(IMethodSymbol contract, INamedTypeSymbol type, AsyncTypes types)
        {
            if (contract.ContainingType is not { } owner || !contract.OriginalDefinition.IsDeclaredInSource())
            {
                return false;
            }

            var asyncName = contract.Name + WellKnownApis.AsyncSuffix;
            if (ExternalContracts.OffersAsync(owner, asyncName, types) || ExternalContracts.OffersAsync(type, asyncName, types))
            {
                return false;
            }

            foreach (var member in owner.GetMembers())
            {
                if (member is IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary } sibling
                    && sibling.DeclaredAccessibility != Accessibility.Private && !sibling.Is(contract)
                    && types.IsAwaitable(sibling.ReturnType))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
