namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0102's `using` of a stream the function only reads (issue 16, fourth pass; reported with
    /// <c>dotnet_diagnostic.AG0102.report_read_streams = true</c>): every resource of the `using` is a local declared by it,
    /// typed as a <see cref="System.IO.Stream"/>, made fresh for this function (the result of a call or a constructor, possibly
    /// awaited, given no stream and not called on one), and every use of it in the function reads it through
    /// <c>Stream</c>'s own read members (<c>Read</c>, <c>ReadAsync</c>, <c>CopyToAsync</c>, <c>Length</c>, ...), at least once.
    /// Nothing was written through it, so its disposal has no write buffer to flush: the async disposal gains nothing.
    /// Not decided (reported): a write, a flush, a hand-over (argument, return, store, capture into anything but a read), a
    /// stream the function was given or that wraps one, and a stream type of the compilation that overrides its disposal
    /// (whatever it does there is the author's). Asked only for a `using` AG0102 is about to report.
    /// </summary>
    internal sealed partial class ReadStreams
    {
        /// <summary>The .editorconfig key that reports `using` of streams the function only reads anyway.</summary>
        public const string ReportReadStreamsOption = "dotnet_diagnostic.AG0102.report_read_streams";

        /// <summary>How deep a stream handed to a method of this compilation is followed into its callees.</summary>
        private const int MaxCalleeDepth = 3;

        private readonly AsyncTypes _types;
        private INamedTypeSymbol? _stream;
        private INamedTypeSymbol? _streamReader;
        private INamedTypeSymbol? _binaryReader;
        private INamedTypeSymbol? _textReader;
        private INamedTypeSymbol? _file;

        // Resolved on the first candidate, not at compilation start (most compilations never ask).
        public ReadStreams(AsyncTypes types)
        {
            _types = types;
        }

        public static bool Reported(AnalyzerConfigOptions options) => RuleOptions.GetBool(options, ReportReadStreamsOption);

        /// <summary>Whether every resource of the `using` <paramref name="operation"/> is a fresh stream the function only reads.</summary>
        public bool IsReadOnlyUsing(IOperation operation, SyntaxNode statement, CancellationToken cancellationToken) =>
            EveryResource(operation, statement, (local, value, function, model) =>
                IsStream(local.Type)
                    ? IsOpenedReadOnly(value) || ReturnedFiles.EveryReturnIs(value, IsOpenedReadOnly, cancellationToken) || IsReadOnlyFileFromElsewhere(value, cancellationToken) || IsReadOnlyStream(local, value, function, model, cancellationToken)
                        || IsFlushedFile(local, value, statement, own: true, function, model, cancellationToken)
                    : IsReadModeArchive(value, statement, function, model, cancellationToken) || IsReaderOverReadOnlyStreams(value, function, model, cancellationToken));

        /// <summary>
        /// Whether the `using` <paramref name="operation"/> declares at least one resource and <paramref name="accept"/> takes
        /// every one (its local, its value, the enclosing function, the model). Resolves the stream types on first use.
        /// </summary>
        private bool EveryResource(IOperation operation, SyntaxNode statement, Func<ILocalSymbol, IOperation, SyntaxNode, SemanticModel, bool> accept)
        {
            // A benign race: every thread stores the same symbol.
            _stream ??= _types.TypeNamed("System.IO.Stream");
            _streamReader ??= _types.TypeNamed("System.IO.StreamReader");
            _binaryReader ??= _types.TypeNamed("System.IO.BinaryReader");
            _textReader ??= _types.TypeNamed("System.IO.TextReader");
            _file ??= _types.TypeNamed("System.IO.File");
            if (_stream is null || operation.SemanticModel is not { } model || EnclosingFunction.Find(statement) is not { } function)
            {
                return false;
            }

            var resources = UsingResources.Of(operation);
            if (resources is not IVariableDeclarationGroupOperation group)
            {
                return false;
            }

            var any = false;
            foreach (var declaration in group.Declarations)
            {
                foreach (var declarator in declaration.Declarators)
                {
                    var value = declarator.Initializer?.Value ?? declaration.Initializer?.Value;
                    if (value is null || !accept(declarator.Symbol, value, function, model))
                    {
                        return false;
                    }

                    any = true;
                }
            }

            return any;
        }

        private bool IsStream(ITypeSymbol? type) => type.InheritsOrImplements(_stream);

        /// <summary>A stream local made fresh for this function (by <paramref name="value"/>) that the function only reads.</summary>
        private bool IsReadOnlyStream(ILocalSymbol local, IOperation value, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken) =>
            IsStream(local.Type) && !HasOwnDisposal(local.Type) && IsFresh(value) && OnlyRead(local, function, model, 0, cancellationToken);

        /// <summary>
        /// A `using` resource that is not a stream but an object made (<c>new T(..)</c>, T not a stream) from nothing but
        /// constants, primitives, strings and readers: `using`-declared <c>StreamReader</c>/<c>BinaryReader</c> locals over a
        /// stream local of this function that passes <see cref="IsReadOnlyStream"/>, or over a path
        /// (<c>new StreamReader(path)</c>, <c>File.OpenText</c>). Such an object (a JSON or XML token reader over a text
        /// reader) was given nothing it could write to: its disposal closes readers over streams nothing wrote.
        /// </summary>
        private bool IsReaderOverReadOnlyStreams(IOperation value, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            if (Invocations.WithoutImplicitConversions(value) is not IObjectCreationOperation { Constructor: not null, Initializer: null } creation
                || IsStream(creation.Type) || creation.Type is null || creation.Type.TypeKind == TypeKind.Error)
            {
                return false;
            }

            var readers = 0;
            foreach (var argument in creation.Arguments)
            {
                var given = Invocations.WithoutImplicitConversions(argument.Value);
                if (SyncFileReaders.IsPlainValue(argument, given))
                {
                    continue;
                }

                if (given is not ILocalReferenceOperation { Local: { } reader }
                    || !(reader.Type.InheritsOrImplements(_textReader) || reader.Type.InheritsOrImplements(_binaryReader))
                    || SyncFileReaders.UsingInitializer(reader, model, cancellationToken) is not { } made
                    || !IsReaderOverReadOnlyStream(made, function, model, cancellationToken))
                {
                    return false;
                }

                readers++;
            }

            return readers > 0;
        }

        /// <summary><c>new StreamReader(s, ..)</c> / <c>new BinaryReader(s, ..)</c> over a read-only stream local, or a reader over a path.</summary>
        private bool IsReaderOverReadOnlyStream(IOperation made, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            var reader = SyncFileReaders.IsReaderMade(made, _file, _streamReader, _binaryReader, out var creation, out var constructor);
            if (creation is null || constructor is null)
            {
                // File.OpenText (a reader over a file it opens for reading), or no reader.
                return reader;
            }

            var sources = 0;
            foreach (var argument in creation.Arguments)
            {
                var given = Invocations.WithoutImplicitConversions(argument.Value);
                if (argument.Parameter?.Type.SpecialType == SpecialType.System_String && constructor.ContainingType.Is(_streamReader))
                {
                    // new StreamReader(path, ..): a read-only file opened for this reader.
                    foreach (var parameter in constructor.Parameters)
                    {
                        if (parameter.Type.Name == "FileStreamOptions")
                        {
                            return false;
                        }
                    }

                    sources++;
                }
                else if (IsStream(argument.Parameter?.Type))
                {
                    if (given is not ILocalReferenceOperation { Local: { } stream }
                        || SyncFileReaders.DeclaredInitializer(stream, model, cancellationToken) is not { } streamValue
                        || !IsReadOnlyStream(stream, streamValue, function, model, cancellationToken))
                    {
                        return false;
                    }

                    sources++;
                }
                else if (!SyncFileReaders.IsPlainValue(argument, given))
                {
                    return false;
                }
            }

            return sources == 1;
        }

        /// <summary>A stream type declared in source between the local's type and Stream that overrides Dispose or DisposeAsync.</summary>
        private bool HasOwnDisposal(ITypeSymbol type)
        {
            for (var current = type; current != null && !current.Is(_stream); current = current.BaseType)
            {
                if (current.DeclaringSyntaxReferences.Length == 0)
                {
                    continue;
                }

                foreach (var name in DisposalNames)
                {
                    foreach (var member in current.GetMembers(name))
                    {
                        if (member is IMethodSymbol { IsOverride: true })
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private static readonly string[] DisposalNames = { "Dispose", "DisposeAsync", "Close" };

        /// <summary>
        /// Made for this function: a call's result or a constructed object (under `await` and `ConfigureAwait`), given no
        /// stream argument and not called on a stream: not a stream it was handed, nor a wrapper over one.
        /// </summary>
        private bool IsFresh(IOperation value)
        {
            value = Invocations.Produced(value);

            System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments;
            switch (value)
            {
                case IInvocationOperation call:
                    if (call.Instance is { } instance && IsStream(instance.Type))
                    {
                        return false;
                    }

                    arguments = call.Arguments;
                    break;
                case IObjectCreationOperation creation:
                    arguments = creation.Arguments;
                    break;
                default:
                    return false;
            }

            foreach (var argument in arguments)
            {
                if (IsStream(argument.Parameter?.Type) || IsStream(Invocations.WithoutImplicitConversions(argument.Value).Type))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Every reference to <paramref name="variable"/> (a local, or a parameter of a callee) in <paramref name="scope"/> reads
        /// it through Stream's read members, hands it to a reader (<c>new StreamReader(s)</c>) or to a method of this compilation
        /// that only reads it, or compares it with null; at least one reads. With <paramref name="disposalsNeutral"/> (ReadStreams.Given,
        /// the function's own variable only), its disposals (<c>Dispose()</c>, <c>Close()</c>, <c>using (s)</c>) are neutral too.
        /// With <paramref name="through"/> (ReadStreams.Given's <c>v.P</c>), <paramref name="variable"/> is the holder of a
        /// non-ref local or parameter, and every reference to it must be <c>holder.P</c> whose use is judged instead.
        /// </summary>
        private bool OnlyRead(ISymbol variable, SyntaxNode scope, SemanticModel model, int depth, CancellationToken cancellationToken, bool disposalsNeutral = false, IPropertySymbol? through = null)
        {
            var reads = 0;
            foreach (var node in scope.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != variable.Name)
                {
                    continue;
                }

                var operation = model.GetOperation(identifier, cancellationToken);
                var referenced = through is not null ? (operation is null ? null : Variable(operation)) : operation switch
                {
                    ILocalReferenceOperation local => (ISymbol)local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    _ => null,
                };
                if (referenced is null || operation is null)
                {
                    // Another symbol of the same name, or a reference the operation tree does not show (nameof, half-typed code).
                    if (model.GetSymbolInfo(identifier, cancellationToken).Symbol.Is(variable))
                    {
                        return false;
                    }

                    continue;
                }

                if (!referenced.Is(variable))
                {
                    continue;
                }

                if (through is not null)
                {
                    if (operation.Parent is not IPropertyReferenceOperation read || read.Instance != operation || !read.Property.Is(through))
                    {
                        return false;
                    }

                    operation = read;
                }

                switch (Use(operation, depth, cancellationToken, disposalsNeutral))
                {
                    case StreamUse.Read:
                        reads++;
                        break;
                    case StreamUse.Neutral:
                        break;
                    default:
                        return false;
                }
            }

            return reads > 0;
        }

        private enum StreamUse
        {
            Other,
            Read,
            Neutral,
        }

        private StreamUse Use(IOperation reference, int depth, CancellationToken cancellationToken, bool disposalsNeutral = false)
        {
            IOperation used = reference;
            var parent = reference.Parent;
            // `stream?.ReadAsync(..)`: the member is applied to the conditional access instance.
            if (parent is IConditionalAccessOperation conditional && conditional.Operation == reference)
            {
                used = FindConditionalInstance(conditional.WhenNotNull) ?? reference;
                parent = used == reference ? null : used.Parent;
            }

            // Implicit conversions (to object for `== null`, to a base stream type for an argument).
            while (parent is IConversionOperation { IsImplicit: true } conversion && conversion.Operand == used)
            {
                used = conversion;
                parent = conversion.Parent;
            }

            switch (parent)
            {
                // The disposal being decided (ReadStreams.Given): `s.Dispose()`, `s.Close()`, `using (s)`.
                case IInvocationOperation call when disposalsNeutral && call.Instance == used && IsStreamDisposal(call):
                    return StreamUse.Neutral;
                case IUsingOperation { Resources: { } resource } when disposalsNeutral && resource == used:
                    return StreamUse.Neutral;
                case IInvocationOperation call when call.Instance == used:
                    var method = call.TargetMethod;
                    while (method.OverriddenMethod is { } overridden)
                    {
                        method = overridden;
                    }

                    return method.ContainingType.Is(_stream) && System.Array.IndexOf(ReadMethods, method.Name) >= 0 ? StreamUse.Read : StreamUse.Other;
                case IPropertyReferenceOperation property when property.Instance == used:
                    var target = property.Property;
                    while (target.OverriddenProperty is { } overridden)
                    {
                        target = overridden;
                    }

                    return target.ContainingType.Is(_stream) && System.Array.IndexOf(ReadProperties, target.Name) >= 0
                        && !(property.Parent is IAssignmentOperation assignment && assignment.Target == property)
                        && property.Parent is not IIncrementOrDecrementOperation
                        ? StreamUse.Read : StreamUse.Other;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                    when IsNull(comparison.LeftOperand == used ? comparison.RightOperand : comparison.LeftOperand):
                    return StreamUse.Neutral;
                case IIsPatternOperation { Pattern: { } pattern } test when test.Value == used && IsNullPattern(pattern):
                    return StreamUse.Neutral;
                case IArgumentOperation { Parameter: { RefKind: RefKind.None } parameter } argument when argument.Value == used:
                    return IsReadingArgument(argument, parameter, depth, cancellationToken) ? StreamUse.Read : StreamUse.Other;
                default:
                    return StreamUse.Other;
            }
        }

        private static bool IsNull(IOperation operand) =>
            Invocations.WithoutImplicitConversions(operand).ConstantValue is { HasValue: true, Value: null };

        private static bool IsNullPattern(IPatternOperation pattern) => pattern switch
        {
            IConstantPatternOperation constant => IsNull(constant.Value),
            INegatedPatternOperation negated => IsNullPattern(negated.Pattern),
            _ => false,
        };

        /// <summary>
        /// The stream handed to <c>new StreamReader(s, ..)</c> / <c>new BinaryReader(s, ..)</c> (readers: they never write to
        /// it), or to a method of this compilation that is neither virtual nor abstract and whose parameter is only read in
        /// its body (followed <see cref="MaxCalleeDepth"/> calls deep). Anything else (a method of another assembly, an
        /// interface or virtual method, a writer, a wrapper) may write to it.
        /// </summary>
        private bool IsReadingArgument(IArgumentOperation argument, IParameterSymbol parameter, int depth, CancellationToken cancellationToken)
        {
            if (!IsStream(parameter.Type))
            {
                return false;
            }

            switch (argument.Parent)
            {
                case IObjectCreationOperation { Constructor.ContainingType: { } created } creation:
                    return created.Is(_streamReader) || created.Is(_binaryReader) || IsReadModeArchiveOver(creation) || IsReadModeCryptoOver(creation);
                case IInvocationOperation pipe when IsPipeReaderOver(pipe): // ReadStreams.AwaitedGiven.cs
                    return true;
                case IInvocationOperation call when depth < MaxCalleeDepth:
                    var callee = call.TargetMethod.PartialImplementationPart ?? call.TargetMethod;
                    callee = callee.OriginalDefinition;
                    if (callee.IsVirtual || callee.IsAbstract || callee.IsOverride || callee.IsExtern
                        || callee.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct }
                        || callee.DeclaringSyntaxReferences.Length != 1
                        || parameter.Ordinal >= callee.Parameters.Length
                        || argument.SemanticModel is not { } callerModel)
                    {
                        return false;
                    }

                    var declaration = callee.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
                    if (declaration is not (BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax)
                        || !callerModel.Compilation.ContainsSyntaxTree(declaration.SyntaxTree))
                    {
                        return false;
                    }

                    var calleeModel = callerModel;
                    if (declaration.SyntaxTree != callerModel.SyntaxTree)
                    {
#pragma warning disable RS1030 // The callee's file, only for a `using` AG0102 is about to report, at most MaxCalleeDepth deep.
                        calleeModel = callerModel.Compilation.GetSemanticModel(declaration.SyntaxTree);
#pragma warning restore RS1030
                    }

                    return OnlyRead(callee.Parameters[parameter.Ordinal], declaration, calleeModel, depth + 1, cancellationToken);
                default:
                    return false;
            }
        }

        private static IOperation? FindConditionalInstance(IOperation whenNotNull)
        {
            for (var current = whenNotNull; current != null;)
            {
                switch (current)
                {
                    case IInvocationOperation { Instance: IConditionalAccessInstanceOperation instance }:
                        return instance;
                    case IPropertyReferenceOperation { Instance: IConditionalAccessInstanceOperation instance }:
                        return instance;
                    case IInvocationOperation { Instance: { } inner }:
                        current = inner;
                        continue;
                    case IPropertyReferenceOperation { Instance: { } inner }:
                        current = inner;
                        continue;
                    case IConversionOperation conversion:
                        current = conversion.Operand;
                        continue;
                    default:
                        return null;
                }
            }

            return null;
        }

        // Stream's members that only read the stream or ask about it.
        private static readonly string[] ReadMethods =
        {
            "Read", "ReadAsync", "ReadByte", "ReadAtLeast", "ReadAtLeastAsync", "ReadExactly", "ReadExactlyAsync",
            "CopyTo", "CopyToAsync", "BeginRead", "EndRead",
        };

        private static readonly string[] ReadProperties = { "CanRead", "CanSeek", "CanWrite", "CanTimeout", "Length", "Position", "ReadTimeout" };
    }
}
