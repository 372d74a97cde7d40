namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0202 (issue 16, eighth part, ff201): an <c>async void</c> method or local function of a type that is itself a
    /// <c>SynchronizationContext</c>, used only as the callback that type posts to itself (<c>Post(Run, null)</c>, every use
    /// as a method group an argument of a call on <c>this</c> to a member of a SynchronizationContext type). The callback's
    /// void signature is imposed by <c>SendOrPostCallback</c>, and the context that receives its exception is the very one
    /// that posted it: the single-threaded pump of a sync-over-async helper captures the exception and rethrows it from its
    /// run loop, so nothing reaches an unknown context. Silent unless <see cref="ReportOption"/> is on. Asked only for a
    /// finding about to be reported.
    /// </summary>
    internal static class OwnContextPosts
    {
        /// <summary>.editorconfig key: `true` reports async void callbacks a SynchronizationContext posts to itself as well.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0202.report_own_context_posts";

        public static bool PostedToOwnContext(SyntaxNode declaration, IMethodSymbol method, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            if (types.TypeNamed("System.Threading.SynchronizationContext") is not { } context
                || !method.ContainingType.InheritsOrImplements(context, byDefinition: true))
            {
                return false;
            }

            if (declaration is LocalFunctionStatementSyntax)
            {
                return declaration.Parent is { } scope && OnlyPosted(method, scope, model, context, ct, out var posted) && posted;
            }

            if (method.DeclaredAccessibility != Accessibility.Private)
            {
                return false;
            }

            var any = false;
            foreach (var reference in method.ContainingType.DeclaringSyntaxReferences)
            {
                if (!OnlyPosted(method, reference.GetSyntax(ct), SemanticModels.For(model, reference.SyntaxTree), context, ct, out var posted))
                {
                    return false;
                }

                any |= posted;
            }

            return any;
        }

        private static bool OnlyPosted(IMethodSymbol method, SyntaxNode scope, SemanticModel model, INamedTypeSymbol context, CancellationToken ct, out bool posted)
        {
            posted = false;
            foreach (var use in MethodGroups.Uses(method, scope, model, candidates: false, ct))
            {
                if (use.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }
                    || model.GetOperation(call, ct) is not IInvocationOperation { Instance: IInstanceReferenceOperation, TargetMethod.ContainingType: { } target }
                    || !target.InheritsOrImplements(context, byDefinition: true))
                {
                    return false;
                }

                posted = true;
            }

            return true;
        }
    }
}
