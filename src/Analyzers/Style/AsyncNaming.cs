namespace AsyncGuard.Analyzers.Style
{
    /// <summary>The Async-suffix convention of AG0502/AG0503: which methods it applies to, and the name it asks for.</summary>
    internal static class AsyncNaming
    {
        /// <summary>Diagnostic property of AG0502 and AG0503: the name the fix renames to (absent when there is none).</summary>
        public const string NewNameProperty = "NewName";

        /// <summary>
        /// Cheap symbol checks first: an ordinary, source-declared, nameable method (not the top-level statements' `<Main>$`)
        /// whose name is its own to choose — not an override,
        /// interface implementation, Main, test method, event handler, hidden base member, middleware `Invoke` or SignalR hub method.
        /// </summary>
        public static bool NameIsOwn(IMethodSymbol method)
        {
            if (method.MethodKind != MethodKind.Ordinary || !method.CanBeReferencedByName || method.IsOverride || method.IsImplicitlyDeclared || method.IsExtern
                || method.PartialDefinitionPart != null || method.Name == "Main" || method.Locations.Length == 0 || !method.Locations[0].IsInSource)
            {
                return false;
            }

            if (WellKnownApis.HasEventHandlerShape(method) || WellKnownApis.IsTestMethod(method) || AsyncSignature.ImplementsInterfaceMember(method) || HidesBaseMember(method))
            {
                return false;
            }

            return !IsFrameworkNamed(method);
        }

        /// <summary>A `new` method with the signature of a base member: the base fixed the name.</summary>
        private static bool HidesBaseMember(IMethodSymbol method)
        {
            for (var type = method.ContainingType?.BaseType; type != null; type = type.BaseType)
            {
                foreach (var member in type.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol other && SameParameters(method, other))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool SameParameters(IMethodSymbol a, IMethodSymbol b)
        {
            if (a.Parameters.Length != b.Parameters.Length)
            {
                return false;
            }

            for (var i = 0; i < a.Parameters.Length; i++)
            {
                if (!a.Parameters[i].Type.Is(b.Parameters[i].Type))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Names a framework binds by convention: ASP.NET Core middleware `Invoke`/`InvokeAsync(HttpContext, ..)` and the
        /// public methods of a SignalR hub (their names are what clients call).
        /// </summary>
        private static bool IsFrameworkNamed(IMethodSymbol method)
        {
            if ((method.Name == "Invoke" || method.Name == "InvokeAsync") && method.Parameters.Length > 0
                && method.Parameters[0].Type is { Name: "HttpContext", ContainingNamespace.Name: "Http" })
            {
                return true;
            }

            if (method.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }

            for (var type = method.ContainingType?.BaseType; type != null; type = type.BaseType)
            {
                if (type.Name == "Hub" && type.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.SignalR")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether a member named <paramref name="name"/> already exists in the type or its bases: a rename would clash.</summary>
        public static bool NameTaken(INamedTypeSymbol? type, string name)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (!t.GetMembers(name).IsEmpty)
                {
                    return true;
                }
            }

            if (type != null)
            {
                foreach (var i in type.AllInterfaces)
                {
                    if (!i.GetMembers(name).IsEmpty)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
