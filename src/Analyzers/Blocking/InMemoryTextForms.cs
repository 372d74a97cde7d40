namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0102's call of the text form of an API that does its I/O through a stream its caller passes (issue 16, fifteenth
    /// pass, held-out WireMock.Net: <c>IJsonConverter.Serialize(value, options)</c> in an async response mapper). The type
    /// offers the same operation twice as async members of one name: <c>SerializeAsync(Stream, value, ..)</c>, which writes
    /// to the caller's stream (returns a plain Task or ValueTask), and <c>SerializeAsync(value, ..)</c>, which takes the same
    /// parameters without the stream and returns the text (<c>Task&lt;string&gt;</c>). The sync call is the twin of the
    /// stream-free form: it takes no stream, reader or writer and returns a string. With no stream to write to or read
    /// from, that form builds its text in memory; its async twin has nothing to wait on.
    /// Decided from the signatures alone (member lookup on the target's declaring type, its base types and interfaces):
    /// no names of types or methods are assumed. Only candidate calls reach this check, so it runs rarely.
    /// Still reported: a type whose async members have no stream form (a client that fetches text), a stream form that
    /// replaces a parameter instead of adding one (<c>ReadAsync(path)</c> beside <c>ReadAsync(stream)</c>: the path is I/O),
    /// the stream form itself (<c>Serialize(stream, value)</c>), and a sync member that returns anything but a string.
    /// </summary>
    internal static class InMemoryTextForms
    {
        /// <summary>Whether the sync call <paramref name="operation"/>, whose alternative is named <paramref name="alternativeName"/>, is the text form of a stream API.</summary>
        public static bool IsTextFormOfStreamApi(IInvocationOperation operation, string alternativeName, AsyncTypes types)
        {
            var method = operation.TargetMethod.OriginalDefinition;
            if (method.ReturnType.SpecialType != SpecialType.System_String || method.ContainingType is not { } declaring)
            {
                return false;
            }

            foreach (var parameter in method.Parameters)
            {
                if (IsStreamLike(parameter.Type))
                {
                    return false;
                }
            }

            var twin = false;
            var streamForm = false;
            foreach (var type in SelfBasesAndInterfaces(declaring))
            {
                foreach (var member in type.GetMembers(alternativeName))
                {
                    if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary } candidate || candidate.IsStatic != method.IsStatic)
                    {
                        continue;
                    }

                    var parameters = WithoutTrailingToken(candidate.Parameters, types);
                    var result = types.ResultTypeOf(candidate.ReturnType);
                    if (result != null)
                    {
                        twin |= result.SpecialType == SpecialType.System_String && Same(parameters, -1, method, candidate);
                    }
                    else if (types.IsTaskOrValueTask(candidate.ReturnType) && parameters.Length == method.Parameters.Length + 1)
                    {
                        for (var i = 0; i < parameters.Length && !streamForm; i++)
                        {
                            streamForm = IsStreamLike(parameters[i].Type) && Same(parameters, i, method, candidate);
                        }
                    }

                    if (twin && streamForm)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static IEnumerable<INamedTypeSymbol> SelfBasesAndInterfaces(INamedTypeSymbol type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                yield return t;
            }

            foreach (var face in type.AllInterfaces)
            {
                yield return face;
            }
        }

        /// <summary>The parameters without a trailing CancellationToken.</summary>
        private static ImmutableArray<IParameterSymbol> WithoutTrailingToken(ImmutableArray<IParameterSymbol> parameters, AsyncTypes types) =>
            parameters.Length > 0 && types.IsCancellationToken(parameters[parameters.Length - 1].Type)
                ? parameters.RemoveAt(parameters.Length - 1)
                : parameters;

        /// <summary>Whether <paramref name="parameters"/>, leaving out the one at <paramref name="skip"/> (-1: none), have the sync method's parameter types and ref kinds in order.</summary>
        private static bool Same(ImmutableArray<IParameterSymbol> parameters, int skip, IMethodSymbol sync, IMethodSymbol candidate)
        {
            if (parameters.Length - (skip >= 0 ? 1 : 0) != sync.Parameters.Length || candidate.TypeParameters.Length != sync.TypeParameters.Length)
            {
                return false;
            }

            var j = 0;
            for (var i = 0; i < parameters.Length; i++)
            {
                if (i == skip)
                {
                    continue;
                }

                var mine = sync.Parameters[j++];
                if (parameters[i].RefKind != mine.RefKind || !SameType(parameters[i].Type, mine.Type))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Equal types, where a method's type parameter matches the other method's type parameter of the same position.</summary>
        private static bool SameType(ITypeSymbol left, ITypeSymbol right)
        {
            if (left is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } a
                && right is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } b)
            {
                return a.Ordinal == b.Ordinal;
            }

            if (left is INamedTypeSymbol { IsGenericType: true } l && right is INamedTypeSymbol { IsGenericType: true } r
                && SymbolEqualityComparer.Default.Equals(l.OriginalDefinition, r.OriginalDefinition))
            {
                for (var i = 0; i < l.TypeArguments.Length; i++)
                {
                    if (!SameType(l.TypeArguments[i], r.TypeArguments[i]))
                    {
                        return false;
                    }
                }

                return true;
            }

            return left.TypeKind != TypeKind.Error && SymbolEqualityComparer.Default.Equals(left, right);
        }

        /// <summary>A System.IO stream, text reader or writer, or a System.IO.Pipelines pipe end (or a type derived from one).</summary>
        private static bool IsStreamLike(ITypeSymbol type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                switch (t.Name)
                {
                    case "Stream" or "TextReader" or "TextWriter" when IsNamespace(t.ContainingNamespace, "IO", "System"):
                    case "PipeReader" or "PipeWriter" when t.ContainingNamespace is { Name: "Pipelines" } pipelines && IsNamespace(pipelines.ContainingNamespace, "IO", "System"):
                        return true;
                }
            }

            return false;
        }

        private static bool IsNamespace(INamespaceSymbol? ns, string name, string parent) =>
            ns is { Name: var n, ContainingNamespace: { Name: var p, ContainingNamespace.IsGlobalNamespace: true } } && n == name && p == parent;
    }
}
