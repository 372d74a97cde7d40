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

        /// <summary>
        /// The public sync twin of the code base's own async method (issue 16, sixteenth pass): a method other assemblies
        /// can call (public on public types, or implementing an interface member), not virtual, abstract or an override,
        /// whose body is only this wait — after argument guards that throw — on a call of its own name plus
        /// <c>Async</c>, declared in this compilation, made on the method's own instance or type, on a field or property of
        /// it (an adapter over the async contract) or on an extension method's <c>this</c> parameter, and passing exactly the
        /// method's other parameters in order: <c>public Builder Build() =&gt; BuildAsync().GetAwaiter().GetResult();</c>,
        /// <c>public T Get(string id) { return _async.GetAsync(id).Result; }</c>. Blocking is the member's whole purpose, and
        /// the async form sits beside it for async callers. Still reported: anything else in the body (a second statement, a
        /// result read after the wait), other arguments, a twin of another name or of another assembly, a private,
        /// internal, protected or virtual member.
        /// </summary>
        public static bool IsForwardingTwin(in BlockingWait wait, SyntaxNode? function, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken, ISymbol? containingSymbol = null)
        {
            if (function is not MethodDeclarationSyntax declaration || wait.Awaitable is not { } awaitable
                || (wait.Kind == BlockingWaitKind.Wait && wait.Node is InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 })
                || !IsWholeBody(declaration, wait.Node)
                || EnclosingFunction.DeclaredMethod(declaration, model, containingSymbol, cancellationToken) is not IMethodSymbol method
                || method.IsVirtual || method.IsAbstract || method.IsOverride
                || !(method.MethodKind == MethodKind.ExplicitInterfaceImplementation
                    || (method.DeclaredAccessibility == Accessibility.Public
                        && (method.IsVisibleOutsideAssembly() || method.ImplementsInterfaceMethodImplicitly()))))
            {
                return false;
            }

            if (model.GetOperation(awaitable, cancellationToken) is not { } task)
            {
                return false;
            }

            task = Invocations.WithoutImplicitConversions(task);
            while (task is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && Invocations.Receiver(configured) is { } receiver)
            {
                task = Invocations.WithoutImplicitConversions(receiver);
            }

            var name = method.MethodKind == MethodKind.ExplicitInterfaceImplementation && method.ExplicitInterfaceImplementations.Length > 0
                ? method.ExplicitInterfaceImplementations[0].Name
                : method.Name;
            if (task is not IInvocationOperation { TargetMethod: { } twin } call
                || twin.Name != name + WellKnownApis.AsyncSuffix
                || twin.ReducedFrom != null
                || !types.IsAwaitable(twin.ReturnType)
                || !SymbolEqualityComparer.Default.Equals(twin.ContainingAssembly, model.Compilation.Assembly))
            {
                return false;
            }

            var first = 0;
            switch (call.Instance is null ? null : Invocations.WithoutImplicitConversions(call.Instance))
            {
                case null:
                    break;
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                    break;
                case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } }:
                    break;
                case IPropertyReferenceOperation { Arguments.Length: 0, Instance: null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } }:
                    break;
                case IParameterReferenceOperation { Parameter.Ordinal: 0 } self when method.IsExtensionMethod && self.Parameter.ContainingSymbol.Is(method):
                    first = 1;
                    break;
                default:
                    return false;
            }

            // Every given argument is the method's next parameter; parameters left to their defaults are not given.
            var next = first;
            foreach (var argument in call.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                if (Invocations.WithoutImplicitConversions(argument.Value) is not IParameterReferenceOperation { Parameter: var passed }
                    || !passed.ContainingSymbol.Is(method) || passed.Ordinal != next)
                {
                    return false;
                }

                next++;
            }

            return next == method.Parameters.Length;
        }

        /// <summary>The wait is the method's whole body: its expression body, or its one statement after guards that throw.</summary>
        private static bool IsWholeBody(MethodDeclarationSyntax declaration, SyntaxNode wait)
        {
            if (declaration.ExpressionBody is { } arrow)
            {
                return Unparenthesized(arrow.Expression) == wait;
            }

            if (declaration.Body is not { Statements: { Count: > 0 } statements })
            {
                return false;
            }

            for (var i = 0; i < statements.Count - 1; i++)
            {
                if (!IsThrowingGuard(statements[i]))
                {
                    return false;
                }
            }

            return statements[statements.Count - 1] switch
            {
                ReturnStatementSyntax { Expression: { } returned } => Unparenthesized(returned) == wait,
                ExpressionStatementSyntax { Expression: var expression } => Unparenthesized(expression) == wait,
                _ => false,
            };
        }

        /// <summary>An argument guard: <c>if (..) throw ..;</c> without an else.</summary>
        private static bool IsThrowingGuard(StatementSyntax statement) => statement is IfStatementSyntax { Else: null } guard
            && (guard.Statement is ThrowStatementSyntax
                || guard.Statement is BlockSyntax { Statements: { Count: 1 } inner } && inner[0] is ThrowStatementSyntax);

        private static SyntaxNode Unparenthesized(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression;
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
