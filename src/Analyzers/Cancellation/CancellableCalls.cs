namespace AsyncGuard.Analyzers.Cancellation
{
    internal enum MissingTokenKind
    {
        /// <summary>The call receives a token, or cannot take one.</summary>
        None,

        /// <summary>An optional CancellationToken parameter is left at its default.</summary>
        OptionalDefault,

        /// <summary>`CancellationToken.None` or `default` is passed explicitly.</summary>
        ExplicitNone,

        /// <summary>An overload takes the same parameters plus a CancellationToken.</summary>
        Overload,
    }

    /// <summary>
    /// Recognises calls that could receive a CancellationToken but do not, and builds the call that passes one.
    /// Shared by AG0301 (forward the token), AG0302 (enumerate with it) and AG0303 (accept one).
    /// </summary>
    internal static class CancellableCalls
    {
        /// <summary>
        /// Classifies a call with no semantic query beyond the bound operation and a per-method cached overload lookup.
        /// <paramref name="argument"/> is the token argument for OptionalDefault / ExplicitNone.
        /// </summary>
        public static MissingTokenKind Classify(IInvocationOperation invocation, AsyncTypes types, out IArgumentOperation? argument)
        {
            argument = null;
            if (TokenProvenance.SchedulesDelegate(invocation.TargetMethod, types) || TokenProvenance.RecordsCancellation(invocation.TargetMethod, types))
            {
                // Task.Run / StartNew / ContinueWith: their token cancels the start, not the work (see AG0301's page).
                return MissingTokenKind.None;
            }

            var kind = MissingTokenKind.None;
            foreach (var arg in invocation.Arguments)
            {
                var parameter = arg.Parameter;
                if (parameter is null || !types.IsTokenOrNullableToken(parameter.Type))
                {
                    continue;
                }

                if (arg.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    if (kind == MissingTokenKind.None)
                    {
                        kind = MissingTokenKind.OptionalDefault;
                        argument = arg;
                    }
                }
                else if (types.IsNoToken(arg.Value))
                {
                    if (kind == MissingTokenKind.None)
                    {
                        kind = MissingTokenKind.ExplicitNone;
                        argument = arg;
                    }
                }
                else
                {
                    // It already receives a token.
                    argument = null;
                    return MissingTokenKind.None;
                }
            }

            if (kind != MissingTokenKind.None)
            {
                return kind;
            }

            var method = invocation.TargetMethod;
            if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.ReducedExtension) || method.ContainingType is null)
            {
                return MissingTokenKind.None;
            }

            return types.TokenOverloads(method).IsEmpty ? MissingTokenKind.None : MissingTokenKind.Overload;
        }

        /// <summary>
        /// The same classification from syntax and the bound method (reduced for an extension call), without building
        /// the call's operation tree: the hot path of AG0301, which sees every call. <paramref name="argument"/> is the
        /// explicit `None` argument, <paramref name="parameter"/> the token parameter (OptionalDefault / ExplicitNone).
        /// </summary>
        public static MissingTokenKind Classify(InvocationExpressionSyntax invocation, IMethodSymbol method, SemanticModel model, AsyncTypes types,
            CancellationToken cancellationToken, out ArgumentSyntax? argument, out IParameterSymbol? parameter)
        {
            argument = null;
            parameter = null;
            if (TokenProvenance.SchedulesDelegate(method, types) || TokenProvenance.RecordsCancellation(method, types))
            {
                return MissingTokenKind.None;
            }

            var kind = MissingTokenKind.None;
            var arguments = invocation.ArgumentList.Arguments;
            foreach (var p in method.Parameters)
            {
                if (!types.IsTokenOrNullableToken(p.Type))
                {
                    continue;
                }

                var arg = ArgumentFor(arguments, p);
                if (arg is null)
                {
                    if (p.IsOptional && kind == MissingTokenKind.None)
                    {
                        kind = MissingTokenKind.OptionalDefault;
                        parameter = p;
                    }

                    continue;
                }

                if (LooksLikeNoToken(arg.Expression) && types.IsNoToken(model.GetOperation(arg.Expression, cancellationToken)))
                {
                    if (kind == MissingTokenKind.None)
                    {
                        kind = MissingTokenKind.ExplicitNone;
                        argument = arg;
                        parameter = p;
                    }

                    continue;
                }

                // It already receives a token.
                argument = null;
                parameter = null;
                return MissingTokenKind.None;
            }

            if (kind != MissingTokenKind.None)
            {
                return kind;
            }

            if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.ReducedExtension) || method.ContainingType is null)
            {
                return MissingTokenKind.None;
            }

            return types.TokenOverloads(method).IsEmpty ? MissingTokenKind.None : MissingTokenKind.Overload;
        }

        /// <summary>
        /// The call already passes a real token (not `None`/`default`): decided from the operation's target and the written
        /// arguments alone, before any semantic query — most calls to token-taking methods in async code end here.
        /// </summary>
        public static bool ReceivesToken(IInvocationOperation operation, InvocationExpressionSyntax invocation, AsyncTypes types)
        {
            var method = operation.TargetMethod;
            var arguments = invocation.ArgumentList.Arguments;

            var offset = Invocations.IsReducedExtensionCall(operation) ? 1 : 0;
            foreach (var p in method.Parameters)
            {
                if (p.IsParams || !types.IsTokenOrNullableToken(p.Type))
                {
                    continue;
                }

                for (var i = 0; i < arguments.Count; i++)
                {
                    var a = arguments[i];
                    var matches = a.NameColon is { } nameColon ? nameColon.Name.Identifier.ValueText == p.Name : i + offset == p.Ordinal;
                    if (matches && !LooksLikeNoToken(a.Expression))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The argument bound to <paramref name="parameter"/>: named, or positional at its ordinal.</summary>
        private static ArgumentSyntax? ArgumentFor(SeparatedSyntaxList<ArgumentSyntax> arguments, IParameterSymbol parameter)
        {
            for (var i = 0; i < arguments.Count; i++)
            {
                var a = arguments[i];
                if (a.NameColon is { } nameColon)
                {
                    if (nameColon.Name.Identifier.ValueText == parameter.Name)
                    {
                        return a;
                    }
                }
                else if (i == parameter.Ordinal)
                {
                    return a;
                }
            }

            return null;
        }

        /// <summary>Syntactic shape of a "no token" value, before the semantic check.</summary>
        private static bool LooksLikeNoToken(ExpressionSyntax expression) => expression.WalkDownParentheses() switch
        {
            DefaultExpressionSyntax => true,
            LiteralExpressionSyntax literal => literal.IsKind(SyntaxKind.DefaultLiteralExpression) || literal.IsKind(SyntaxKind.NullLiteralExpression),
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == "None",
            ObjectCreationExpressionSyntax creation => creation.ArgumentList is null || creation.ArgumentList.Arguments.Count == 0,
            ImplicitObjectCreationExpressionSyntax implicitCreation => implicitCreation.ArgumentList.Arguments.Count == 0,
            _ => false,
        };

        /// <summary>
        /// The argument list with <paramref name="token"/> passed for parameter <paramref name="ordinal"/> (named
        /// <paramref name="name"/>) of a method with <paramref name="parameterCount"/> parameters as the syntax calls it
        /// (reduced for an extension call): positional when it lands on the parameter's position, otherwise named.
        /// </summary>
        public static ArgumentListSyntax? WithToken(InvocationExpressionSyntax invocation, int parameterCount, bool lastIsParams, int ordinal, string name, ExpressionSyntax token,
            out int index, out ArgumentSyntax? argument)
        {
            var arguments = invocation.ArgumentList.Arguments;
            index = -1;
            argument = null;
            var anyNamed = false;
            foreach (var a in arguments)
            {
                anyNamed |= a.NameColon != null;
            }

            // Earlier parameters all have positional arguments: the token can stand at its own position.
            // (Speculative binding of the result confirms it; a params array cannot precede the token.)
            if (!anyNamed && ordinal <= arguments.Count && !(lastIsParams && ordinal >= parameterCount - 1))
            {
                index = ordinal;
                argument = SyntaxFactory.Argument(token);
            }
            else if (name.Length > 0)
            {
                index = arguments.Count;
                argument = SyntaxFactory.Argument(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(name)), default, token);
            }
            else
            {
                return null;
            }

            return InsertArgument(invocation.ArgumentList, index, argument);
        }

        /// <summary>Inserts <paramref name="argument"/> at <paramref name="index"/>, with a `, ` separator.</summary>
        public static ArgumentListSyntax InsertArgument(ArgumentListSyntax list, int index, ArgumentSyntax argument)
        {
            var arguments = list.Arguments;
            var nodes = new List<ArgumentSyntax>(arguments.Count + 1);
            var separators = new List<SyntaxToken>(arguments.Count);
            nodes.AddRange(arguments);
            separators.AddRange(arguments.GetSeparators());
            index = Math.Min(Math.Max(index, 0), nodes.Count);
            nodes.Insert(index, argument);
            if (nodes.Count > 1)
            {
                separators.Insert(Math.Min(index, separators.Count), SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
            }

            return list.WithArguments(SyntaxFactory.SeparatedList(nodes, separators));
        }

        /// <summary>
        /// Binds <paramref name="invocation"/> with <paramref name="newArguments"/> at its position (a `?.` call as if it were `.`);
        /// the method it would call, or null.
        /// </summary>
        public static IMethodSymbol? BindWith(InvocationExpressionSyntax invocation, ArgumentListSyntax newArguments, SemanticModel model, CancellationToken cancellationToken)
        {
            // A piece of a `?.` chain (`.M(..)`, `.A.M(..)`) is bound with the chain's receiver in front: `(x).A.M(..)`.
            var speculative = ConditionalAccesses.WithReceiver(invocation, invocation.WithArgumentList(newArguments), model, cancellationToken);
            return speculative is null ? null : Speculation.GetSymbolInfo(model, invocation.SpanStart, speculative).Symbol as IMethodSymbol;
        }

        /// <summary>
        /// The argument list that passes <paramref name="token"/> to the call, or null when none binds soundly:
        /// for OptionalDefault the same method, for Overload a token overload with the same or a compatible return type
        /// that is not <paramref name="enclosingMember"/>. <paramref name="target"/> is the method as the syntax calls it.
        /// </summary>
        public static ArgumentListSyntax? TryPassToken(InvocationExpressionSyntax invocation, IMethodSymbol target, MissingTokenKind kind, string? tokenParameterName,
            ExpressionSyntax token, IMethodSymbol? enclosingMember, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken,
            out int index, out ArgumentSyntax? argument, SharedBinding? shared = null)
        {
            index = -1;
            argument = null;
            var parameters = target.Parameters;
            var lastIsParams = parameters.Length > 0 && parameters[parameters.Length - 1].IsParams;
            switch (kind)
            {
                case MissingTokenKind.OptionalDefault when tokenParameterName != null:
                    foreach (var parameter in parameters)
                    {
                        if (parameter.Name == tokenParameterName)
                        {
                            var list = WithToken(invocation, parameters.Length, lastIsParams, parameter.Ordinal, parameter.Name, token, out index, out argument);
                            var bound = list is null ? null : Bind(shared, invocation, list, index, argument, model, cancellationToken);
                            return bound != null && SameMethod(bound, target) ? list : null;
                        }
                    }

                    return null;

                case MissingTokenKind.Overload:
                    var offset = target.MethodKind == MethodKind.ReducedExtension ? 1 : 0;
                    foreach (var overload in types.TokenOverloads(target))
                    {
                        if (enclosingMember != null && SameMethod(overload, enclosingMember))
                        {
                            continue;
                        }

                        var tokenIndex = TokenIndex(overload, types) - offset;
                        if (tokenIndex < 0)
                        {
                            continue;
                        }

                        var count = overload.Parameters.Length - offset;
                        var list = WithToken(invocation, count, overload.Parameters[overload.Parameters.Length - 1].IsParams, tokenIndex, overload.Parameters[tokenIndex + offset].Name, token, out index, out argument);
                        var bound = list is null ? null : Bind(shared, invocation, list, index, argument, model, cancellationToken);
                        if (bound != null && SameMethod(bound, overload) && CompatibleReturn(invocation, bound, target, model))
                        {
                            return list;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        /// <summary>
        /// <see cref="BindWith"/>, answered once per call shape when <paramref name="shared"/> is given: the bound method
        /// depends on the shape and on where the token goes, not on which token is passed (every form of it is a
        /// CancellationToken). Only found methods are kept, so a token that failed to bind never speaks for another call.
        /// </summary>
        private static IMethodSymbol? Bind(SharedBinding? shared, InvocationExpressionSyntax invocation, ArgumentListSyntax list, int index, ArgumentSyntax? argument,
            SemanticModel model, CancellationToken cancellationToken)
        {
            if (shared is null)
            {
                return BindWith(invocation, list, model, cancellationToken);
            }

            var variant = argument?.NameColon is { } nameColon ? "token:" + nameColon.Name.Identifier.ValueText : "token@" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!CallShape.TryCreate(shared.Operation, invocation, shared.ScopeMatters ? shared.Cache.Scopes : null, variant, out var shape))
            {
                return BindWith(invocation, list, model, cancellationToken);
            }

            shape = shape.From(shared.CallingType);
            if (shared.Cache.TryGet(shape, out var known))
            {
                return known;
            }

            var bound = BindWith(invocation, list, model, cancellationToken);
            if (bound != null)
            {
                shared.Cache.Add(shape, bound);
            }

            return bound;
        }

        /// <summary>Both are Task/ValueTask, generic with the same result type or both non-generic.</summary>
        private static bool SameAwaitResult(ITypeSymbol a, ITypeSymbol b)
        {
            if (a is not INamedTypeSymbol na || b is not INamedTypeSymbol nb || !IsTaskOrValueTaskName(na) || !IsTaskOrValueTaskName(nb)
                || na.TypeArguments.Length != nb.TypeArguments.Length)
            {
                return false;
            }

            return na.TypeArguments.Length == 0 || na.TypeArguments[0].Is(nb.TypeArguments[0]);
        }

        private static bool IsTaskOrValueTaskName(INamedTypeSymbol type) =>
            type.Name is "Task" or "ValueTask" && type.TypeArguments.Length <= 1
            && type.ContainingNamespace is { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

        private static int TokenIndex(IMethodSymbol overload, AsyncTypes types)
        {
            for (var i = 0; i < overload.Parameters.Length; i++)
            {
                if (types.IsCancellationToken(overload.Parameters[i].Type))
                {
                    return i;
                }
            }

            return -1;
        }

        private static bool SameMethod(IMethodSymbol a, IMethodSymbol b) =>
            (a.ReducedFrom ?? a).OriginalDefinition.Is((b.ReducedFrom ?? b).OriginalDefinition);

        private static bool CompatibleReturn(InvocationExpressionSyntax invocation, IMethodSymbol overload, IMethodSymbol original, SemanticModel model)
        {
            if (overload.ReturnType.Is(original.ReturnType) || original.ReturnsVoid && overload.ReturnsVoid)
            {
                return true;
            }

            // A different return type is only harmless where the value is thrown away, or where it is awaited
            // directly and both await to the same result (Task<string> and ValueTask<string>, as ReadLineAsync).
            SyntaxNode node = invocation.Parent is ConditionalAccessExpressionSyntax c && c.WhenNotNull == invocation ? c : invocation;
            if (node.Parent is AwaitExpressionSyntax awaited)
            {
                if (node == invocation && SameAwaitResult(overload.ReturnType, original.ReturnType))
                {
                    return true;
                }

                node = awaited;
            }

            return node.Parent is ExpressionStatementSyntax && !original.ReturnsVoid && !overload.ReturnsVoid
                && model.Compilation.ClassifyConversion(overload.ReturnType, original.ReturnType).IsImplicit;
        }
    }
}
