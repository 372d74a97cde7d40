using Microsoft.CodeAnalysis.Text;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Whether a synchronous function can change its signature to an async one (void -> Task, T -> Task&lt;T&gt;),
    /// and if not, why. Shared by AG0103's message and the make-async-all-the-way fix.
    /// </summary>
    internal static class AsyncSignature
    {
        /// <summary>Null when <paramref name="function"/> can become async; otherwise a short reason for the message.</summary>
        /// <param name="containingSymbol">The analysis context's symbol when known: used instead of a declared-symbol lookup
        /// when it is the method <paramref name="function"/> declares.</param>
        public static string? WhyNot(SyntaxNode? function, SemanticModel model, CancellationToken cancellationToken, out IMethodSymbol? method, ISymbol? containingSymbol = null)
        {
            method = null;
            switch (function)
            {
                case null:
                    return "code outside a function body cannot await";
                case ConstructorDeclarationSyntax:
                    return "constructors cannot be async";
                case DestructorDeclarationSyntax:
                    return "finalizers cannot be async";
                case AccessorDeclarationSyntax:
                case BasePropertyDeclarationSyntax:
                    return "accessors cannot be async";
                case OperatorDeclarationSyntax:
                case ConversionOperatorDeclarationSyntax:
                    return "operators cannot be async";
                case AnonymousFunctionExpressionSyntax:
                    return "the delegate type of the lambda is synchronous";
                case MethodDeclarationSyntax or LocalFunctionStatementSyntax:
                    method = EnclosingFunction.DeclaredMethod(function, model, containingSymbol, cancellationToken);
                    if (method is null)
                    {
                        return "its symbol cannot be resolved";
                    }

                    // One walk of a method's nodes for both checks: AsyncCapability's walk of the body repeats it only where
                    // this one saw an address-of (or ref locals need the language version checked there).
                    return WhyNot(function, method, model, cancellationToken, out var addressOf)
                        ?? AsyncCapability.WhyNotAsync(function, method, model, cancellationToken, walkBody: addressOf || function is not MethodDeclarationSyntax);
                default:
                    return "it cannot be async";
            }
        }

        /// <summary>
        /// Checks of a method or local function symbol (with its declaration) that block the signature change.
        /// With <paramref name="model"/>, uses of the name in its tree are bound to confirm they are this method.
        /// </summary>
        public static string? WhyNot(SyntaxNode declaration, IMethodSymbol method, SemanticModel? model = null, CancellationToken cancellationToken = default) =>
            WhyNot(declaration, method, model, cancellationToken, out _);

        /// <param name="addressOf">Whether the walk of the declaration's nodes saw an address-of (`&amp;x`); false when it did not finish.</param>
        private static string? WhyNot(SyntaxNode declaration, IMethodSymbol method, SemanticModel? model, CancellationToken cancellationToken, out bool addressOf)
        {
            addressOf = false;
            if (method.IsOverride)
            {
                return "it overrides a synchronous base member";
            }

            if (method.ExplicitInterfaceImplementations.Length > 0 || ImplementsInterfaceMember(method))
            {
                return "it implements a synchronous interface member";
            }

            if (method.IsVirtual || method.IsAbstract)
            {
                return "derived types may override it";
            }

            if (method.IsExtern || method.IsPartialDefinition || method.PartialImplementationPart != null || method.PartialDefinitionPart != null
                || declaration is MethodDeclarationSyntax { Body: null, ExpressionBody: null } or LocalFunctionStatementSyntax { Body: null, ExpressionBody: null })
            {
                return "it has no single body to change";
            }

            if (method.ReturnsByRef || method.ReturnsByRefReadonly || method.ReturnType.IsRefLikeType || method.ReturnType.TypeKind == TypeKind.Pointer)
            {
                return "its return type cannot be wrapped in a Task";
            }

            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind != RefKind.None || parameter.Type.IsRefLikeType || parameter.Type.TypeKind == TypeKind.Pointer)
                {
                    return "async methods cannot have ref, in, out, pointer or ref struct parameters";
                }
            }

            if (!method.IsStatic && method.MethodKind == MethodKind.Ordinary && method.ContainingType?.IsValueType == true)
            {
                return "an async method of a struct would work on a copy of it";
            }

            var modifiers = declaration switch
            {
                MethodDeclarationSyntax m => m.Modifiers,
                LocalFunctionStatementSyntax l => l.Modifiers,
                _ => default,
            };
            if (modifiers.Any(SyntaxKind.UnsafeKeyword))
            {
                return "async methods cannot be unsafe";
            }

            // The walk only where the text could hold one of the nodes it looks for (a walk of the nodes costs far more than a
            // search of their text).
            var nodes = MayHoldBlockingNode(declaration)
                ? declaration.DescendantNodes(n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax)
                : Array.Empty<SyntaxNode>();
            foreach (var node in nodes)
            {
                switch (node)
                {
                    case YieldStatementSyntax:
                        return "it is an iterator";
                    case RefTypeSyntax:
                    case StackAllocArrayCreationExpressionSyntax:
                    case UnsafeStatementSyntax:
                        return "it uses ref locals, stackalloc or unsafe code";
                    case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression }:
                        addressOf = true;
                        break;
                }
            }

            if (IsMain(method) && HasAttribute(method, "STAThreadAttribute"))
            {
                return "an [STAThread] Main must keep its thread, and after an await it would continue on another";
            }

            return DelegateUse(method, model, cancellationToken);
        }

        /// <summary>
        /// False only when <paramref name="declaration"/>'s text has none of the words `yield`, `ref`, `stackalloc`, `unsafe`
        /// and no `&amp;` other than `&amp;&amp;` and `&amp;=`: then it has no yield statement, ref type, stackalloc, unsafe block
        /// or address-of. Conservative (comments, strings and identifiers' parts may answer true); true without a text.
        /// </summary>
        private static bool MayHoldBlockingNode(SyntaxNode declaration)
        {
            if (!declaration.SyntaxTree.TryGetText(out var text))
            {
                return true;
            }

            var span = declaration.Span;
            if (span.End > text.Length)
            {
                return true;
            }

            // As in MayNameAGroup: the file's own string (no copy) when the declaration is most of it, else a copy of the window.
            var whole = span.Length > text.Length / 2;
            var window = whole ? text.ToString() : text.ToString(span);
            var start = whole ? span.Start : 0;
            var end = whole ? span.End : window.Length;
            if (HasWord(window, "yield", start, end) || HasWord(window, "ref", start, end) || HasWord(window, "stackalloc", start, end) || HasWord(window, "unsafe", start, end))
            {
                return true;
            }

            for (var i = window.IndexOf('&', start, end - start); i >= 0; i = i + 1 < end ? window.IndexOf('&', i + 1, end - i - 1) : -1)
            {
                if (i + 1 < end && (window[i + 1] == '&' || window[i + 1] == '='))
                {
                    i++;
                    continue;
                }

                return true;
            }

            return false;
        }

        /// <summary>Whether <paramref name="word"/> occurs as a whole word in [<paramref name="start"/>, <paramref name="end"/>).</summary>
        private static bool HasWord(string text, string word, int start, int end)
        {
            for (var i = IndexOf(text, word, start, end); i >= 0; i = IndexOf(text, word, i + 1, end))
            {
                if ((i == start || !IsIdentifierChar(text[i - 1])) && (i + word.Length >= end || !IsIdentifierChar(text[i + word.Length])))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasAttribute(ISymbol symbol, string name)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: var attributeName, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
                    && attributeName == name)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A use of the method other than a call, in its containing type: a delegate (`new Thread(Run)`,
        /// `Task.Run(Work)`, `e.Changed += OnChanged`) whose type is synchronous, so the signature cannot change.
        /// Searched by name in the type's declarations (the fix finds the rest of the solution's uses itself).
        /// </summary>
        private static string? DelegateUse(IMethodSymbol method, SemanticModel? model, CancellationToken cancellationToken)
        {
            var type = method.ContainingType;
            if (type is null)
            {
                return null;
            }

            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                // Text first: where every occurrence of the name is followed by `(` (its declaration and its calls), nothing
                // in this declaration can be a method group, and the walk of the type's nodes is skipped.
                if (!MayNameAGroup(reference.SyntaxTree.GetText(cancellationToken), reference.Span, method.Name))
                {
                    continue;
                }

                foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
                {
                    if (node is not IdentifierNameSyntax name || name.Identifier.ValueText != method.Name || IsCallee(name) || IsInNameOf(name))
                    {
                        continue;
                    }

                    if (model != null && name.SyntaxTree == model.SyntaxTree && !Binds(model.GetSymbolInfo(name, cancellationToken), method))
                    {
                        continue;
                    }

                    return IsThreadEntry(name)
                        ? "it is the entry point of a dedicated thread (new Thread(..))"
                        : "it is used as a delegate of a synchronous type";
                }
            }

            return null;
        }

        /// <summary>
        /// Whether <paramref name="name"/> occurs in <paramref name="span"/> as a whole word not followed by `(`: only such
        /// an occurrence can be a method group. Conservative (comments, strings and other symbols of that name count).
        /// </summary>
        private static bool MayNameAGroup(SourceText text, TextSpan span, string name)
        {
            if (name.Length == 0)
            {
                // No name to look for (half-typed code): let the walk decide.
                return true;
            }

            // One copy of the declaration's text, then the runtime's ordinal search from occurrence to occurrence (reading the
            // SourceText one character at a time cost more than the rest of the rule on a reported wait).
            // When the declaration is most of its file, the whole text instead: a parsed file's text gives its string without a
            // copy, where the declaration's window is a copy per reported wait. Searched between the window's bounds either way.
            var whole = span.Length > text.Length / 2;
            var window = whole ? text.ToString() : text.ToString(span);
            var start = whole ? span.Start : 0;
            var end = whole ? span.End : window.Length;
            for (var i = IndexOf(window, name, start, end); i >= 0; i = IndexOf(window, name, i + 1, end))
            {
                if (i > start && IsIdentifierChar(window[i - 1]))
                {
                    continue;
                }

                var after = i + name.Length;
                if (after < end && IsIdentifierChar(window[after]))
                {
                    continue;
                }

                while (after < end && char.IsWhiteSpace(window[after]))
                {
                    after++;
                }

                if (after >= end || window[after] != '(')
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The first ordinal occurrence of <paramref name="name"/> wholly inside [<paramref name="from"/>, <paramref name="end"/>), or -1.</summary>
        private static int IndexOf(string text, string name, int from, int end) =>
            end - from < name.Length ? -1 : text.IndexOf(name, from, end - from, StringComparison.Ordinal);

        private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c == '_';

        private static bool Binds(SymbolInfo info, IMethodSymbol method)
        {
            if (method.OriginalDefinition.Is(info.Symbol?.OriginalDefinition))
            {
                return true;
            }

            foreach (var candidate in info.CandidateSymbols)
            {
                if (candidate.OriginalDefinition.Is(method.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>`M(..)`, `x.M(..)`, `x?.M(..)`: the name is called.</summary>
        private static bool IsCallee(IdentifierNameSyntax name)
        {
            SyntaxNode callee = name;
            if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name
                || name.Parent is MemberBindingExpressionSyntax binding && binding.Name == name)
            {
                callee = name.Parent;
            }
            else if (name.Parent is MemberAccessExpressionSyntax)
            {
                // `Name.Member`: the name is a receiver (a type or another symbol), not a method group.
                return true;
            }

            return callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee;
        }

        private static bool IsInNameOf(SyntaxNode node)
        {
            for (var current = node.Parent; current != null && current is not StatementSyntax and not MemberDeclarationSyntax; current = current.Parent)
            {
                if (current is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>`new Thread(Run)`, `new Thread(new ThreadStart(Run))`.</summary>
        private static bool IsThreadEntry(IdentifierNameSyntax name)
        {
            SyntaxNode? current = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            for (var depth = 0; depth < 2 && current?.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: BaseObjectCreationExpressionSyntax creation } }; depth++)
            {
                var typeName = creation is ObjectCreationExpressionSyntax { Type: var type } ? type.ToString() : "";
                var dot = typeName.LastIndexOf('.');
                typeName = dot >= 0 ? typeName.Substring(dot + 1) : typeName;
                if (typeName == "Thread")
                {
                    return true;
                }

                if (typeName is not ("ThreadStart" or "ParameterizedThreadStart"))
                {
                    return false;
                }

                current = creation;
            }

            return false;
        }

        /// <summary>Whether the method implicitly implements a member of an interface of its containing type.</summary>
        public static bool ImplementsInterfaceMember(IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type is null || method.IsStatic && type.TypeKind != TypeKind.Interface || method.MethodKind != MethodKind.Ordinary)
            {
                return method.ExplicitInterfaceImplementations.Length > 0;
            }

            return method.ImplementsInterfaceMethodImplicitly(type);
        }

        /// <summary>Visible outside its assembly: public or protected all the way out.</summary>
        public static bool IsPublicApi(ISymbol symbol)
        {
            for (var s = symbol; s != null && s.Kind != SymbolKind.Namespace; s = s.ContainingSymbol)
            {
                switch (s.DeclaredAccessibility)
                {
                    case Accessibility.Public:
                    case Accessibility.Protected:
                    case Accessibility.ProtectedOrInternal:
                        continue;
                    default:
                        return false;
                }
            }

            return symbol.Kind != SymbolKind.Local && symbol is not IMethodSymbol { MethodKind: MethodKind.LocalFunction };
        }

        /// <summary>`static void Main` / `static int Main`: may become `static async Task(&lt;int&gt;) Main`, and nothing calls it.</summary>
        public static bool IsMain(IMethodSymbol method) =>
            method is { Name: "Main", IsStatic: true, MethodKind: MethodKind.Ordinary, TypeParameters.Length: 0 }
            && (method.ReturnsVoid || method.ReturnType.SpecialType == SpecialType.System_Int32)
            && method.Parameters.Length <= 1;

        /// <summary>A short name for messages: the method, local function, type (constructors) or property.</summary>
        public static string DisplayName(SyntaxNode? function) => function switch
        {
            MethodDeclarationSyntax m => m.Identifier.ValueText,
            LocalFunctionStatementSyntax l => l.Identifier.ValueText,
            ConstructorDeclarationSyntax c => c.Identifier.ValueText,
            DestructorDeclarationSyntax d => "~" + d.Identifier.ValueText,
            AccessorDeclarationSyntax { Parent.Parent: PropertyDeclarationSyntax p } a => p.Identifier.ValueText + "." + a.Keyword.ValueText,
            AccessorDeclarationSyntax { Parent.Parent: EventDeclarationSyntax e } a => e.Identifier.ValueText + "." + a.Keyword.ValueText,
            AccessorDeclarationSyntax a => "this." + a.Keyword.ValueText,
            PropertyDeclarationSyntax p => p.Identifier.ValueText,
            BasePropertyDeclarationSyntax => "this[]",
            OperatorDeclarationSyntax o => "operator " + o.OperatorToken.ValueText,
            ConversionOperatorDeclarationSyntax c => "operator " + c.Type,
            AnonymousFunctionExpressionSyntax => "lambda",
            _ => "initializer",
        };
    }
}
