namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0102's `using` of the stream an ASP.NET Core form file opens (issue 16, fourteenth pass, corpus16web; piranha.core's
    /// media upload): the resource is <c>file.OpenReadStream()</c> called on a value typed
    /// <c>Microsoft.AspNetCore.Http.IFormFile</c> (or the framework's <c>FormFile</c>). The framework's form reader has already
    /// buffered the request body (in memory, or in a temporary file for a large one) before any form file exists, and
    /// <c>OpenReadStream</c> returns a read-only view over a slice of that shared buffer: disposing the view only marks it
    /// closed (it cannot close the buffer, which the request's other files share), so <c>await using</c> gains nothing.
    /// A knowledge entry about the API, not a guess from names: the method is matched by its containing type, resolved once
    /// per compilation. Only the disposal is silenced; reads and copies of the view keep their own rules.
    /// Still reported: <c>OpenReadStream</c> of any other type (a class of your own with a method of that name), a stream
    /// that merely came from a form file through another call or a local, and every other resource of the same `using`.
    /// </summary>
    internal static class FormFileStreams
    {
        /// <summary>Whether <paramref name="value"/> is <c>formFile.OpenReadStream()</c> on the framework's form file types.</summary>
        public static bool IsFormFileView(ExpressionSyntax? value, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            while (value is ParenthesizedExpressionSyntax parenthesized)
            {
                value = parenthesized.Expression;
            }

            // Syntax first: a parameterless call named OpenReadStream; only then a semantic query.
            if (value is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } invocation
                || invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "OpenReadStream" }
                || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol { Parameters.Length: 0, IsStatic: false } method)
            {
                return false;
            }

            var declaring = method.ContainingType?.OriginalDefinition;
            return declaring != null
                && (SymbolEqualityComparer.Default.Equals(declaring, types.TypeNamed("Microsoft.AspNetCore.Http.IFormFile"))
                    || SymbolEqualityComparer.Default.Equals(declaring, types.TypeNamed("Microsoft.AspNetCore.Http.FormFile")));
        }
    }
}
