namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0102's `using` of a resource whose asynchronous disposal is no more than its synchronous one (issue 16, twelfth
    /// pass, corpus10app), so the suggested <c>await using</c> gains nothing:
    /// <list type="bullet">
    /// <item>a <c>System.Net.Sockets.NetworkStream</c> (or a class of this compilation derived from it that does not override
    /// <c>DisposeAsync</c>): NetworkStream inherits <c>Stream.DisposeAsync</c>, which only calls <c>Dispose</c>, in every
    /// shipped version. Classes of reference assemblies are otherwise assumed to override (their overrides may be left out);
    /// this one is known not to.</item>
    /// <item>a type whose <c>DisposeAsync</c> is a method of this compilation that is not async, returns a completed
    /// <c>ValueTask</c> on every path (<c>default</c>, <c>new ValueTask()</c>, <c>ValueTask.CompletedTask</c>) and cannot
    /// be overridden below the resource's type (a sealed type or method, a non-virtual method), or the resource's exact
    /// type is known (made with <c>new</c> in place or by a helper): whatever it does runs synchronously in the caller.</item>
    /// <item>a resource typed more loosely (<c>Stream</c>) whose value is made with <c>new</c> of such a type in place, or by
    /// a helper of this compilation whose every return is such a creation (<see cref="ReturnedFiles.EveryReturnIs"/>: not
    /// virtual, abstract or an interface member, two helpers at most, locals never reassigned).</item>
    /// </list>
    /// Still reported: another stream type of a reference assembly (SslStream, FileStream, ...), a DisposeAsync that awaits
    /// or returns any other task, an overridable one on an unsealed type of unknown runtime type, a helper that returns a
    /// parameter, a field or different streams on different paths, a value from a completion source or an interface.
    /// </summary>
    internal static class SynchronousDisposals
    {
        /// <summary>
        /// <paramref name="implementation"/> (the DisposeAsync <paramref name="type"/> runs) is <c>Stream.DisposeAsync</c>,
        /// reached through NetworkStream with no other metadata class in between and no override in the source classes below it.
        /// </summary>
        public static bool InheritsFallbackThroughNetworkStream(ITypeSymbol type, IMethodSymbol implementation, AsyncTypes types)
        {
            if (types.TypeNamed("System.IO.Stream") is not { } stream || !implementation.ContainingType.OriginalDefinition.Is(stream)
                || types.TypeNamed("System.Net.Sockets.NetworkStream") is not { } network
                || !MostDerived(implementation, type).Is(implementation))
            {
                return false;
            }

            var throughNetwork = false;
            for (var t = type as INamedTypeSymbol; t != null && !t.OriginalDefinition.Is(stream); t = t.BaseType)
            {
                if (t.OriginalDefinition.Is(network))
                {
                    throughNetwork = true;
                }
                else if (t.DeclaringSyntaxReferences.IsEmpty)
                {
                    // Another class of metadata: its override may be left out of a reference assembly.
                    return false;
                }
            }

            return throughNetwork;
        }

        /// <summary>
        /// <paramref name="implementation"/> is a source method, not async, whose every return is a completed ValueTask, and
        /// the runtime type cannot run another one: <paramref name="exact"/> (the value is a creation of <paramref name="type"/>),
        /// a sealed type or method, or a method that is not virtual.
        /// </summary>
        public static bool IsCompletedOnly(IMethodSymbol implementation, ITypeSymbol type, bool exact, AsyncTypes types, CancellationToken cancellationToken)
        {
            // The interface map names the base's virtual method (Stream.DisposeAsync); the type runs its most derived override.
            implementation = MostDerived(implementation, type);
            if (implementation.IsAsync || implementation.IsAbstract || implementation.IsExtern
                || !types.IsValueTask(implementation.ReturnType)
                || (!exact && !type.IsSealed && !implementation.IsSealed && (implementation.IsVirtual || implementation.IsOverride))
                || implementation.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            var declaration = implementation.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            if (declaration is not MethodDeclarationSyntax method || !types.Compilation.ContainsSyntaxTree(method.SyntaxTree))
            {
                return false;
            }

#pragma warning disable RS1030 // The DisposeAsync's own file, once per resource type and compilation, only for a `using` AG0102 is about to report.
            var model = types.Compilation.GetSemanticModel(method.SyntaxTree);
#pragma warning restore RS1030

            if ((method.ExpressionBody is null && method.Body is null) || ReturnedFiles.ReturnedExpressions(method) is not { } returned)
            {
                return false;
            }

            foreach (var expression in returned)
            {
                if (model.GetOperation(expression, cancellationToken) is not { } value || !IsCompletedValueTask(Invocations.WithoutImplicitConversions(value), types))
                {
                    return false;
                }
            }

            return true;
        }

        private static IMethodSymbol MostDerived(IMethodSymbol implementation, ITypeSymbol type)
        {
            for (var t = type; t != null && !t.Is(implementation.ContainingType); t = t.BaseType)
            {
                foreach (var member in t.GetMembers(implementation.Name))
                {
                    if (member is IMethodSymbol { IsOverride: true, Parameters.Length: 0 } method)
                    {
                        for (var overridden = method.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
                        {
                            if (overridden.OriginalDefinition.Is(implementation.OriginalDefinition))
                            {
                                return method;
                            }
                        }
                    }
                }
            }

            return implementation;
        }

        /// <summary>
        /// The resource's value (as written) is a creation of a class <paramref name="hasRealDisposeAsync"/> rejects, in place or
        /// from every return of a helper of this compilation.
        /// </summary>
        public static bool MadeWithout(ExpressionSyntax value, SemanticModel model, Func<INamedTypeSymbol, bool> hasRealDisposeAsync, CancellationToken cancellationToken)
        {
            if (model.GetOperation(value, cancellationToken) is not { } operation)
            {
                return false;
            }

            bool Made(IOperation candidate) =>
                Invocations.WithoutImplicitConversions(candidate) is IObjectCreationOperation { Type: INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false } made }
                && !hasRealDisposeAsync(made);

            var produced = Invocations.Produced(operation);
            return Made(produced) || (produced is IInvocationOperation && ReturnedFiles.EveryReturnIs(produced, Made, cancellationToken));
        }

        private static bool IsCompletedValueTask(IOperation value, AsyncTypes types) => value switch
        {
            IDefaultValueOperation => true,
            IObjectCreationOperation { Arguments.Length: 0, Initializer: null } created => types.IsValueTask(created.Type),
            IPropertyReferenceOperation { Property: { Name: "CompletedTask", IsStatic: true } property } => types.IsValueTask(property.ContainingType),
            _ => false,
        };
    }
}
