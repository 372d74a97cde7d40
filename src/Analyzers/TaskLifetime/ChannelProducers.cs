namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0201 (issue 16, eighth part, ff201): a producer that starts writing into a channel and hands the channel's reader
    /// back at once — <c>ch.Writer.WriteAllAsync(..);</c> (also through <c>ConfigureAwait(..)</c>) followed by
    /// <c>return ch.Reader;</c> for the same <c>System.Threading.Channels.Channel</c> local or parameter. The reader is the
    /// producer's result: the writer's outcome reaches its consumers through the channel's completion
    /// (<c>Complete(exception)</c>), not through the dropped task. Silent unless <see cref="ReportOption"/> is on. Asked only
    /// for a finding about to be reported.
    /// </summary>
    internal static class ChannelProducers
    {
        /// <summary>.editorconfig key: `true` reports a channel writer's task dropped next to the return of its reader.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0201.report_channel_producers";

        public static bool HandsBackReader(IInvocationOperation invocation, SyntaxNode top, AsyncTypes types)
        {
            // Syntax first: a statement of a block, followed by `return x.Reader;`.
            if (top.Parent is not ExpressionStatementSyntax statement || statement.Parent is not BlockSyntax block)
            {
                return false;
            }

            var index = block.Statements.IndexOf(statement);
            if (index + 1 >= block.Statements.Count
                || block.Statements[index + 1] is not ReturnStatementSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Reader" } returned }
                || invocation.SemanticModel is not { } model
                || types.TypeNamed("System.Threading.Channels.Channel`2") is not { } channel)
            {
                return false;
            }

            // The writing call: `ConfigureAwait(..)` climbed down to the call it configures.
            var call = invocation;
            if (call.TargetMethod.Name == "ConfigureAwait" && call.Instance is IInvocationOperation configured)
            {
                call = configured;
            }

            var receiver = call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
            while (receiver is IConversionOperation conversion)
            {
                receiver = conversion.Operand;
            }

            if (receiver is not IPropertyReferenceOperation { Instance: { } writerOwner } writer
                || !IsChannelMember(writer.Property, "Writer", channel)
                || model.GetOperation(returned) is not IPropertyReferenceOperation { Instance: { } readerOwner } reader
                || !IsChannelMember(reader.Property, "Reader", channel))
            {
                return false;
            }

            var owner = Referenced(writerOwner);
            return owner != null && SymbolEqualityComparer.Default.Equals(owner, Referenced(readerOwner));
        }

        private static bool IsChannelMember(IPropertySymbol property, string name, INamedTypeSymbol channel) =>
            property.Name == name && SymbolEqualityComparer.Default.Equals(property.ContainingType.OriginalDefinition, channel);

        private static ISymbol? Referenced(IOperation operation) => operation switch
        {
            IConversionOperation conversion => Referenced(conversion.Operand),
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
    }
}
