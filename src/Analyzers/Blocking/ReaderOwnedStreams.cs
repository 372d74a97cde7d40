namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0102 (issue 16, fourteenth pass, wrong16; Rebus's <c>UpdateLastReadTime</c>): the `using` of a local stream whose very
    /// next statement hands it to a reader that owns it (the `using` of <c>new StreamReader(stream, ..)</c> or
    /// <c>new BinaryReader(stream, ..)</c>, exactly those types, <c>leaveOpen</c> absent or a constant <c>false</c>: the shape
    /// <see cref="WrapperOwnedStreams"/> accepts for writers), where the reader's body names the stream only in
    /// <c>stream.Position = ..;</c> statements and in exactly one statement of that body that is the `using` of an owning writer
    /// over it (the same writer shape). The reader's `using` ends before the stream's on every path and closes it, so the
    /// stream's own <c>Dispose</c> does nothing. Nothing is written to the stream but through the writer, whose own `using`
    /// closes it after its final flush and stays reported on its line; on a path that leaves before the writer, the reader
    /// closes a stream nothing was written to, with no buffer to flush. Readers alone are not enough (see WrapperOwnedStreams):
    /// a write to the stream in the reader's body would be flushed by the reader's close, which is often silent as a read.
    /// Still reported: any other mention of the stream in the reader's body (a direct write, a call, a second writer), a writer
    /// with <c>leaveOpen: true</c>, a reader with <c>leaveOpen: true</c> or of a derived type, a statement between the two `using`s.
    /// </summary>
    internal static class ReaderOwnedStreams
    {
        private static readonly string[] OwningReaders = { "System.IO.StreamReader", "System.IO.BinaryReader" };

        public static bool IsClosedByReader(IOperation usingOperation, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (WrapperOwnedStreams.StreamThenNext(usingOperation, types) is not ({ } local, { } model, { } next)
                || !WrapperOwnedStreams.IsOwningUsing(next, local, model, OwningReaders, types, cancellationToken)
                || ReaderBody(next) is not { } body)
            {
                return false;
            }

            var writers = 0;
            foreach (var statement in body)
            {
                if (!ClosedBeforeDispose.Names(statement, local.Name))
                {
                    continue;
                }

                if (WrapperOwnedStreams.IsOwningUsing(statement, local, model, WrapperOwnedStreams.OwningWriters, types, cancellationToken))
                {
                    // The writer's own body must not name the stream: it is closed there only by the writer.
                    if (statement is UsingStatementSyntax { Statement: { } inner } && ClosedBeforeDispose.Names(inner, local.Name))
                    {
                        return false;
                    }

                    writers++;
                    continue;
                }

                if (!IsPositionSet(statement, local, model, cancellationToken))
                {
                    return false;
                }
            }

            return writers == 1;
        }

        /// <summary>The statements the reader's `using` covers: its block's (or its one statement), or the rest of the block after a `using` declaration.</summary>
        private static IReadOnlyList<StatementSyntax>? ReaderBody(StatementSyntax reader)
        {
            switch (reader)
            {
                case UsingStatementSyntax { Statement: BlockSyntax block }:
                    return block.Statements;
                case UsingStatementSyntax { Statement: { } single }:
                    return new[] { single };
                case LocalDeclarationStatementSyntax { Parent: BlockSyntax block } declaration:
                    var statements = new List<StatementSyntax>();
                    for (var i = block.Statements.IndexOf(declaration) + 1; i < block.Statements.Count; i++)
                    {
                        statements.Add(block.Statements[i]);
                    }

                    return statements;
                default:
                    return null;
            }
        }

        /// <summary>`stream.Position = e;` with the stream named once, as the receiver: a seek, no write.</summary>
        private static bool IsPositionSet(StatementSyntax statement, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
        {
            if (statement is not ExpressionStatementSyntax
                {
                    Expression: AssignmentExpressionSyntax
                    {
                        RawKind: (int)SyntaxKind.SimpleAssignmentExpression,
                        Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Position", Expression: IdentifierNameSyntax receiver } left,
                        Right: { } right,
                    },
                }
                || ClosedBeforeDispose.Names(right, local.Name)
                || !model.GetSymbolInfo(receiver, cancellationToken).Symbol.Is(local))
            {
                return false;
            }

            for (var property = model.GetSymbolInfo(left, cancellationToken).Symbol as IPropertySymbol; property != null; property = property.OverriddenProperty)
            {
                if (property.ContainingType is { Name: "Stream", ContainingNamespace: { Name: "IO", ContainingNamespace.Name: "System" } })
                {
                    return true;
                }
            }

            return false;
        }
    }
}
