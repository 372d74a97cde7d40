using System.Linq;

namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>Alternatives that would call back into the caller: the method itself, its own slot, a wrapper of the sync member.</summary>
    internal sealed partial class AsyncAlternatives
    {
        /// <summary>
        /// Following the suggestion would recurse (issue 16, class 3): the alternative is the enclosing method (or local
        /// function) itself or an overload of it in its type; or, called on this instance (`this`, `base`, implicit, or
        /// static), a member of the same slot (the enclosing method overrides it, it overrides the enclosing method, the
        /// enclosing method implements it), a same-named overload of a base type (which may forward to the override),
        /// or a method in source that calls the enclosing method, directly or through a private helper of its type.
        /// Another instance (a wrapper's `_inner.Flush()` inside its FlushAsync override) is no recursion: reported.
        /// </summary>
        private bool IsCaller(IMethodSymbol alternative, in WrittenCall call, ISymbol containingSymbol)
        {
            var local = EnclosingFunction.InnermostFunction(call.Operation) is ILocalFunctionOperation function ? function.Symbol : null;
            var member = containingSymbol as IMethodSymbol;
            if (IsSelf(alternative, local) || IsSelf(alternative, member))
            {
                return true;
            }

            if (Invocations.Receiver(call.Operation) is { } receiver
                && Invocations.WithoutImplicitConversions(receiver is IConversionOperation conversion ? conversion.Operand : receiver) is not IInstanceReferenceOperation)
            {
                return false;
            }

            var target = (alternative.ReducedFrom ?? alternative).OriginalDefinition;
            return (local != null && (SameSlot(target, local.OriginalDefinition) || CallsBack(target, local.OriginalDefinition, call)))
                || (member != null && (SameSlot(target, member.OriginalDefinition) || CallsBack(target, member.OriginalDefinition, call)));
        }

        /// <summary>The enclosing function itself, or an overload of it in its type: calling it would recurse.</summary>
        private static bool IsSelf(IMethodSymbol alternative, IMethodSymbol? enclosing) =>
            enclosing != null
            && alternative.Name == enclosing.Name
            && (alternative.ContainingType?.OriginalDefinition).Is(enclosing.ContainingType?.OriginalDefinition);

        private static bool SameSlot(IMethodSymbol alternative, IMethodSymbol enclosing)
        {
            for (var m = enclosing.OverriddenMethod; m != null; m = m.OverriddenMethod)
            {
                if (m.OriginalDefinition.Is(alternative))
                {
                    return true;
                }
            }

            for (var m = alternative.OverriddenMethod; m != null; m = m.OverriddenMethod)
            {
                if (m.OriginalDefinition.Is(enclosing))
                {
                    return true;
                }
            }

            // A same-named overload of a base type (Stream.ReadAsync(byte[], int, int) forwards to the virtual one).
            if (alternative.Name == enclosing.Name && alternative.ContainingType.TypeKind != TypeKind.Interface)
            {
                for (var t = enclosing.ContainingType?.BaseType; t != null; t = t.BaseType)
                {
                    if (t.OriginalDefinition.Is(alternative.ContainingType.OriginalDefinition))
                    {
                        return true;
                    }
                }
            }

            if (alternative.ContainingType.TypeKind == TypeKind.Interface && enclosing.ContainingType is { } type)
            {
                foreach (var explicitImplementation in enclosing.ExplicitInterfaceImplementations)
                {
                    if (explicitImplementation.OriginalDefinition.Is(alternative))
                    {
                        return true;
                    }
                }

                return enclosing.Is(type.FindImplementationForInterfaceMember(alternative)?.OriginalDefinition);
            }

            return false;
        }

        /// <summary>
        /// An alternative declared in source whose body (or the body of a private helper of its type it calls, two levels
        /// deep) calls the enclosing method. Calls in the analysed tree are bound; elsewhere a call on this instance with
        /// the enclosing method's name and a fitting argument count counts (no semantic model of another tree here).
        /// </summary>
        private bool CallsBack(IMethodSymbol alternative, IMethodSymbol enclosing, in WrittenCall call)
        {
            if (alternative.DeclaringSyntaxReferences.Length == 0)
            {
                return false;
            }

            var model = call.Operation.SemanticModel;
            var cancellationToken = call.CancellationToken;
            var calls = _bodyCalls.TryGetValue(alternative, out var known) ? known : _bodyCalls.GetOrAdd(alternative, BodyCalls(alternative, cancellationToken));
            foreach (var invocation in calls)
            {
                var name = CalledName(invocation);
                if (name is null || name.Identifier.ValueText != enclosing.Name || invocation.ArgumentList.Arguments.Count > enclosing.Parameters.Length)
                {
                    continue;
                }

                if (model is null || invocation.SyntaxTree != model.SyntaxTree)
                {
                    return true;
                }

                if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol called
                    && called.OriginalDefinition.Is(enclosing))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A source alternative that only wraps the sync member in a completed task (`Task.FromResult(GetColumnSchema())`,
        /// `new ValueTask<T>(M(..))`, `ValueTask.FromResult(..)`) on every return: awaiting it runs the same sync code.
        /// </summary>
        private bool WrapsTheSyncMember(IMethodSymbol alternative, IMethodSymbol method, CancellationToken cancellationToken)
        {
            var definition = (alternative.ReducedFrom ?? alternative).OriginalDefinition;
            if (definition.DeclaringSyntaxReferences.Length != 1 || definition.IsAsync)
            {
                return false;
            }

            var wrapped = _syncWrappers.TryGetValue(definition, out var known) ? known : _syncWrappers.GetOrAdd(definition, WrappedName(definition, cancellationToken));
            return wrapped != null && wrapped == method.Name;
        }

        /// <summary>The name of the this-call every return of <paramref name="method"/> wraps in a completed task, or null.</summary>
        private static string? WrappedName(IMethodSymbol method, CancellationToken cancellationToken)
        {
            var declaration = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) as BaseMethodDeclarationSyntax;
            var returns = new List<ExpressionSyntax>();
            if (declaration?.ExpressionBody?.Expression is { } body)
            {
                returns.Add(body);
            }
            else if (declaration?.Body is { } block)
            {
                foreach (var node in block.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
                {
                    if (node is ReturnStatementSyntax { Expression: { } returned })
                    {
                        returns.Add(returned);
                    }
                    else if (node is AwaitExpressionSyntax or YieldStatementSyntax)
                    {
                        return null;
                    }
                }
            }

            string? name = null;
            foreach (var returned in returns)
            {
                var argument = returned switch
                {
                    InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FromResult", Expression: var type }, ArgumentList.Arguments.Count: 1 } fromResult
                        when type is IdentifierNameSyntax { Identifier.ValueText: "Task" or "ValueTask" } or QualifiedNameSyntax or MemberAccessExpressionSyntax => fromResult.ArgumentList.Arguments[0].Expression,
                    BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } creation
                        when creation is ImplicitObjectCreationExpressionSyntax || (creation is ObjectCreationExpressionSyntax { Type: GenericNameSyntax { Identifier.ValueText: "ValueTask" } }) => creation.ArgumentList!.Arguments[0].Expression,
                    _ => null,
                };
                var called = argument is InvocationExpressionSyntax invocation ? CalledName(invocation)?.Identifier.ValueText : null;
                if (called is null || (name != null && name != called))
                {
                    return null;
                }

                name = called;
            }

            return name;
        }

        /// <summary>Calls on this instance (unqualified, `this.`, `base.`) in a method's bodies and its private helpers'.</summary>
        private static ImmutableArray<InvocationExpressionSyntax> BodyCalls(IMethodSymbol method, CancellationToken cancellationToken)
        {
            var found = ImmutableArray.CreateBuilder<InvocationExpressionSyntax>();
            var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { method };
            var pending = new List<(IMethodSymbol Method, int Depth)> { (method, 0) };
            for (var i = 0; i < pending.Count && found.Count < 256; i++)
            {
                var (current, depth) = pending[i];
                foreach (var reference in current.DeclaringSyntaxReferences)
                {
                    var body = reference.GetSyntax(cancellationToken) switch
                    {
                        BaseMethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody,
                        LocalFunctionStatementSyntax localFunction => (SyntaxNode?)localFunction.Body ?? localFunction.ExpressionBody,
                        _ => null,
                    };
                    if (body is null)
                    {
                        continue;
                    }

                    foreach (var invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
                    {
                        if (CalledName(invocation) is not { } name)
                        {
                            continue;
                        }

                        found.Add(invocation);
                        if (depth < 2 && current.ContainingType is { } type)
                        {
                            foreach (var helper in type.GetMembers(name.Identifier.ValueText))
                            {
                                if (helper is IMethodSymbol { DeclaredAccessibility: Accessibility.Private } privateHelper && seen.Add(privateHelper))
                                {
                                    pending.Add((privateHelper, depth + 1));
                                }
                            }
                        }
                    }
                }
            }

            return found.ToImmutable();
        }
    }
}
