namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Members whose synchronous signature a contract declared outside the compilation imposes: an implementation of an
    /// interface member or an override of a virtual member that a referenced assembly declares (<c>IObserver&lt;T&gt;.OnNext</c>,
    /// <c>IDisposable.Dispose</c> and the <c>Dispose(bool)</c> of its pattern, a library's abstract <c>Delete(..)</c>), where that
    /// contract offers no async counterpart of the member. The project cannot make such a member async (it does not own the
    /// contract) and has no async member to implement instead, so a wait (AG0103) or a dropped task (AG0201) there is the
    /// deliberate boundary. A contract declared in source is not external: the project can make it async, and is told so.
    /// For AG0201 a private method also counts when it is used as a method group converted to a synchronous delegate type
    /// declared outside the compilation (a <c>TimerCallback</c>). Asked only once a finding is about to be reported.
    /// </summary>
    internal static class ExternalContracts
    {
        /// <summary>The option name (`dotnet_diagnostic.AGxxxx.report_external_contracts`) that reports these members anyway.</summary>
        public const string ReportOptionName = "report_external_contracts";

        /// <summary>Whether the rule reports these members anyway (the option is `true`).</summary>
        public static bool Reported(AnalyzerOptions options, SyntaxTree tree, string ruleId) =>
            RuleOptions.GetBool(options, tree, ruleId, ReportOptionName);

        /// <summary>
        /// Whether the synchronous <paramref name="method"/> (it returns no awaitable) implements or overrides only members
        /// declared outside the compilation, none of whose contracts offers an awaitable `NameAsync` (or `DisposeAsync` for `Dispose`) counterpart.
        /// </summary>
        public static bool Imposes(IMethodSymbol? method, AsyncTypes types)
        {
            if (method is null || method.IsStatic || method.ContainingType is not { } type
                || (method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.ExplicitInterfaceImplementation)
                || types.IsAwaitable(method.ReturnType))
            {
                // A member returning an awaitable can take the `async` modifier without changing the contract.
                return false;
            }

            var every = EveryContract(method, type, contract => IsExternalWithoutAsync(contract, type, types));
            if (every is null && IsDisposePattern(method, type))
            {
                // `protected virtual void Dispose(bool)`: the signature of IDisposable's pattern, which has no async form (a type
                // that also offers DisposeAsync is AG0103's dual-API boundary, decided before this).
                return !OffersAsync(type, "DisposeAsync", types);
            }

            return every == true;
        }

        /// <summary>
        /// Whether every contract <paramref name="method"/> of <paramref name="type"/> fulfils satisfies <paramref name="holds"/>:
        /// the root of its override chain when it overrides, and each interface member it implements (<see cref="EveryInterfaceContract"/>).
        /// Null when it fulfils none, false as soon as one does not hold.
        /// </summary>
        internal static bool? EveryContract(IMethodSymbol method, INamedTypeSymbol type, Func<IMethodSymbol, bool> holds)
        {
            bool? every = null;
            if (method.IsOverride)
            {
                if (!holds(method.OverrideRoot()))
                {
                    return false;
                }

                every = true;
            }

            return EveryInterfaceContract(method, type, holds) switch
            {
                false => false,
                true => true,
                null => every,
            };
        }

        /// <summary>
        /// Whether every interface member <paramref name="method"/> implements in <paramref name="type"/> (explicitly, or
        /// implicitly when it is a public ordinary method) satisfies <paramref name="holds"/>. Null when it implements none.
        /// </summary>
        internal static bool? EveryInterfaceContract(IMethodSymbol method, INamedTypeSymbol type, Func<IMethodSymbol, bool> holds)
        {
            bool? every = null;
            foreach (var contract in method.ExplicitInterfaceImplementations)
            {
                if (!holds(contract))
                {
                    return false;
                }

                every = true;
            }

            if (method.MethodKind == MethodKind.Ordinary && method.DeclaredAccessibility == Accessibility.Public)
            {
                foreach (var contractType in type.AllInterfaces)
                {
                    foreach (var member in contractType.GetMembers(method.Name))
                    {
                        if (member is IMethodSymbol contract && type.FindImplementationForInterfaceMember(contract).Is(method))
                        {
                            if (!holds(contract))
                            {
                                return false;
                            }

                            every = true;
                        }
                    }
                }
            }

            return every;
        }

        /// <summary>
        /// Whether the private void <paramref name="method"/> is used, in <paramref name="tree"/>'s part of its type, as a method
        /// group converted to a delegate type declared outside the compilation (<c>new Timer(OnTick, ..)</c>): that delegate
        /// imposes its synchronous signature. Only the site's own tree is searched (partial parts elsewhere are not read).
        /// </summary>
        public static bool UsedAsExternalCallback(IMethodSymbol? method, SemanticModel model, CancellationToken cancellationToken)
        {
            if (method is null || !method.ReturnsVoid || method.MethodKind != MethodKind.Ordinary
                || method.DeclaredAccessibility != Accessibility.Private || method.ContainingType is not { } type)
            {
                return false;
            }

            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != model.SyntaxTree)
                {
                    continue;
                }

                foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
                {
                    if (node is not IdentifierNameSyntax name || name.Identifier.ValueText != method.Name
                        || (name.Parent is InvocationExpressionSyntax invoked && invoked.Expression == name)
                        || (name.Parent is MemberAccessExpressionSyntax access && access.Name == name && access.Parent is InvocationExpressionSyntax call && call.Expression == access))
                    {
                        continue;
                    }

                    var target = name.Parent is MemberAccessExpressionSyntax member && member.Name == name ? (ExpressionSyntax)member : name;
                    if (model.GetOperation(target, cancellationToken) is IMethodReferenceOperation methodReference
                        && methodReference.Method.OriginalDefinition.Is(method.OriginalDefinition)
                        && methodReference.Parent is IDelegateCreationOperation { Type: INamedTypeSymbol delegateType }
                        && !delegateType.OriginalDefinition.IsDeclaredInSource())
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The contract is declared outside the compilation, and neither it nor the implementing type offers the async
        /// counterpart (a type that does is AG0103's dual-API boundary, with its own option).
        /// </summary>
        internal static bool IsExternalWithoutAsync(IMethodSymbol contract, INamedTypeSymbol type, AsyncTypes types)
        {
            if (contract.OriginalDefinition.IsDeclaredInSource() || contract.ContainingType is not { } owner)
            {
                return false;
            }

            var asyncName = contract.Name == "Dispose" ? "DisposeAsync" : contract.Name + WellKnownApis.AsyncSuffix;
            return !OffersAsync(owner, asyncName, types) && !OffersAsync(type, asyncName, types);
        }

        /// <summary>A non-private awaitable instance method named <paramref name="name"/> on the type, its bases or its interfaces.</summary>
        internal static bool OffersAsync(INamedTypeSymbol type, string name, AsyncTypes types)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                if (HasAwaitable(current, name, types))
                {
                    return true;
                }
            }

            foreach (var contract in type.AllInterfaces)
            {
                if (HasAwaitable(contract, name, types))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasAwaitable(INamedTypeSymbol type, string name, AsyncTypes types)
        {
            foreach (var member in type.GetMembers(name))
            {
                if (member is IMethodSymbol { IsStatic: false } candidate && candidate.DeclaredAccessibility != Accessibility.Private
                    && types.IsAwaitable(candidate.ReturnType))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The virtual `Dispose(bool)` of the dispose pattern on an IDisposable type.</summary>
        private static bool IsDisposePattern(IMethodSymbol method, INamedTypeSymbol type)
        {
            if (method.Name != "Dispose" || !method.ReturnsVoid || method.Parameters.Length != 1
                || method.Parameters[0].Type.SpecialType != SpecialType.System_Boolean || !method.IsVirtual)
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
    }
}
