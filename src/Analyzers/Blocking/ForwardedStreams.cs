using System.Linq;

namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0102's `using` of a parameter whose every argument is known to be a resource without asynchronous disposal of its
    /// own (issue 16, thirteenth pass, corpus12cli; NSmartProxy <c>Server.StreamTransfer</c>): the parameter is typed
    /// loosely (<c>Stream</c>), but its method is private, ordinary, not virtual, abstract, an override, extern, partial or
    /// an interface implementation, declared once in a class or struct that is declared once, in the `using`'s own file; the
    /// method never writes the parameter; the method is only ever invoked by name in its type (any other use of the name,
    /// such as a method group, or none at all, keeps the finding), and every invocation passes, for that parameter, an
    /// argument written out (not a default value) that is:
    /// <list type="bullet">
    /// <item>a value whose static type is a class without real asynchronous disposal (a <c>NetworkStream</c> from
    /// <c>TcpClient.GetStream()</c>; the answer of <see cref="AsyncAlternatives"/> for the type as declared), or a creation of
    /// such a class;</item>
    /// <item>a local of the caller whose every value (its initializer and each simple assignment in the function that declares
    /// it, lambdas included) is one of those or null, with at least one that is not null: <c>Stream providerStream = null;
    /// .. providerStream = client.GetStream(); .. StreamTransfer(ct, providerStream, ..)</c>;</item>
    /// <item>a parameter of the caller, when the caller's method meets the same conditions for it (one such forwarding method
    /// at most: NSmartProxy's accept handler passes its local to <c>OpenTcpTransmission</c>, which passes its parameter on).</item>
    /// </list>
    /// Still reported: a public, internal or protected method (callers elsewhere), a parameter written in the method, a local
    /// that is also given another stream (an <c>SslStream</c> made over the network stream, a <c>Stream</c> from a helper), is
    /// passed by <c>ref</c>/<c>out</c> or assigned compoundly, a field, a parameter forwarded through two methods or by a
    /// method callers elsewhere can reach, a partial type or a method declared in another file.
    /// </summary>
    internal static class ForwardedStreams
    {
        /// <summary>The `using`'s own method is depth 0: one caller that forwards its own parameter is followed, no further.</summary>
        private const int MaxDepth = 1;

        private enum Value
        {
            Fails,
            Null,
            Passes,
        }

        /// <summary>
        /// <paramref name="value"/> (the resource of a `using`) is a parameter every call of its private method gives a value
        /// that <paramref name="hasRealDisposeAsync"/> (type, exact) rejects.
        /// </summary>
        public static bool EveryCallPassesWithout(ExpressionSyntax value, SemanticModel model, Func<ITypeSymbol, bool, bool> hasRealDisposeAsync, CancellationToken cancellationToken) =>
            model.GetOperation(value, cancellationToken) is { } operation
            && Invocations.WithoutImplicitConversions(operation) is IParameterReferenceOperation { Parameter: var parameter }
            && EveryCallPasses(parameter, model, hasRealDisposeAsync, 0, cancellationToken);

        /// <summary>Every call of <paramref name="parameter"/>'s closed method passes a value that passes (see the type's summary).</summary>
        private static bool EveryCallPasses(IParameterSymbol parameter, SemanticModel model, Func<ITypeSymbol, bool, bool> hasRealDisposeAsync, int depth, CancellationToken cancellationToken)
        {
            if (parameter is not { RefKind: RefKind.None, IsParams: false, ContainingSymbol: IMethodSymbol method }
                || !IsClosed(method)
                || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not BaseMethodDeclarationSyntax declaration
                || declaration.SyntaxTree != model.SyntaxTree
                || method.ContainingType.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not TypeDeclarationSyntax type
                || type.SyntaxTree != model.SyntaxTree
                || AssignedValues(parameter, declaration, model, cancellationToken) is not { Count: 0 })
            {
                return false;
            }

            var calls = 0;
            foreach (var name in type.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (name.Identifier.ValueText != method.Name)
                {
                    continue;
                }

                var info = model.GetSymbolInfo(name, cancellationToken);
                if (!Names(info.Symbol, method) && !info.CandidateSymbols.Any(candidate => Names(candidate, method)))
                {
                    continue;
                }

                // A use of the method: only a plain invocation (`M(..)`, `this.M(..)`) is followed.
                var invoked = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : (ExpressionSyntax)name;
                if (invoked.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != invoked
                    || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation call
                    || !call.TargetMethod.OriginalDefinition.Is(method)
                    || call.Arguments.FirstOrDefault(argument => argument.Parameter?.Ordinal == parameter.Ordinal) is not { ArgumentKind: ArgumentKind.Explicit } passed
                    || Classify(passed.Value, model, hasRealDisposeAsync, true, depth, cancellationToken) != Value.Passes)
                {
                    return false;
                }

                calls++;
            }

            return calls > 0;
        }

        private static bool Names(ISymbol? symbol, IMethodSymbol method) =>
            symbol is IMethodSymbol named && named.OriginalDefinition.Is(method);

        private static bool IsClosed(IMethodSymbol method) =>
            method is
            {
                MethodKind: MethodKind.Ordinary,
                DeclaredAccessibility: Accessibility.Private,
                IsVirtual: false,
                IsAbstract: false,
                IsOverride: false,
                IsExtern: false,
                PartialDefinitionPart: null,
                PartialImplementationPart: null,
                ExplicitInterfaceImplementations.Length: 0,
                DeclaringSyntaxReferences.Length: 1,
                ContainingType: { TypeKind: TypeKind.Class or TypeKind.Struct, DeclaringSyntaxReferences.Length: 1 },
            };

        private static Value Classify(IOperation value, SemanticModel model, Func<ITypeSymbol, bool, bool> hasRealDisposeAsync, bool followLocal, int depth, CancellationToken cancellationToken)
        {
            value = Invocations.WithoutImplicitConversions(value);
            switch (value)
            {
                case ILiteralOperation { ConstantValue: { HasValue: true, Value: null } }:
                case IDefaultValueOperation:
                    return Value.Null;
                case IObjectCreationOperation { Type: INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false } made }:
                    return hasRealDisposeAsync(made, true) ? Value.Fails : Value.Passes;
                case ILocalReferenceOperation { Local: { IsRef: false } local } when followLocal:
                    return ClassifyLocal(local, model, hasRealDisposeAsync, depth, cancellationToken);
                case IParameterReferenceOperation { Parameter: var forwarded } when followLocal && depth < MaxDepth:
                    // The caller forwards its own parameter: its callers are followed the same way, one method further at most.
                    return EveryCallPasses(forwarded, model, hasRealDisposeAsync, depth + 1, cancellationToken) ? Value.Passes : Value.Fails;
                case ILocalReferenceOperation:
                case IParameterReferenceOperation:
                    // Another variable: its own static type says nothing about the values it was given.
                    return Value.Fails;
            }

            return value.Type is INamedTypeSymbol { TypeKind: TypeKind.Class } type && !hasRealDisposeAsync(type, false) ? Value.Passes : Value.Fails;
        }

        private static Value ClassifyLocal(ILocalSymbol local, SemanticModel model, Func<ITypeSymbol, bool, bool> hasRealDisposeAsync, int depth, CancellationToken cancellationToken)
        {
            if (local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax } } declarator
                || declarator.SyntaxTree != model.SyntaxTree
                || EnclosingFunction.Find(declarator) is not { } scope
                || AssignedValues(local, scope, model, cancellationToken) is not { } values)
            {
                return Value.Fails;
            }

            if (declarator.Initializer?.Value is { } initializer)
            {
                if (model.GetOperation(initializer, cancellationToken) is not { } initial)
                {
                    return Value.Fails;
                }

                values.Add(initial);
            }

            var any = false;
            foreach (var assigned in values)
            {
                switch (Classify(assigned, model, hasRealDisposeAsync, false, depth, cancellationToken))
                {
                    case Value.Fails:
                        return Value.Fails;
                    case Value.Passes:
                        any = true;
                        break;
                }
            }

            return any ? Value.Passes : Value.Fails;
        }

        /// <summary>
        /// The values of the simple assignments to <paramref name="variable"/> in <paramref name="scope"/>; null when it is written
        /// any other way there (compound assignment, <c>ref</c>/<c>out</c>, a deconstruction, increment, a <c>ref</c> alias).
        /// </summary>
        private static List<IOperation>? AssignedValues(ISymbol variable, SyntaxNode scope, SemanticModel model, CancellationToken cancellationToken)
        {
            var values = new List<IOperation>();
            foreach (var name in scope.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText != variable.Name || !model.GetSymbolInfo(name, cancellationToken).Symbol.Is(variable))
                {
                    continue;
                }

                switch (name.Parent)
                {
                    case AssignmentExpressionSyntax assignment when assignment.Left == name:
                        if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || model.GetOperation(assignment.Right, cancellationToken) is not { } right)
                        {
                            return null;
                        }

                        values.Add(right);
                        continue;
                    case ArgumentSyntax { RefKindKeyword.RawKind: not 0 } argument when !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword):
                    case RefExpressionSyntax:
                    case PrefixUnaryExpressionSyntax:
                    case PostfixUnaryExpressionSyntax:
                        return null;
                }

                // An element of a tuple on the left side of an assignment (a deconstruction `(a, b) = ..`) is written too.
                SyntaxNode top = name;
                while (top.Parent is ArgumentSyntax or TupleExpressionSyntax)
                {
                    top = top.Parent;
                }

                if (top != name && top.Parent is AssignmentExpressionSyntax outer && outer.Left == top)
                {
                    return null;
                }
            }

            return values;
        }
    }
}
