using System.Linq;

namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// Issue 16 (twenty-first pass, e102; reported with <c>report_unnamed_sync_scopes</c>): a <c>using</c> statement over the
    /// unnamed result of a call, whose body awaits nothing: <c>using (Tracing.Start(id)) { x = Unwrap(y); }</c>. The resource
    /// has no name, so the body can neither read nor write it: it only marks a scope (a tracing span, a measurement, a
    /// guard), and the scope covers synchronous work only. The body's own blocking calls are findings of their own; making
    /// the end of such a scope asynchronous gains nothing the body lost. Decided on the syntax of the statement: no
    /// declaration, the expression is an invocation (also <c>a?.M()</c>, <c>M()!</c>, in parentheses), and the body has no
    /// <c>await</c> (nor <c>await foreach</c>, <c>await using</c>) and no <c>yield</c> outside lambdas and local functions.
    /// Still reported: a <c>using</c> that names its resource (<c>using (var s = ..)</c>, <c>using (reader)</c>, a using
    /// declaration), an unnamed object creation or <c>await</c> result, and any body that awaits or yields (the scope then
    /// spans asynchronous work, where the async disposal is the library's own pattern).
    /// </summary>
    internal static class UnnamedSyncScopes
    {
        public const string ReportOption = "dotnet_diagnostic.AG0102.report_unnamed_sync_scopes";

        public static bool Reported(AnalyzerConfigOptions options) => RuleOptions.GetBool(options, ReportOption);

        /// <summary>Syntax only: an unnamed call result as the resource of a using statement whose body neither awaits nor yields.</summary>
        public static bool IsQuiet(IOperation usingOperation) =>
            usingOperation.Syntax is UsingStatementSyntax { Declaration: null, Expression: { } expression, Statement: { } body } statement
            && !statement.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword)
            && IsCall(expression)
            && !body.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).Any(IsAsynchronous);

        private static bool IsCall(ExpressionSyntax expression)
        {
            while ((expression = expression.WalkDownParentheses(throughSuppressions: true)) is ConditionalAccessExpressionSyntax conditional)
            {
                expression = conditional.WhenNotNull;
            }

            return expression is InvocationExpressionSyntax { Expression: not IdentifierNameSyntax { Identifier.ValueText: "nameof" } };
        }

        private static bool IsAsynchronous(SyntaxNode node) => node switch
        {
            AwaitExpressionSyntax or YieldStatementSyntax => true,
            CommonForEachStatementSyntax forEach => forEach.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            UsingStatementSyntax nested => nested.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            LocalDeclarationStatementSyntax local => local.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            _ => false,
        };
    }
}
