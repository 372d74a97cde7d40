namespace AsyncGuard.Analyzers.Style
{
    /// <summary>AG0503 (info, off by default): a method named ...Async returns no awaitable and no async sequence.</summary>
    public sealed class AG0503NoAsyncSuffixAnalyzer() : AsyncSuffixAnalyzer(Rule)
    {
        public const string Id = "AG0503";

        /// <summary>Property: the name the fix renames to (absent when the name is just "Async").</summary>
        public const string NewNameProperty = AsyncNaming.NewNameProperty;

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.StyleCategory, DiagnosticSeverity.Info, RuleTraits.OffByDefault,
            title: "Non-async method should not end with Async",
            messageFormat: "'{0}' returns no awaitable; drop the Async suffix",
            description: "A name ending with Async promises a result to await. A method that returns none misleads its callers into awaiting or expecting it to run asynchronously.");

        private protected override string? NewName(IMethodSymbol method, AsyncTypes types)
        {
            var returnType = method.ReturnType;

            // `async void` is AG0202's finding (its fix returns Task, which fits the name).
            if (!WellKnownApis.HasAsyncSuffix(method.Name) || (method.ReturnsVoid && method.IsAsync)
                || returnType.TypeKind is TypeKind.Error or TypeKind.Dynamic || types.IsAwaitable(returnType) || types.IsAsyncEnumerableOrEnumerator(returnType))
            {
                return null;
            }

            // Awaitable through an extension GetAwaiter in scope where the method is declared (WinRT IAsyncAction, Rx).
            if (ExtensionAwaitables.IsAwaitableWhereDeclared(method, returnType, types.Compilation, CancellationToken.None))
            {
                return null;
            }

            return method.Name.Substring(0, method.Name.Length - WellKnownApis.AsyncSuffix.Length);
        }

        /// <summary>The message names the method only.</summary>
        private protected override object[] MessageArguments(IMethodSymbol method, string newName) => new object[] { method.Name };
    }
}
