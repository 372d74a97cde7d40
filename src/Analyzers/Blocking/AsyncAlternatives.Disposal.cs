using System.Linq;

namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>`using` / `await using` of a disposable that has a real DisposeAsync.</summary>
    internal sealed partial class AsyncAlternatives
    {
        /// <summary>`using (..)` / `using var ..` of a type whose DisposeAsync really differs from Dispose.</summary>
        public bool TryFindForUsing(IOperation operation, SyntaxNode statement, ISymbol containingSymbol, SemanticModel model, ImmutableHashSet<string> exclusions, bool reportSyncPreferred, CancellationToken cancellationToken, out AsyncAlternative alternative)
        {
            alternative = default;
            VariableDeclarationSyntax? declaration;
            ExpressionSyntax? expression = null;
            switch (statement)
            {
                case UsingStatementSyntax { AwaitKeyword.RawKind: 0 } usingStatement:
                    declaration = usingStatement.Declaration;
                    expression = usingStatement.Expression;
                    break;
                case LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0, AwaitKeyword.RawKind: 0 } local:
                    declaration = local.Declaration;
                    break;
                default:
                    return false;
            }

            if (IsInLockBody(statement) || !IsAsyncCapable(operation, containingSymbol, model, cancellationToken))
            {
                return false;
            }

            // Types come from the operation tree the driver already built: no semantic-model query per variable.
            ITypeSymbol? shown = null;
            var resources = UsingResources.Of(operation);
            if (declaration != null)
            {
                if (declaration.Variables.Count == 0 || resources is not IVariableDeclarationGroupOperation group)
                {
                    return false;
                }

                foreach (var declarationOperation in group.Declarations)
                {
                    foreach (var declarator in declarationOperation.Declarators)
                    {
                        var type = declarator.Symbol?.Type;
                        var value = (declarator.Syntax as VariableDeclaratorSyntax)?.Initializer?.Value;
                        if (!IsRealAsyncDisposable(type, value, model, exclusions, reportSyncPreferred, cancellationToken))
                        {
                            return false;
                        }

                        shown ??= type;
                    }
                }
            }
            else if (expression != null)
            {
                shown = resources is null ? null : Invocations.WithoutImplicitConversions(resources).Type;
                if (!IsRealAsyncDisposable(shown, expression, model, exclusions, reportSyncPreferred, cancellationToken))
                {
                    return false;
                }
            }

            if (shown is null)
            {
                return false;
            }

            alternative = new AsyncAlternative(AlternativeForm.AwaitUsing, shown.Name, "await using", null, null);
            return true;
        }

        private bool IsRealAsyncDisposable(ITypeSymbol? type, ExpressionSyntax? value, SemanticModel model, ImmutableHashSet<string> exclusions, bool reportSyncPreferred, CancellationToken cancellationToken)
        {
            // The type's answer is kept per compilation; only then is the value's origin (a semantic query) looked at.
            if (type is null || type.TypeKind == TypeKind.Error || IsExcludedType(type, exclusions)
                || _sync.IsSilentResource(type, reportSyncPreferred)
                || !(_realAsyncDisposables.TryGetValue(type, out var real) ? real : _realAsyncDisposables.GetOrAdd(type, HasRealDisposeAsync(type, false, cancellationToken))))
            {
                return false;
            }

            // A value made in place or by a helper as a type without real async disposal (corpus10app), or a parameter every
            // call of its private method gives such a value (corpus12cli).
            return value is null || !(IsInMemoryOrigin(value, model, 0, cancellationToken)
                || FormFileStreams.IsFormFileView(value, model, _types, cancellationToken) // corpus16web: a form file's read view
                || UpdateArchiveEntryStreams.IsEntryStream(value, model, _types, cancellationToken) // ho4c: an update-mode entry's in-memory stream
                || SynchronousDisposals.MadeWithout(value, model, made => HasRealDisposeAsync(made, true, cancellationToken), cancellationToken)
                || ForwardedStreams.EveryCallPassesWithout(value, model, (passed, exact) => HasRealDisposeAsync(passed, exact, cancellationToken), cancellationToken)
                || XmlSyncOnly.IsMadeWithoutAsync(type, value, model, cancellationToken));
        }

        private bool HasRealDisposeAsync(ITypeSymbol type, bool exact, CancellationToken cancellationToken)
        {
            if (_types.IAsyncDisposable is not { } asyncDisposable || _types.IsInMemoryIo(type))
            {
                return false;
            }

            // AsyncGuard's own lock releaser is asynchronously disposable for `await using` users, but releasing never waits.
            if (type is INamedTypeSymbol { Name: "Releaser", ContainingType: { Name: "AsyncLock", ContainingNamespace: { Name: "AsyncGuard", ContainingNamespace.IsGlobalNamespace: true } } })
            {
                return false;
            }

            var disposeAsync = asyncDisposable.GetMembers("DisposeAsync");
            if (disposeAsync.Length != 1)
            {
                return false;
            }

            if (type.TypeKind == TypeKind.Interface)
            {
                return type.InheritsOrImplements(asyncDisposable);
            }

            // Stream.DisposeAsync, inherited unchanged by a concrete type, only calls Dispose: no gain from awaiting it.
            if (type.FindImplementationForInterfaceMember(disposeAsync[0]) is not IMethodSymbol implementation)
            {
                // `await using` also takes an accessible parameterless instance DisposeAsync returning an awaitable (CS8410's rule).
                return HasPatternDisposeAsync(type);
            }

            // A DisposeAsync of this compilation that only returns a completed ValueTask runs as synchronously as Dispose (corpus10app).
            if (!type.IsAbstract && SynchronousDisposals.IsCompletedOnly(implementation, type, exact, _types, cancellationToken))
            {
                return false;
            }

            if (implementation.IsOverride || !implementation.IsVirtual || type.IsAbstract)
            {
                return true;
            }

            // NetworkStream inherits Stream.DisposeAsync in every version, although it comes from a reference assembly (corpus10app).
            if (SynchronousDisposals.InheritsFallbackThroughNetworkStream(type, implementation, _types))
            {
                return false;
            }

            // A base fallback of the knowledge base (Stream.DisposeAsync, DbConnection.DisposeAsync, ... only call Dispose)
            // that no class down to this one overrides gains nothing; classes of reference assemblies, whose overrides may
            // be left out, are assumed to override. Any other inherited DisposeAsync does real work.
            return !_sync.IsUnoverriddenFallback(implementation, type);
        }

        private bool HasPatternDisposeAsync(ITypeSymbol type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (t is INamedTypeSymbol named && !AsyncTypes.HasMemberNamed(named.MemberNames, "DisposeAsync"))
                {
                    continue;
                }

                foreach (var member in t.GetMembers("DisposeAsync"))
                {
                    if (member is IMethodSymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Public, TypeParameters.Length: 0 } method
                        && AllOptional(method.Parameters) && _types.IsAwaitable(method.ReturnType))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool AllOptional(ImmutableArray<IParameterSymbol> parameters)
        {
            foreach (var parameter in parameters)
            {
                if (!parameter.IsOptional && !parameter.IsParams)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
