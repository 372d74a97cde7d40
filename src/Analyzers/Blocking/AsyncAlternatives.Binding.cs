using System.Linq;

namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>Speculative binding of the rewritten call, and the checks that it means the same (arguments, result, mode switches).</summary>
    internal sealed partial class AsyncAlternatives
    {
        /// <summary>Speculatively binds the call renamed to <paramref name="candidateName"/> (plus the token) and checks the result.</summary>
        private bool TryBind(in WrittenCall call, SimpleNameSyntax name, string candidateName, string? token, Candidates candidates,
            ImmutableArray<IMethodSymbol> extensions, ISymbol containingSymbol, out string? tokenParameter)
        {
            tokenParameter = null;
            if (!IsPlausible(call, candidateName, token != null, candidates, extensions))
            {
                return false;
            }

            var method = call.Method;
            // The import scope matters only where an extension method can take part: one named like the candidate
            // that may take the receiver, or any extension of the original name (not indexed) when it is kept.
            var scopeMatters = !extensions.IsEmpty || candidateName == name.Identifier.ValueText;
            // Where overload resolution can give one answer only, the symbols give it; binding decides the rest.
            if ((ApplicableFromSymbols(call, candidateName, token) ?? BindRewritten(call, name, candidateName, token, containingSymbol, scopeMatters)) is not { } alternative
                || alternative.OriginalDefinition.Is(method.OriginalDefinition)
                || !_types.IsAwaitable(alternative.ReturnType)
                || _types.IsObsolete(alternative.ReducedFrom ?? alternative)
                || IsCaller(alternative, call, containingSymbol)
                || _sync.IsUnoverriddenFallback(alternative, ReceiverType(call))
                || WrapsTheSyncMember(alternative, method, call.CancellationToken)
                || SyncWrapperTwins.Wraps(alternative, method, ReceiverType(call), call.Operation.SemanticModel?.Compilation, _types, call.CancellationToken)
                || ComposingTwins.RunsTheSyncMember(alternative, method, ReceiverType(call), call.Operation.SemanticModel?.Compilation, call.CancellationToken)
                || (method.Name == "Dispose" && call.Operation.SemanticModel is { } model && _sync.IsAfterFailedAsyncDisposableCheck(call.Operation, model, call.CancellationToken))
                || !SameArguments(call, alternative, token != null, out tokenParameter)
                || !SameResult(method, alternative)
                || LosesAModeSwitch(method, alternative)
                || CompletionCallbackTwins.ReportsThroughCallback(method, alternative)
                || (ReceiverType(call) is { } staticType && (staticType.IsAbstract || staticType.TypeKind == TypeKind.Interface)
                    && AssignedType(call) is { } assigned && _sync.IsUnoverriddenFallback(alternative, assigned)))
            {
                return false;
            }

            return true;
        }

        /// <summary>
        /// The sync member takes a `bool` switch the alternative has no parameter for (by name): the two do different
        /// things, so the alternative is not a twin. Seen: `log.Commit(spinWait: false)` only issues a commit while
        /// `CommitAsync()` waits for it; a caller that wanted the sync behaviour cannot express it with the async member.
        /// </summary>
        private static bool LosesAModeSwitch(IMethodSymbol method, IMethodSymbol alternative)
        {
            var original = (method.ReducedFrom ?? method).Parameters;
            var replacement = (alternative.ReducedFrom ?? alternative).Parameters;
            foreach (var parameter in original)
            {
                if (parameter.Type.SpecialType != SpecialType.System_Boolean || parameter.IsParams)
                {
                    continue;
                }

                var kept = false;
                foreach (var other in replacement)
                {
                    if (other.Name == parameter.Name && other.Type.SpecialType == SpecialType.System_Boolean)
                    {
                        kept = true;
                        break;
                    }
                }

                if (!kept)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The one concrete type a private field or privately set auto-property of the receiver's type ever holds, from
        /// every assignment and initializer of it in its type's declarations (all in this file): `OutputStream = new
        /// PipeStream();` behind a `Stream OutputStream { get; private set; }`. Null when one assignment is anything
        /// but `new T(..)` / null, the types differ, a field is passed by `ref`/`out`, or the declarations span files.
        /// </summary>
        private static ITypeSymbol? AssignedType(in WrittenCall call)
        {
            var receiver = Invocations.Receiver(call.Operation);
            ISymbol? member = receiver switch
            {
                IFieldReferenceOperation { Field: { DeclaredAccessibility: Accessibility.Private, IsStatic: false } field, Instance: IInstanceReferenceOperation } => field,
                IPropertyReferenceOperation { Property: { IsStatic: false, IsIndexer: false } held, Instance: IInstanceReferenceOperation }
                    when held.SetMethod is null or { DeclaredAccessibility: Accessibility.Private } => held,
                _ => null,
            };
            var model = call.Operation.SemanticModel;
            if (member is null || model is null || member.ContainingType is not { } type || member.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var cancellationToken = call.CancellationToken;
            var declaration = member.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            if (declaration is PropertyDeclarationSyntax property
                && (property.ExpressionBody != null || property.AccessorList is null
                    || property.AccessorList.Accessors.Any(a => a.Body != null || a.ExpressionBody != null)))
            {
                // Only auto-properties: a computed getter may return anything.
                return null;
            }

            ITypeSymbol? found = null;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != model.SyntaxTree)
                {
                    return null;
                }

                foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
                {
                    ExpressionSyntax? right;
                    switch (node)
                    {
                        case AssignmentExpressionSyntax assignment when IsMember(assignment.Left):
                            if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
                            {
                                return null;
                            }

                            right = assignment.Right;
                            break;
                        case ArgumentSyntax { RefKindKeyword.RawKind: not 0 } argument when IsMember(argument.Expression):
                            return null;
                        case VariableDeclaratorSyntax { Initializer.Value: { } initial } when node == declaration:
                            right = initial;
                            break;
                        case PropertyDeclarationSyntax { Initializer.Value: { } initial } when node == declaration:
                            right = initial;
                            break;
                        default:
                            continue;
                    }

                    right = right.WalkDownParentheses();

                    if (right is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression })
                    {
                        continue;
                    }

                    if (right is not BaseObjectCreationExpressionSyntax creation
                        || model.GetTypeInfo(creation, cancellationToken).Type is not INamedTypeSymbol { TypeKind: TypeKind.Class } created
                        || (found != null && !found.Is(created)))
                    {
                        return null;
                    }

                    found = created;
                }
            }

            return found;

            bool IsMember(ExpressionSyntax expression)
            {
                var name = expression switch
                {
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText,
                    _ => null,
                };
                return name == member!.Name
                    && member.OriginalDefinition.Is(model!.GetSymbolInfo(expression, cancellationToken).Symbol?.OriginalDefinition);
            }
        }

        /// <summary>The static type of the receiver (the containing type for an implicit `this`), null for a static call.</summary>
        private static ITypeSymbol? ReceiverType(in WrittenCall call) =>
            Invocations.Receiver(call.Operation) is { } receiver ? receiver.Type : null;

        /// <summary>The method the call renamed to <paramref name="candidateName"/> (plus the token) binds to; once per call shape.</summary>
        private IMethodSymbol? BindRewritten(in WrittenCall call, SimpleNameSyntax name, string candidateName, string? token, ISymbol containingSymbol, bool scopeMatters)
        {
            var model = call.Operation.SemanticModel;
            var position = call.Invocation.SpanStart;
            var hasShape = CallShape.TryCreate(call.Operation, call.Invocation, scopeMatters ? _bound.Scopes : null, token is null ? candidateName : candidateName + "(+token)", out var shape);
            var fromHere = shape.From(containingSymbol.ContainingType);
            if (hasShape && model != null
                && ((_bound.TryGet(shape, out var known) && known != null && IsAccessibleAt(model, position, known)) || _bound.TryGet(fromHere, out known)))
            {
                return known;
            }

            var speculative = Rewrite(call.Invocation, name, candidateName, token);
            var bound = model is null ? null : Speculation.GetSymbolInfo(model, position, speculative).Symbol as IMethodSymbol;
            if (hasShape)
            {
                _bound.Add(bound is null ? fromHere : shape, bound);
            }

            return bound;
        }

        /// <summary>
        /// <see cref="SemanticModel.IsAccessible(int, ISymbol)"/> without asking for a binder at the position (which can
        /// mean binding the lambda around it) where the answer is the same everywhere: a method that is public, or internal
        /// to this compilation's assembly, declared in types that are too, with such type arguments, is accessible from
        /// every position of the compilation. Anything else asks the model.
        /// </summary>
        private static bool IsAccessibleAt(SemanticModel model, int position, IMethodSymbol method) =>
            AccessibleEverywhere(method, model.Compilation.Assembly) || model.IsAccessible(position, method);

        private static bool AccessibleEverywhere(IMethodSymbol method, IAssemblySymbol assembly)
        {
            if (!AccessibleEverywhere((ISymbol)method, assembly) || method.ContainingType is not { } type || !AccessibleEverywhere(type, assembly))
            {
                return false;
            }

            foreach (var argument in method.TypeArguments)
            {
                if (!AccessibleEverywhere(argument, assembly))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool AccessibleEverywhere(ITypeSymbol type, IAssemblySymbol assembly)
        {
            switch (type)
            {
                case ITypeParameterSymbol:
                    return true;
                case IArrayTypeSymbol array:
                    return AccessibleEverywhere(array.ElementType, assembly);
                case INamedTypeSymbol { TypeKind: not TypeKind.Error } named:
                    if (!AccessibleEverywhere((ISymbol)named, assembly) || (named.ContainingType is { } outer && !AccessibleEverywhere(outer, assembly)))
                    {
                        return false;
                    }

                    foreach (var argument in named.TypeArguments)
                    {
                        if (!AccessibleEverywhere(argument, assembly))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }

        private static bool AccessibleEverywhere(ISymbol symbol, IAssemblySymbol assembly) => symbol.DeclaredAccessibility switch
        {
            Accessibility.Public => true,
            Accessibility.Internal or Accessibility.ProtectedOrInternal => symbol.ContainingAssembly.Is(assembly),
            _ => false,
        };

        /// <summary>The name of a call on this instance (`M()`, `this.M()`, `base.M()`), or null.</summary>
        private static SimpleNameSyntax? CalledName(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            SimpleNameSyntax simple => simple,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or BaseExpressionSyntax } access => access.Name,
            _ => null,
        };

        /// <summary>`x.M(a, b)` renamed (type arguments kept), with the token appended when given.</summary>
        public static InvocationExpressionSyntax Rewrite(InvocationExpressionSyntax invocation, SimpleNameSyntax name, string newName, string? token)
        {
            SimpleNameSyntax renamed = name is GenericNameSyntax generic
                ? generic.WithIdentifier(SyntaxFactory.Identifier(newName).WithTriviaFrom(generic.Identifier))
                : SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(newName).WithTriviaFrom(name.Identifier));
            var expression = invocation.Expression is MemberAccessExpressionSyntax access ? access.WithName(renamed) : (ExpressionSyntax)renamed;
            var arguments = invocation.ArgumentList;
            if (token != null)
            {
                arguments = arguments.AddArguments(SyntaxFactory.Argument(AvailableTokens.ToSyntax(token)));
            }

            return invocation.WithExpression(expression).WithArgumentList(arguments);
        }

        /// <summary>Every written argument goes to a parameter of the same type and ref kind in both; other parameters of the alternative are optional (or the token).</summary>
        private bool SameArguments(in WrittenCall call, IMethodSymbol alternative, bool withToken, out string? tokenParameter)
        {
            tokenParameter = null;
            var arguments = call.Invocation.ArgumentList.Arguments;
            var used = new bool[alternative.Parameters.Length];
            for (var i = 0; i < arguments.Count; i++)
            {
                var original = ParameterFor(call.Method, arguments[i], i + call.ParameterOffset);
                var replacement = ParameterFor(alternative, arguments[i], i);
                if (original is null || replacement is null || original.RefKind != replacement.RefKind
                    || original.IsParams != replacement.IsParams
                    || !original.Type.Is(replacement.Type))
                {
                    return false;
                }

                if (replacement.Ordinal >= 0 && replacement.Ordinal < used.Length)
                {
                    used[replacement.Ordinal] = true;
                }
            }

            if (withToken)
            {
                var tokenTarget = arguments.Count < alternative.Parameters.Length ? alternative.Parameters[arguments.Count] : null;
                if (tokenTarget is null || !_types.IsCancellationToken(tokenTarget.Type))
                {
                    return false;
                }

                used[arguments.Count] = true;
                tokenParameter = tokenTarget.Name;
            }

            for (var i = 0; i < used.Length; i++)
            {
                if (!used[i] && !alternative.Parameters[i].IsOptional && !alternative.Parameters[i].IsParams)
                {
                    return false;
                }
            }

            return true;
        }

        private static IParameterSymbol? ParameterFor(IMethodSymbol method, ArgumentSyntax argument, int index)
        {
            var parameters = method.Parameters;
            if (argument.NameColon is { } nameColon)
            {
                foreach (var parameter in parameters)
                {
                    if (parameter.Name == nameColon.Name.Identifier.ValueText)
                    {
                        return parameter;
                    }
                }

                return null;
            }

            if (index < parameters.Length)
            {
                return parameters[index];
            }

            return parameters.Length > 0 && parameters[parameters.Length - 1].IsParams ? parameters[parameters.Length - 1] : null;
        }

        /// <summary>Awaiting the alternative gives what the call gave (anything, where the call returned nothing).</summary>
        private bool SameResult(IMethodSymbol method, IMethodSymbol alternative)
        {
            if (method.ReturnsVoid)
            {
                return true;
            }

            var awaited = alternative.ReturnType is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named && _types.IsTaskOrValueTask(named)
                ? named.TypeArguments[0]
                : null;
            return awaited != null && awaited.Is(method.ReturnType);
        }
    }
}
