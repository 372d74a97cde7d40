namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// A sync member that reports its own completion through an optional callback is no blocking twin of an async member
    /// that lacks the callback (corpus12web, live-streaming-server-net): `void Send(IDataBuffer buffer, Action&lt;bool&gt;?
    /// callback = null)` queues the buffer for a background sender and returns, the callback later says whether the write
    /// succeeded; `ValueTask SendAsync(IDataBuffer buffer)` is the same enqueue plus a wait until it is written. A method
    /// that has returned before its work is done is what a completion callback exists for, so the sync call blocks nothing
    /// and the suggested await would add a wait. Decided on the two signatures only:
    /// <list type="bullet">
    /// <item>the sync member returns <c>void</c> (a result, if any, comes through the callback);</item>
    /// <item>it has an optional parameter (default <c>null</c>) of a delegate type whose <c>Invoke</c> returns <c>void</c>
    /// and takes nothing, one <c>bool</c> (success) or one <see cref="Exception"/> (the failure, or null): the shapes of a
    /// completion report, not of a progress report (a number) or a result handler;</item>
    /// <item>the alternative returns a non-generic awaitable (it reports the same completion, nothing more) and has no
    /// parameter of that delegate type.</item>
    /// </list>
    /// Still a twin: a callback the alternative keeps, a progress callback (`Action&lt;long&gt;`), a required callback (the
    /// rewritten call would not bind anyway), a sync member that returns a value, an alternative returning a result.
    /// </summary>
    internal static class CompletionCallbackTwins
    {
        public static bool ReportsThroughCallback(IMethodSymbol method, IMethodSymbol alternative)
        {
            var sync = method.ReducedFrom ?? method;
            var replacement = alternative.ReducedFrom ?? alternative;
            if (!sync.ReturnsVoid || replacement.ReturnType is not INamedTypeSymbol { IsGenericType: false } returned
                || returned.SpecialType == SpecialType.System_Void)
            {
                return false;
            }

            foreach (var parameter in sync.Parameters)
            {
                if (parameter.IsOptional && !parameter.IsParams && IsCompletionCallback(parameter.Type)
                    && !HasParameterOfType(replacement, parameter.Type))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsCompletionCallback(ITypeSymbol type)
        {
            if (type is not INamedTypeSymbol { TypeKind: TypeKind.Delegate, DelegateInvokeMethod: { ReturnsVoid: true } invoke })
            {
                return false;
            }

            return invoke.Parameters.Length switch
            {
                0 => true,
                1 => invoke.Parameters[0].Type.SpecialType == SpecialType.System_Boolean || IsException(invoke.Parameters[0].Type),
                _ => false,
            };
        }

        private static bool IsException(ITypeSymbol type)
        {
            for (var current = type as INamedTypeSymbol; current != null; current = current.BaseType)
            {
                if (current.Name == nameof(Exception) && current.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true })
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasParameterOfType(IMethodSymbol method, ITypeSymbol type)
        {
            foreach (var parameter in method.Parameters)
            {
                if (SymbolEqualityComparer.Default.Equals(parameter.Type.WithNullableAnnotation(NullableAnnotation.None), type.WithNullableAnnotation(NullableAnnotation.None)))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
