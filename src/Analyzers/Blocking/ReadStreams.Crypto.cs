namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// ReadStreams' read-mode crypto streams over a stream nothing writes (issue 16, sixteenth pass, disp102): a `using` of
    /// <c>new CryptoStream(s, transform, CryptoStreamMode.Read[, leaveOpen])</c> (the library type, the mode a constant). A
    /// read-mode crypto stream cannot be written (its <c>Write</c> throws), and its disposal transforms no final block into
    /// anything: it only flushes <c>s</c> and disposes it unless <c>leaveOpen</c> is a constant <c>true</c>. Silent when it
    /// leaves <c>s</c> open, or when <c>s</c> is read-only by this class (opened read-only, made by the function and only
    /// read), is itself a local read-mode crypto stream of this kind (a decryptor chained into a hashing reader), or is a
    /// stream typed exactly <c>Stream</c> that the function was given and only reads
    /// (<see cref="IsGivenReadOnly"/>, which follows <c>report_given_read_streams</c>). Handing a stream to such a read-mode
    /// crypto stream counts as a read for the rest of the class, as a read-mode archive does. Still reported:
    /// <c>CryptoStreamMode.Write</c> or a mode not known at compile time (a write-mode crypto stream writes its final block on
    /// disposal), a subclass of <c>CryptoStream</c>, a crypto stream over a stream the function writes, over a given stream
    /// of a more specific type, or over anything the function cannot show (a field, a method's result); a stream an
    /// interface method returns for a read mode (only its implementation shows the type).
    /// </summary>
    internal sealed partial class ReadStreams
    {
        private const int CryptoStreamModeRead = 0;
        private const int MaxChain = 3;

        private INamedTypeSymbol? _cryptoStream;
        private INamedTypeSymbol? _cryptoStreamMode;

        /// <summary>
        /// Whether every resource of the `using` is a read-mode crypto stream over a read-only or given read-only stream;
        /// <paramref name="givenAllowed"/> is false when <c>report_given_read_streams</c> is on.
        /// </summary>
        public bool IsReadModeCryptoUsing(IOperation operation, SyntaxNode statement, bool givenAllowed, CancellationToken cancellationToken)
        {
            ResolveCrypto();
            return EveryResource(operation, statement, (_, value, function, model) =>
                IsReadModeCrypto(value, statement, function, model, givenAllowed, 0, cancellationToken));
        }

        private void ResolveCrypto()
        {
            _cryptoStream ??= _types.TypeNamed("System.Security.Cryptography.CryptoStream");
            _cryptoStreamMode ??= _types.TypeNamed("System.Security.Cryptography.CryptoStreamMode");
        }

        /// <summary><c>new CryptoStream(s, t, CryptoStreamMode.Read[, leaveOpen])</c> whose stream is left open or nothing writes.</summary>
        private bool IsReadModeCrypto(IOperation value, SyntaxNode statement, SyntaxNode function, SemanticModel model, bool givenAllowed, int depth, CancellationToken cancellationToken)
        {
            if (depth > MaxChain || !IsReadModeCryptoCreation(Invocations.WithoutImplicitConversions(value), out var creation))
            {
                return false;
            }

            IOperation? inner = null;
            foreach (var argument in creation.Arguments)
            {
                var parameterType = argument.Parameter?.Type;
                if (parameterType?.SpecialType == SpecialType.System_Boolean)
                {
                    if (Invocations.WithoutImplicitConversions(argument.Value).ConstantValue is { HasValue: true, Value: true })
                    {
                        return true; // leaveOpen: its disposal leaves the stream alone
                    }
                }
                else if (IsStream(parameterType))
                {
                    inner = Invocations.WithoutImplicitConversions(argument.Value);
                }
            }

            if (inner is null)
            {
                return false;
            }

            if (IsReadOnlySource(inner, statement, function, model, cancellationToken)
                || (givenAllowed && IsGivenReadOnly(inner, cancellationToken)))
            {
                return true;
            }

            // A chain: the stream is a local read-mode crypto stream itself, never reassigned and only read.
            return inner is ILocalReferenceOperation { Local: { } local }
                && SyncFileReaders.DeclaredInitializer(local, model, cancellationToken) is { } made
                && IsReadModeCrypto(made, statement, function, model, givenAllowed, depth + 1, cancellationToken)
                && OnlyRead(local, function, model, 0, cancellationToken);
        }

        /// <summary><c>new CryptoStream(..)</c> of the library type itself with the constant mode <c>CryptoStreamMode.Read</c>.</summary>
        private bool IsReadModeCryptoCreation(IOperation value, out IObjectCreationOperation creation)
        {
            creation = null!;
            ResolveCrypto();
            if (_cryptoStream is null || _cryptoStreamMode is null
                || value is not IObjectCreationOperation { Constructor: { } constructor, Initializer: null } made
                || !constructor.ContainingType.Is(_cryptoStream)
                || ConstantFor(made.Arguments, _cryptoStreamMode) is not CryptoStreamModeRead)
            {
                return false;
            }

            creation = made;
            return true;
        }

        /// <summary>A stream handed to a read-mode <c>new CryptoStream(s, t, CryptoStreamMode.Read, ..)</c>: it only reads it.</summary>
        private bool IsReadModeCryptoOver(IObjectCreationOperation creation) => IsReadModeCryptoCreation(creation, out _);
    }
}
