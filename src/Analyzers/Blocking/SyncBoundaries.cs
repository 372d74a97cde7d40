namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0103's deliberate sync boundaries of a dual API: a member whose synchronous signature a contract imposes (an
    /// override, an interface implementation, a constructor) on a type that also offers the async counterpart to async
    /// callers. Asked only when a wait is about to be reported, so it costs nothing on code without waits.
    /// </summary>
    internal static class SyncBoundaries
    {
        /// <summary>The .editorconfig key that reports these boundaries anyway.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0103.report_sync_boundaries";

        public static bool Reported(AnalyzerOptions options, SyntaxTree tree) => RuleOptions.GetBool(options, tree, ReportOption);

        /// <summary>
        /// Whether <paramref name="function"/> is such a boundary. Lambdas and local functions are not: they have no contract.
        /// </summary>
        /// <param name="containingSymbol">The analysis context's symbol when known (spares a declared-symbol lookup).</param>
        public static bool IsDualApiBoundary(SyntaxNode? function, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken, ISymbol? containingSymbol = null)
        {
            if (!(function is MethodDeclarationSyntax || function is ConstructorDeclarationSyntax)
                || !(EnclosingFunction.DeclaredMethod(function, model, containingSymbol, cancellationToken) is IMethodSymbol method)
                || method.ContainingType is not { } type)
            {
                return false;
            }

            if (method.MethodKind == MethodKind.Constructor)
            {
                // The async counterpart of a constructor: a static factory of the type returning an awaitable of it.
                return !method.IsStatic && HasAsyncFactory(type, types);
            }

            if (method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.ExplicitInterfaceImplementation)
            {
                return false;
            }

            if (!IsContractMember(method, type))
            {
                return false;
            }

            var name = method.MethodKind == MethodKind.ExplicitInterfaceImplementation && method.ExplicitInterfaceImplementations.Length > 0
                ? method.ExplicitInterfaceImplementations[0].Name
                : method.Name;
            return HasAsyncCounterpart(type, name + WellKnownApis.AsyncSuffix, method, types)
                || ((name == "Dispose" || name == "Close") && HasAsyncCounterpart(type, "DisposeAsync", method, types));
        }

        private static bool IsContractMember(IMethodSymbol method, INamedTypeSymbol type)
        {
            if (method.OverriddenMethod != null || method.ExplicitInterfaceImplementations.Length > 0)
            {
                return true;
            }

            if (IsDisposePattern(method, type))
            {
                return true;
            }

            if (method.IsStatic || method.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }

            return method.ImplementsInterfaceMethodImplicitly(type);
        }

        /// <summary>
        /// The virtual <c>Dispose(bool)</c> of the dispose pattern on an <see cref="System.IDisposable"/> type: its signature is
        /// the pattern's, called from <c>Dispose()</c> and the finalizer.
        /// </summary>
        private static bool IsDisposePattern(IMethodSymbol method, INamedTypeSymbol type)
        {
            if (method.Name != "Dispose" || method.IsStatic || !method.ReturnsVoid
                || method.Parameters.Length != 1 || method.Parameters[0].Type.SpecialType != SpecialType.System_Boolean
                || !(method.IsVirtual || method.IsOverride))
            {
                return false;
            }

            foreach (var contract in type.AllInterfaces)
            {
                if (contract.SpecialType == SpecialType.System_IDisposable)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A non-private method named <paramref name="name"/> returning an awaitable, on an interface of the type (the contract
        /// offers it; the type implements it), or written in source on the type or a base type. A virtual async method the
        /// type only inherits from a library base (<c>Stream.ReadAsync</c>, implemented over the sync member) does not count:
        /// there the async path still ends in this wait.
        /// </summary>
        private static bool HasAsyncCounterpart(INamedTypeSymbol type, string name, IMethodSymbol sync, AsyncTypes types)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers(name))
                {
                    if (IsCounterpart(member, sync, types) && member.Locations.Length > 0 && member.Locations[0].IsInSource)
                    {
                        return true;
                    }
                }
            }

            foreach (var contract in type.AllInterfaces)
            {
                foreach (var member in contract.GetMembers(name))
                {
                    if (IsCounterpart(member, sync, types))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsCounterpart(ISymbol member, IMethodSymbol sync, AsyncTypes types) =>
            member is IMethodSymbol candidate
            && candidate.MethodKind != MethodKind.Constructor
            && candidate.IsStatic == sync.IsStatic
            && candidate.DeclaredAccessibility != Accessibility.Private
            && types.IsAwaitable(candidate.ReturnType);

        private static bool HasAsyncFactory(INamedTypeSymbol type, AsyncTypes types)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol { IsStatic: true, MethodKind: MethodKind.Ordinary } factory
                    && factory.DeclaredAccessibility != Accessibility.Private
                    && factory.ReturnType is INamedTypeSymbol { TypeArguments.Length: 1 } returned
                    && types.IsAwaitable(returned)
                    && returned.TypeArguments[0].OriginalDefinition.Is(type.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
