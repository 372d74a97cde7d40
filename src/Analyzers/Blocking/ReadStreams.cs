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
    internal sealed class ReadStreams
    {
        /// <summary>The .editorconfig key that reports `using` of streams the function only reads anyway.</summary>
        public const string ReportReadStreamsOption = "dotnet_diagnostic.AG0102.report_read_streams";

        private readonly AsyncTypes _types;
        private INamedTypeSymbol? _stream;

        // Resolved on the first candidate, not at compilation start (most compilations never ask).
        public ReadStreams(AsyncTypes types)
        {
            _types = types;
        }

        public static bool Reported(AnalyzerConfigOptions options) => RuleOptions.GetBool(options, ReportReadStreamsOption);

        /// <summary>Whether every resource of the `using` <paramref name="operation"/> is a fresh stream the function only reads.</summary>
        public bool IsReadOnlyUsing(IOperation operation, SyntaxNode statement, CancellationToken cancellationToken)
        {
            // A benign race: every thread stores the same symbol.
            _stream ??= _types.TypeNamed("System.IO.Stream");
            if (_stream is null || operation.SemanticModel is not { } model || EnclosingFunction.Find(statement) is not { } function)
            {
                return false;
            }

            var resources = operation switch
            {
                IUsingOperation u => u.Resources,
                IUsingDeclarationOperation d => d.DeclarationGroup,
                _ => null,
            };
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
                    if (value is null || !IsStream(declarator.Symbol.Type) || HasOwnDisposal(declarator.Symbol.Type) || !IsFresh(value)
                        || !OnlyRead(declarator.Symbol, function, model, cancellationToken))
                    {
                        return false;
                    }

                    any = true;
                }
            }

            return any;
        }

        private bool IsStream(ITypeSymbol? type) => type.InheritsOrImplements(_stream);

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
            value = Invocations.WithoutImplicitConversions(value);
            if (value is IAwaitOperation awaited)
            {
                value = Invocations.WithoutImplicitConversions(awaited.Operation);
            }

            if (value is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && Invocations.Receiver(configured) is { } receiver)
            {
                value = Invocations.WithoutImplicitConversions(receiver);
            }

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

        /// <summary>Every reference to <paramref name="local"/> in <paramref name="function"/> reads it through Stream's read members; at least one does.</summary>
        private bool OnlyRead(ILocalSymbol local, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            var reads = 0;
            foreach (var node in function.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != local.Name)
                {
                    continue;
                }

                if (model.GetOperation(identifier, cancellationToken) is not ILocalReferenceOperation reference)
                {
                    // Another symbol of the same name, or a reference the operation tree does not show (nameof, half-typed code).
                    if (model.GetSymbolInfo(identifier, cancellationToken).Symbol.Is(local))
                    {
                        return false;
                    }

                    continue;
                }

                if (!reference.Local.Is(local))
                {
                    continue;
                }

                if (!IsRead(reference))
                {
                    return false;
                }

                reads++;
            }

            return reads > 0;
        }

        private bool IsRead(ILocalReferenceOperation reference)
        {
            IOperation used = reference;
            var parent = reference.Parent;
            // `stream?.ReadAsync(..)`: the member is applied to the conditional access instance.
            if (parent is IConditionalAccessOperation conditional && conditional.Operation == reference)
            {
                used = FindConditionalInstance(conditional.WhenNotNull) ?? reference;
                parent = used == reference ? null : used.Parent;
            }

            switch (parent)
            {
                case IInvocationOperation call when call.Instance == used:
                    var method = call.TargetMethod;
                    while (method.OverriddenMethod is { } overridden)
                    {
                        method = overridden;
                    }

                    return method.ContainingType.Is(_stream) && System.Array.IndexOf(ReadMethods, method.Name) >= 0;
                case IPropertyReferenceOperation property when property.Instance == used:
                    var target = property.Property;
                    while (target.OverriddenProperty is { } overridden)
                    {
                        target = overridden;
                    }

                    return target.ContainingType.Is(_stream) && System.Array.IndexOf(ReadProperties, target.Name) >= 0
                        && !(property.Parent is IAssignmentOperation assignment && assignment.Target == property)
                        && property.Parent is not IIncrementOrDecrementOperation;
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
