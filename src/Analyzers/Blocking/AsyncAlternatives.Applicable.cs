namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// The method a rewritten call binds to, decided from symbols alone where overload resolution can give only one
    /// answer; every other rewrite is bound speculatively (<see cref="BindRewritten"/>). The code fix keeps binding.
    /// </summary>
    internal sealed partial class AsyncAlternatives
    {
        /// <summary>
        /// What `x.N(a, b[, token])` binds to when that is certain without binding it, or null (then binding decides).
        /// Certain means: a member access on a written value of a class, struct or interface type (or a static call on a
        /// written type name), a call with no extension method, generic method, named, ref/out/in, params, dynamic or
        /// error-typed argument; and among every member named N that lookup from the receiver's type meets, each one a
        /// method, exactly one could take that many positional arguments — a non-generic method of the call's kind
        /// (instance or static), accessible from all code of the compilation, whose parameters at the written arguments
        /// have the same types as the call's target's (so each argument converts to it exactly as it did), followed by a
        /// CancellationToken when a token is appended, then optional parameters only. One applicable instance candidate
        /// is the result of overload resolution, and extension methods are then never looked at; locals cannot hide a
        /// member of an explicit receiver; and the token, appended only where no lambda or local function encloses the
        /// call, names the containing method's parameter, which no local of that method can shadow.
        /// </summary>
        private IMethodSymbol? ApplicableFromSymbols(in WrittenCall call, string candidateName, string? token)
        {
            var method = call.Method;
            if (call.ParameterOffset != 0 || call.HasNamedArguments || method.IsExtensionMethod || method.IsGenericMethod || method.IsVararg
                || (token != null && call.InNestedFunction))
            {
                return null;
            }

            // The type lookup starts from: the receiver's type as written, or the type named for a static call.
            var receiver = Invocations.Receiver(call.Operation);
            ITypeSymbol? start;
            switch (call.Invocation.Expression)
            {
                case MemberAccessExpressionSyntax { Expression: not BaseExpressionSyntax, Name: IdentifierNameSyntax } access when method.IsStatic:
                    if (receiver != null || call.Operation.SemanticModel is not { } model
                        || model.GetSymbolInfo(access.Expression, call.CancellationToken).Symbol is not INamedTypeSymbol named)
                    {
                        return null;
                    }

                    start = named;
                    break;
                case MemberAccessExpressionSyntax { Expression: not BaseExpressionSyntax, Name: IdentifierNameSyntax }
                    when receiver is not null and not IInstanceReferenceOperation { IsImplicit: true }:
                    start = receiver.Type;
                    break;
                case IdentifierNameSyntax when receiver is IInstanceReferenceOperation { IsImplicit: true, ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }
                    && !DeclaresName(call.Invocation, candidateName):
                    // `M()` on this instance: a local, local function or parameter of that name would be met first.
                    start = receiver.Type;
                    break;
                default:
                    return null;
            }

            if (start is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct or TypeKind.Interface } receiverType)
            {
                return null;
            }

            // The written arguments, positionally, go to parameters of the target that take them as they are; each one's
            // type where its conversion depends on that type alone, for ruling other overloads out.
            var count = call.Invocation.ArgumentList.Arguments.Count;
            var taken = token is null ? count : count + 1;
            if (count > method.Parameters.Length)
            {
                return null;
            }

            var plain = new ITypeSymbol?[taken];
            var explicitArguments = 0;
            foreach (var argument in call.Operation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                var value = Invocations.WithoutImplicitConversions(argument.Value);
                if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Parameter is not { RefKind: RefKind.None, IsParams: false } parameter
                    || parameter.Ordinal >= count || value.Type is { TypeKind: TypeKind.Dynamic or TypeKind.Error })
                {
                    return null;
                }

                explicitArguments++;
                plain[parameter.Ordinal] = IsPlainValue(value) ? value.Type : null;
            }

            if (explicitArguments != count)
            {
                return null;
            }

            if (token != null)
            {
                plain[count] = _types.CancellationToken;
            }

            var found = OnlyApplicable(receiverType, candidateName, plain);
            if (found is null || found.IsStatic != method.IsStatic || found.IsGenericMethod || found.IsVararg
                || found.MethodKind != MethodKind.Ordinary || !AccessibleEverywhere(found, _types.Compilation.Assembly))
            {
                return null;
            }

            for (var i = 0; i < count; i++)
            {
                var original = method.Parameters[i];
                var replacement = found.Parameters[i];
                if (replacement.RefKind != RefKind.None || replacement.IsParams || replacement.Type.TypeKind == TypeKind.Error
                    || !original.Type.Is(replacement.Type))
                {
                    return null;
                }
            }

            return token is null
                || (found.Parameters[count] is { RefKind: RefKind.None, IsParams: false } tokenTarget && _types.IsCancellationToken(tokenTarget.Type))
                ? found
                : null;
        }

        /// <summary>
        /// A value whose conversion to a parameter depends on its type alone: a local, parameter, field, property or call
        /// that is not a constant (constants convert by value, lambdas, `null`, `default` and the like by their target).
        /// </summary>
        private static bool IsPlainValue(IOperation value) =>
            value is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
                or IInvocationOperation or IInstanceReferenceOperation
            && value.Type is { TypeKind: not TypeKind.Error and not TypeKind.Dynamic }
            && !value.ConstantValue.HasValue;

        /// <summary>Whether an identifier spelled <paramref name="name"/> occurs in the member around <paramref name="node"/> (where any local, local function or parameter of that name would be declared).</summary>
        private static bool DeclaresName(SyntaxNode node, string name)
        {
            var member = node.FirstAncestorOrSelf<MemberDeclarationSyntax>();
            if (member is null || member is BaseTypeDeclarationSyntax || member.Parent is not TypeDeclarationSyntax)
            {
                return true;
            }

            // The method's own name is no local (a call inside MAsync to M is common); any other spelling of the name counts.
            var own = member is MethodDeclarationSyntax method ? method.Identifier : default;
            foreach (var token in member.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name && token != own)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The one method named <paramref name="name"/> that member lookup from <paramref name="type"/> meets (an overridden
        /// method is met as its most derived override; a class's base types only when the class has none) which could take
        /// the arguments: any other takes a different number, or is not generic and has a parameter no argument of a known
        /// type (<paramref name="plain"/>) converts to. Null when none, several, or a member of that name is not a method.
        /// </summary>
        private IMethodSymbol? OnlyApplicable(INamedTypeSymbol type, string name, ITypeSymbol?[] plain)
        {
            IMethodSymbol? only = null;
            if (type.TypeKind == TypeKind.Interface)
            {
                if (!AddCandidate(type, name, plain, ref only))
                {
                    return null;
                }

                foreach (var inherited in type.AllInterfaces)
                {
                    if (!AddCandidate(inherited, name, plain, ref only))
                    {
                        return null;
                    }
                }

                return AddCandidate(_types.Compilation.GetSpecialType(SpecialType.System_Object), name, plain, ref only) ? only : null;
            }

            // Overload resolution keeps only the applicable methods of the most derived type that has one: once a type
            // gives the candidate (which the caller proves applicable), its base types have nothing to add.
            for (INamedTypeSymbol? t = type; t != null && only is null; t = t.BaseType)
            {
                if (!AddCandidate(t, name, plain, ref only))
                {
                    return null;
                }
            }

            return only;
        }

        /// <summary>False when the members of <paramref name="type"/> make the answer uncertain: a non-method of the name, or a second candidate.</summary>
        private bool AddCandidate(INamedTypeSymbol type, string name, ITypeSymbol?[] plain, ref IMethodSymbol? only)
        {
            if (!AsyncTypes.HasMemberNamed(type.MemberNames, name))
            {
                return true;
            }

            foreach (var member in type.GetMembers(name))
            {
                if (member is not IMethodSymbol candidate)
                {
                    return false;
                }

                if (!MayTake(candidate, plain.Length) || (only != null && Overrides(only, candidate)) || CannotTake(candidate, plain))
                {
                    continue;
                }

                if (only != null)
                {
                    return false;
                }

                only = candidate;
            }

            return true;
        }

        /// <summary>A non-generic method with a by-value parameter (before any params array) that an argument of a known type has no implicit conversion to.</summary>
        private bool CannotTake(IMethodSymbol candidate, ITypeSymbol?[] plain)
        {
            if (candidate.IsGenericMethod)
            {
                return false;
            }

            var parameters = candidate.Parameters;
            for (var i = 0; i < plain.Length && i < parameters.Length; i++)
            {
                var parameter = parameters[i];
                if (parameter.IsParams)
                {
                    return false;
                }

                if (plain[i] is { } argument && parameter.RefKind == RefKind.None && parameter.Type.TypeKind != TypeKind.Error
                    && !_types.Compilation.ClassifyCommonConversion(argument, parameter.Type).IsImplicit)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether <paramref name="candidate"/> could take <paramref name="count"/> positional arguments (optional and params parameters may stay empty).</summary>
        private static bool MayTake(IMethodSymbol candidate, int count)
        {
            var parameters = candidate.Parameters;
            if (parameters.Length > 0 && parameters[parameters.Length - 1].IsParams && count >= parameters.Length - 1)
            {
                return true;
            }

            if (count > parameters.Length)
            {
                return false;
            }

            for (var i = count; i < parameters.Length; i++)
            {
                if (!parameters[i].IsOptional)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Whether <paramref name="derived"/> overrides <paramref name="member"/>, directly or through other overrides.</summary>
        private static bool Overrides(IMethodSymbol derived, IMethodSymbol member)
        {
            for (var overridden = derived.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
            {
                if (overridden.OriginalDefinition.Is(member.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
