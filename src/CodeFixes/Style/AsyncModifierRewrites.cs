namespace AsyncGuard.CodeFixes.Style
{
    /// <summary>Removing the `async` modifier of a method or local function (AG0504, AG0505), keeping the trivia it carried.</summary>
    internal static class AsyncModifierRewrites
    {
        public static SyntaxNode WithoutAsync(SyntaxNode declaration)
        {
            var modifiers = Modifiers(declaration);
            var index = modifiers.IndexOf(SyntaxKind.AsyncKeyword);
            if (index < 0)
            {
                return declaration;
            }

            // A first modifier carries the declaration's indentation and comments: they move to the token after it.
            var asyncToken = modifiers[index];
            if (index == 0 && asyncToken.HasLeadingTrivia)
            {
                var next = asyncToken.GetNextToken();
                declaration = declaration.ReplaceToken(next, next.WithLeadingTrivia(asyncToken.LeadingTrivia.AddRange(next.LeadingTrivia)));
                modifiers = Modifiers(declaration);
            }

            modifiers = modifiers.RemoveAt(index);
            return declaration switch
            {
                MethodDeclarationSyntax m => m.WithModifiers(modifiers),
                LocalFunctionStatementSyntax l => l.WithModifiers(modifiers),
                _ => declaration,
            };
        }

        private static SyntaxTokenList Modifiers(SyntaxNode declaration) => declaration switch
        {
            MethodDeclarationSyntax m => m.Modifiers,
            LocalFunctionStatementSyntax l => l.Modifiers,
            _ => default,
        };
    }
}
