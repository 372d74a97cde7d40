namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// Corpus11lib W1: the `using` of a local stream whose very next statement hands it to a writer that owns it:
    /// `using (var file = File.Create(path)) using (var writer = new StreamWriter(file)) { .. }`, or the same with `using`
    /// declarations one after the other in a block. The wrapper is a `new StreamWriter` or `BinaryWriter` (exactly those
    /// types) given the stream as its stream argument, its `leaveOpen` absent or a constant
    /// `false`, and the stream named nowhere else in that declaration. The wrapper's `using` is nested in the stream's (or
    /// declared after it in the same block), so it ends first on every path, and disposing the wrapper closes the stream:
    /// the stream's own `Dispose` runs on a closed stream and does nothing. The blocking work (the wrapper's final flush) is
    /// the wrapper's own `using`, which stays reported on its line. Nothing ran on the stream before the wrapper took it, so
    /// no path reaches the stream's `Dispose` with buffered data. Still reported: a wrapper with `leaveOpen: true` or a
    /// non-constant flag, a derived wrapper type (its disposal may not close the stream), any statement between the two
    /// `using`s, a wrapper made in a plain declaration (not a `using`), and a stream that is only an argument of a call. Readers
    /// (`StreamReader`, `BinaryReader`) own their stream too, but their own `using` is often silent as a read (see
    /// <see cref="ReadStreams"/>): silencing the stream behind them could hide the only report of a written stream's close.
    /// </summary>
    internal static class WrapperOwnedStreams
    {
        internal static readonly string[] OwningWriters = { "System.IO.StreamWriter", "System.IO.BinaryWriter" };

        public static bool IsClosedByWrapper(IOperation usingOperation, AsyncTypes types, CancellationToken cancellationToken)
        {
            return StreamThenNext(usingOperation, types) is ({ } local, { } model, { } next)
                && IsOwningUsing(next, local, model, OwningWriters, types, cancellationToken);
        }

        /// <summary>
        /// The `using` of one non-ref local of a stream type, its model, and the statement it covers first; null otherwise
        /// (shared with <see cref="ReaderOwnedStreams"/>).
        /// </summary>
        internal static (ILocalSymbol Local, SemanticModel Model, StatementSyntax Next)? StreamThenNext(IOperation usingOperation, AsyncTypes types)
        {
            if (types.TypeNamed("System.IO.Stream") is not { } stream
                || usingOperation.SemanticModel is not { } model
                || FlushedWriters.SingleDeclarator(usingOperation) is not { Symbol: { RefKind: RefKind.None } local }
                || !local.Type.InheritsOrImplements(stream)
                || FlushedWriters.Covered(usingOperation, last: false) is not { } next)
            {
                return null;
            }

            return (local, model, next);
        }

        /// <summary>
        /// <paramref name="statement"/> is the `using` of `new W(local, ..)`, W exactly one of <paramref name="wrappers"/>, its
        /// `leaveOpen` absent or a constant `false`, and the local named nowhere else in that initializer.
        /// </summary>
        internal static bool IsOwningUsing(StatementSyntax statement, ILocalSymbol local, SemanticModel model, string[] wrappers, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (types.TypeNamed("System.IO.Stream") is not { } stream || WrapperInitializer(statement) is not { } initializer)
            {
                return false;
            }

            var mentions = 0;
            foreach (var token in initializer.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == local.Name)
                {
                    mentions++;
                }
            }

            if (mentions != 1
                || model.GetOperation(initializer, cancellationToken) is not { } value
                || Invocations.WithoutImplicitConversions(value) is not IObjectCreationOperation { Constructor: { } constructor } creation
                || !IsOwningWrapper(constructor.ContainingType, wrappers, types))
            {
                return false;
            }

            var handsTheStream = false;
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter is not { } parameter)
                {
                    return false;
                }

                if (parameter.Name == "leaveOpen")
                {
                    if (argument.Value.ConstantValue is not { HasValue: true, Value: false })
                    {
                        return false;
                    }
                }
                else if (parameter.Ordinal == 0 && parameter.Type.Is(stream)
                    && Invocations.WithoutImplicitConversions(argument.Value) is ILocalReferenceOperation reference
                    && reference.Local.Is(local))
                {
                    handsTheStream = true;
                }
            }

            return handsTheStream;
        }

        /// <summary>The initializer of the single variable a `using` statement or `using` declaration declares.</summary>
        private static ExpressionSyntax? WrapperInitializer(StatementSyntax statement)
        {
            var declaration = statement switch
            {
                UsingStatementSyntax { Declaration: { } d } => d,
                LocalDeclarationStatementSyntax { Declaration: { } d } local when local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword) => d,
                _ => null,
            };
            return declaration is { Variables: { Count: 1 } variables } ? variables[0].Initializer?.Value : null;
        }

        private static bool IsOwningWrapper(INamedTypeSymbol type, string[] wrappers, AsyncTypes types)
        {
            foreach (var name in wrappers)
            {
                if (type.Is(types.TypeNamed(name)))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
