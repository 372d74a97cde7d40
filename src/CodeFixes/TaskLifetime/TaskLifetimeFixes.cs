namespace AsyncGuard.CodeFixes.TaskLifetime
{
    /// <summary>Syntax the task-lifetime fixes share.</summary>
    internal static class TaskLifetimeFixes
    {
        /// <summary>
        /// `_` as the parser makes it: the binder takes a name for the discard only when its contextual kind is
        /// UnderscoreToken, which SyntaxFactory.IdentifierName("_") does not set (the result would not compile unparsed).
        /// </summary>
        public static IdentifierNameSyntax DiscardName() =>
            SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(default, SyntaxKind.UnderscoreToken, "_", "_", default));
    }
}
