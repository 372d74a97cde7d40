namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// Code that does not run in this build (issue 16, D7): a body inside a method or local function marked
    /// `[Conditional("X")]` whose every condition symbol is undefined here. The compiler drops the calls to it, so the body
    /// runs only from another assembly's build — impossible when the method is not visible outside this one.
    /// </summary>
    internal static class CompiledOutCalls
    {
        private const string ConditionalAttributeName = "System.Diagnostics.ConditionalAttribute";

        /// <summary>Whether <paramref name="operation"/> sits in a function (or a lambda inside one) whose calls this build compiles out.</summary>
        public static bool IsCompiledOut(IOperation operation, ISymbol? containingSymbol)
        {
            var tree = operation.Syntax.SyntaxTree;
            for (var symbol = containingSymbol; symbol != null; symbol = symbol.ContainingSymbol)
            {
                if (symbol is not IMethodSymbol method)
                {
                    break;
                }

                if (IsCompiledOutMethod(method, tree))
                {
                    return true;
                }
            }

            // A local function's symbol is not the containing symbol of an operation inside it: climb the syntax too.
            if (operation.SemanticModel is { } model)
            {
                for (var node = operation.Syntax.Parent; node != null; node = node.Parent)
                {
                    if (node is LocalFunctionStatementSyntax { AttributeLists.Count: > 0 } local
                        && model.GetDeclaredSymbol(local) is IMethodSymbol localMethod
                        && IsCompiledOutMethod(localMethod, tree))
                    {
                        return true;
                    }

                    if (node is MemberDeclarationSyntax)
                    {
                        break;
                    }
                }
            }

            return false;
        }

        private static bool IsCompiledOutMethod(IMethodSymbol method, SyntaxTree tree)
        {
            var any = false;
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() != ConditionalAttributeName)
                {
                    continue;
                }

                if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string condition || IsDefined(condition, tree))
                {
                    // A condition this build defines (TRACE in most builds, DEBUG in a Debug build), or one not readable.
                    return false;
                }

                any = true;
            }

            // Public or protected: another assembly's build with the symbol defined calls it.
            return any && !AsyncSignature.IsPublicApi(method);
        }

        private static bool IsDefined(string condition, SyntaxTree tree)
        {
            foreach (var name in tree.Options.PreprocessorSymbolNames)
            {
                if (name == condition)
                {
                    return true;
                }
            }

            // `#define X` in the file (calls in this file would keep the method); conservative: any `#define` of the name.
            if (tree.GetRoot() is CSharpSyntaxNode { ContainsDirectives: true } root)
            {
                for (var directive = root.GetFirstDirective(); directive != null; directive = directive.GetNextDirective())
                {
                    if (directive is DefineDirectiveTriviaSyntax define && define.Name.ValueText == condition)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
