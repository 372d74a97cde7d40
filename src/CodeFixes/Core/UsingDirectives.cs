using Microsoft.CodeAnalysis.Formatting;

namespace AsyncGuard.CodeFixes.Core
{
    /// <summary>The using directives of a file a fix edits: whether it imports a namespace, and importing one in a plan.</summary>
    internal static class UsingDirectives
    {
        /// <summary>Whether <paramref name="unit"/> imports the namespace <paramref name="name"/> with a plain (neither alias nor static) using.</summary>
        public static bool Has(CompilationUnitSyntax unit, string name)
        {
            foreach (var directive in unit.Usings)
            {
                if (directive.Alias is null && directive.StaticKeyword.IsKind(SyntaxKind.None) && directive.Name?.ToString() == name)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Plans `using <paramref name="name"/>;` at the top of <paramref name="unit"/> unless the file already has it; the formatter lays it out.</summary>
        public static void PlanImport(SyntaxRewritePlan plan, CompilationUnitSyntax unit, string name) =>
            plan.Replace(unit, current => current is CompilationUnitSyntax u && !Has(u, name)
                ? u.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(name)).WithAdditionalAnnotations(Formatter.Annotation))
                : current);
    }
}
