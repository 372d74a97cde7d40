namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301, issue 16 (deb301: settling the event after its handler ran): the token member of an event-args parameter
    /// (a type deriving from <c>System.EventArgs</c>, or the second parameter of a handler <c>(object sender, T args)</c>:
    /// <c>args.CancellationToken</c>) is not offered to a call given another
    /// member of the same event args (<c>await channel.BasicAckAsync(args.DeliveryTag, false)</c>, also its negative
    /// acknowledgement in the failure path). The call hands the event's own identity back to its source: it settles the
    /// event the handler has processed, it does no new work, and cancelling it only leaves the event unsettled, to be
    /// delivered again. Still offered: the token to a call that reads nothing else of the event (a lock wait, new work
    /// such as a send or a query), the token members of other parameters (<c>context.RequestAborted</c> to
    /// <c>CopyToAsync(context.Response.Body)</c>: a context is not event args), and every other token.
    /// Reported with <c>report_event_settlements = true</c>. Runs only on a call AG0301 is about to report.
    /// </summary>
    internal static class EventSettlements
    {
        /// <summary>.editorconfig: <c>true</c> offers the event's token to calls that settle the event too.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0301.report_event_settlements";

        public static ImmutableArray<AvailableToken> Filter(ImmutableArray<AvailableToken> tokens, IInvocationOperation operation, AsyncTypes types,
            AnalyzerConfigOptions options)
        {
            ImmutableArray<AvailableToken>.Builder? kept = null;
            var reportRead = false;
            for (var i = 0; i < tokens.Length; i++)
            {
                var token = tokens[i];
                var dropped = token.Kind == TokenSourceKind.ParameterMember && token.Owner is { } owner
                    && IsEventArgs(owner) && PassesOtherMember(operation, owner, types);
                if (!TokenFilters.KeepUnlessReported(ref kept, tokens, i, dropped, ref reportRead, options, ReportOption))
                {
                    return tokens;
                }
            }

            return TokenFilters.Kept(kept, tokens);
        }

        /// <summary>
        /// The parameter is event args: its type derives from System.EventArgs, or it is the second parameter of an event
        /// handler's signature (`object sender, T args`, a method or a lambda).
        /// </summary>
        private static bool IsEventArgs(IParameterSymbol parameter)
        {
            for (var current = parameter.Type.BaseType; current != null; current = current.BaseType)
            {
                if (current is { Name: "EventArgs", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
                {
                    return true;
                }
            }

            return parameter is { Ordinal: 1, ContainingSymbol: IMethodSymbol { Parameters.Length: 2 } handler }
                && handler.Parameters[0].Type.SpecialType == SpecialType.System_Object;
        }

        /// <summary>An argument (not the receiver) reads a member of the event args other than a token: `args.DeliveryTag`.</summary>
        private static bool PassesOtherMember(IInvocationOperation operation, IParameterSymbol owner, AsyncTypes types)
        {
            var skip = Invocations.IsReducedExtensionCall(operation) ? 1 : 0;
            for (var i = skip; i < operation.Arguments.Length; i++)
            {
                var argument = operation.Arguments[i];
                if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                var value = Invocations.WithoutImplicitConversions(argument.Value);
                var (instance, type) = value switch
                {
                    IPropertyReferenceOperation property => (property.Instance, property.Type),
                    IFieldReferenceOperation field => (field.Instance, field.Type),
                    _ => (null, null),
                };

                if (instance != null && !types.IsTokenOrNullableToken(type)
                    && Invocations.WithoutImplicitConversions(instance) is IParameterReferenceOperation reference && reference.Parameter.Is(owner))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
