namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301, issue 16 (deb301: a token the called delegate ignores): the call is given a lambda or anonymous method whose
    /// delegate type takes a CancellationToken and nothing else (the callee runs the work and hands it only a token, as a
    /// timeout or retry wrapper does: <c>TimeoutAsync(delegate (CancellationToken t) { return Download(); }, 5000)</c>), and
    /// every such function passed never reads that parameter. The work does not listen to the token the callee would derive from ours: passing
    /// it would only end the wait while the work goes on, which the callee's own timeout already bounds. Still reported:
    /// a lambda that reads its token (<c>t =&gt; Resolve(q, t)</c>, the helper then cancels the work), a method group or a
    /// delegate variable (what it does with the token is not visible here), a delegate handed more than the token
    /// (<c>Parallel.ForEachAsync(items, (item, _) =&gt; ..)</c>: the token also stops handing out items).
    /// Reported with <c>report_ignored_delegate_tokens = true</c>. Asked only for a finding about to be reported.
    /// </summary>
    internal static class IgnoredDelegateTokens
    {
        /// <summary>.editorconfig: <c>true</c> reports the call even though its delegate ignores the token it is handed.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0301.report_ignored_delegate_tokens";

        public static bool OnlyFeedsIgnoringDelegates(IInvocationOperation operation, AsyncTypes types)
        {
            var found = false;
            foreach (var argument in operation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue
                    || argument.Parameter?.Type is not INamedTypeSymbol { TypeKind: TypeKind.Delegate, DelegateInvokeMethod: { } invoke }
                    || invoke.Parameters.Length != 1 || !types.IsTokenOrNullableToken(invoke.Parameters[0].Type))
                {
                    continue;
                }

                var value = Invocations.WithoutImplicitConversions(argument.Value);
                if (value is IDelegateCreationOperation creation)
                {
                    value = creation.Target;
                }

                if (value is not IAnonymousFunctionOperation function || ReadsTokenParameter(function, types))
                {
                    return false;
                }

                found = true;
            }

            return found;
        }

        private static bool ReadsTokenParameter(IAnonymousFunctionOperation function, AsyncTypes types)
        {
            foreach (var node in function.Body.Descendants())
            {
                if (node is IParameterReferenceOperation reference && types.IsTokenOrNullableToken(reference.Parameter.Type)
                    && function.Symbol.Parameters.Contains(reference.Parameter, SymbolEqualityComparer.Default))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
