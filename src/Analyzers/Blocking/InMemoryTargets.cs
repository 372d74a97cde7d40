namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0102's second look at a call it is about to report (issue 16, corpus5 classes 1 and 4): a static call whose I/O
    /// targets are provably in memory (`SHA256.HashData(ms)`; calls on a receiver made over memory and `using`s of one are
    /// <see cref="InMemoryCalls"/>' part), or an "alternative" that is a twin hook the function also calls. Only asked for candidates, so the
    /// semantic work here never runs on calls without an async alternative.
    /// <list type="bullet">
    /// <item>In memory: every stream the call works on (its receiver, and every Stream/TextReader/TextWriter argument) is a
    /// MemoryStream by static type, a `new MemoryStream(..)`, an object of a referenced library built in the same function
    /// over such streams and value arguments only (`new Utf8JsonWriter(ms)`, `new ZipArchive(new MemoryStream(bytes))`),
    /// a value an instance member of such an object returns (`archive.Entries`, `entry.Open()`), the content of a response
    /// HttpClient buffered before returning (no `HttpCompletionOption.ResponseHeadersRead`), or a local initialised with
    /// one of them and never assigned again. The call itself belongs to a referenced library and takes no string (a path or
    /// address could reach a device).</item>
    /// <item>Twin hooks: `M(a)` and `await MAsync(a)` both called in the same block on the same receiver with equivalent
    /// arguments: the function runs both extension points, so the async one is no replacement for the sync one.</item>
    /// </list>
    /// </summary>
    internal sealed class InMemoryTargets(AsyncTypes types)
    {
        private const int MaxDepth = 6;

        private readonly AsyncTypes _types = types;
        private INamedTypeSymbol?[]? _ioTypes;
        private INamedTypeSymbol? _httpClient;
        private INamedTypeSymbol? _httpResponse;
        private INamedTypeSymbol? _completionOption;
        private INamedTypeSymbol? _encoding;
        private volatile bool _resolved;

        private void Resolve()
        {
            if (!_resolved)
            {
                _ioTypes = new[]
                {
                    _types.TypeNamed("System.IO.Stream"),
                    _types.TypeNamed("System.IO.TextReader"),
                    _types.TypeNamed("System.IO.TextWriter"),
                    _types.TypeNamed("System.IO.BinaryReader"),
                    _types.TypeNamed("System.IO.BinaryWriter"),
                };
                _httpClient = _types.TypeNamed("System.Net.Http.HttpClient");
                _httpResponse = _types.TypeNamed("System.Net.Http.HttpResponseMessage");
                _completionOption = _types.TypeNamed("System.Net.Http.HttpCompletionOption");
                _encoding = _types.TypeNamed("System.Text.Encoding");
                _resolved = true;
            }
        }

        /// <summary>
        /// The call (of a referenced library) works only on in-memory targets: its receiver, if any, is one, every stream
        /// argument is one, at least one target exists, and no string is passed.
        /// </summary>
        public bool IsInMemoryCall(IInvocationOperation call, CancellationToken cancellationToken)
        {
            var method = call.TargetMethod;
            if (method.ContainingAssembly is null or ISourceAssemblySymbol || call.SemanticModel is not { } model)
            {
                return false;
            }

            Resolve();
            var targets = 0;
            var reduced = Invocations.IsReducedExtensionCall(call);
            if (Invocations.Receiver(call) is { } receiver)
            {
                if (!IsInMemory(receiver, model, 0, cancellationToken))
                {
                    return false;
                }

                targets++;
            }

            for (var i = reduced ? 1 : 0; i < call.Arguments.Length; i++)
            {
                var argument = call.Arguments[i];
                if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                var type = argument.Parameter?.Type ?? argument.Value.Type;
                if (type?.SpecialType == SpecialType.System_String || argument.Value.Type?.SpecialType == SpecialType.System_String)
                {
                    return false;
                }

                if (IsIoType(type) || IsIoType(argument.Value.Type))
                {
                    if (!IsInMemory(argument.Value, model, 0, cancellationToken))
                    {
                        return false;
                    }

                    targets++;
                }
            }

            return targets > 0;
        }

        /// <summary>
        /// `M(a)` whose alternative <paramref name="alternativeName"/> is awaited in another statement of the same block,
        /// on the same receiver, with equivalent arguments (a CancellationToken aside): both hooks run in turn.
        /// </summary>
        public bool IsTwinCalledInTurn(IInvocationOperation call, string alternativeName, CancellationToken cancellationToken)
        {
            // Syntax first: the statement of the call, directly in a block.
            SyntaxNode child = call.Syntax;
            var current = child.Parent;
            for (; current != null && current is not BlockSyntax; child = current, current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)
                {
                    return false;
                }
            }

            if (current is not BlockSyntax block || child is not StatementSyntax own || call.SemanticModel is not { } model)
            {
                return false;
            }

            foreach (var statement in block.Statements)
            {
                // The twin runs whenever the block does: a plain statement, and no condition between it and its await.
                if (statement == own || statement is not (ExpressionStatementSyntax or LocalDeclarationStatementSyntax or ReturnStatementSyntax))
                {
                    continue;
                }

                foreach (var node in statement.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
                {
                    if (node is AwaitExpressionSyntax awaited && IsUnconditional(awaited, statement) && Awaited(awaited.Expression) is { } twinSyntax
                        && twinSyntax.Expression is MemberAccessExpressionSyntax or SimpleNameSyntax
                        && NameOf(twinSyntax.Expression) == alternativeName
                        && model.GetOperation(twinSyntax, cancellationToken) is IInvocationOperation twin
                        && IsTwinOf(call, twin))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsUnconditional(SyntaxNode node, StatementSyntax statement)
        {
            for (var current = node.Parent; current != null && current != statement; current = current.Parent)
            {
                if (current is ConditionalExpressionSyntax or ConditionalAccessExpressionSyntax or SwitchExpressionSyntax
                    || current.IsKind(SyntaxKind.LogicalAndExpression) || current.IsKind(SyntaxKind.LogicalOrExpression)
                    || current.IsKind(SyntaxKind.CoalesceExpression) || current.IsKind(SyntaxKind.CoalesceAssignmentExpression))
                {
                    return false;
                }
            }

            return true;
        }

        private static InvocationExpressionSyntax? Awaited(ExpressionSyntax expression)
        {
            expression = expression.WalkDownParentheses();
            if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: var inner } })
            {
                expression = inner.WalkDownParentheses();
            }

            return expression as InvocationExpressionSyntax;
        }

        private static string? NameOf(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };

        private bool IsTwinOf(IInvocationOperation call, IInvocationOperation twin)
        {
            if (!twin.TargetMethod.ContainingType.OriginalDefinition.Is(call.TargetMethod.ContainingType?.OriginalDefinition)
                || twin.TargetMethod.IsStatic != call.TargetMethod.IsStatic
                || Invocations.IsReducedExtensionCall(call) != Invocations.IsReducedExtensionCall(twin))
            {
                return false;
            }

            var receiver = Invocations.Receiver(call);
            var twinReceiver = Invocations.Receiver(twin);
            if ((receiver is null) != (twinReceiver is null) || (receiver != null && !AreEquivalent(receiver, twinReceiver!)))
            {
                return false;
            }

            var start = Invocations.IsReducedExtensionCall(call) ? 1 : 0;
            var written = WrittenArguments(call, start);
            var twinWritten = WrittenArguments(twin, start);
            if (written.Count != twinWritten.Count)
            {
                return false;
            }

            for (var i = 0; i < written.Count; i++)
            {
                if (!AreEquivalent(written[i], twinWritten[i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The arguments as written, in parameter order, without defaults and CancellationTokens.</summary>
        private List<IOperation> WrittenArguments(IInvocationOperation call, int start)
        {
            var result = new List<IOperation>();
            for (var i = start; i < call.Arguments.Length; i++)
            {
                var argument = call.Arguments[i];
                if (argument.ArgumentKind != ArgumentKind.DefaultValue && !_types.IsCancellationToken(argument.Value.Type))
                {
                    result.Add(argument.Value);
                }
            }

            return result;
        }

        /// <summary>The same value read twice: the same local, parameter, field or property of an equivalent instance, `this`, or an equal constant.</summary>
        private static bool AreEquivalent(IOperation a, IOperation b)
        {
            a = WithoutConversions(a);
            b = WithoutConversions(b);
            if (a.ConstantValue.HasValue || b.ConstantValue.HasValue)
            {
                return a.ConstantValue.HasValue && b.ConstantValue.HasValue && Equals(a.ConstantValue.Value, b.ConstantValue.Value);
            }

            return (a, b) switch
            {
                (ILocalReferenceOperation x, ILocalReferenceOperation y) => x.Local.Is(y.Local),
                (IParameterReferenceOperation x, IParameterReferenceOperation y) => x.Parameter.Is(y.Parameter),
                (IInstanceReferenceOperation x, IInstanceReferenceOperation y) => x.ReferenceKind == y.ReferenceKind,
                (IFieldReferenceOperation x, IFieldReferenceOperation y) => x.Field.Is(y.Field) && SameInstance(x.Instance, y.Instance),
                (IPropertyReferenceOperation x, IPropertyReferenceOperation y) =>
                    x.Property.Is(y.Property) && x.Arguments.Length == 0 && y.Arguments.Length == 0 && SameInstance(x.Instance, y.Instance),
                _ => false,
            };
        }

        private static bool SameInstance(IOperation? a, IOperation? b) => a is null ? b is null : b != null && AreEquivalent(a, b);

        private static IOperation WithoutConversions(IOperation value)
        {
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            return value;
        }

        private bool IsIoType(ITypeSymbol? type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                foreach (var io in _ioTypes!)
                {
                    if (t.Is(io))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The value's every read and write stays in memory (see the class summary).</summary>
        private bool IsInMemory(IOperation value, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            value = WithoutConversions(value);
            if (depth > MaxDepth)
            {
                return false;
            }

            if (_types.IsInMemoryIo(value.Type))
            {
                return true;
            }

            switch (value)
            {
                case IObjectCreationOperation creation:
                    return IsBuiltOverMemory(creation, model, depth, cancellationToken);
                case ILocalReferenceOperation { Local: { } local } reference:
                    return InitialValue(local, reference, model, cancellationToken) is { } initial && IsInMemory(initial, model, depth + 1, cancellationToken);
                case IPropertyReferenceOperation { Instance: { } instance, Property: { IsStatic: false } property, Arguments.Length: 0 }
                    when property.ContainingAssembly is not (null or ISourceAssemblySymbol):
                    // A member of an in-memory object (`archive.Entries`), or the content of a buffered response.
                    return IsInMemory(instance, model, depth + 1, cancellationToken)
                        || (_httpResponse != null && instance.Type.Is(_httpResponse) && IsBufferedResponse(instance, model, depth + 1, cancellationToken));
                case IInvocationOperation { Instance: { } instance, TargetMethod: { IsStatic: false, IsExtensionMethod: false } method } invocation
                    when method.ContainingAssembly is not (null or ISourceAssemblySymbol):
                    // What an in-memory object hands out (`entry.Open()` of an archive over a MemoryStream).
                    return IsInMemory(instance, model, depth + 1, cancellationToken) && StreamArgumentsInMemory(invocation.Arguments, model, depth, cancellationToken);
                default:
                    return false;
            }
        }

        /// <summary>
        /// `new T(..)` of a referenced library's type whose arguments are in-memory streams (at least one), values, encodings
        /// or null: whatever it reads or writes goes to those streams.
        /// </summary>
        private bool IsBuiltOverMemory(IObjectCreationOperation creation, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            if (creation.Type is not { ContainingAssembly: not (null or ISourceAssemblySymbol) } || creation.Arguments.Length == 0)
            {
                return false;
            }

            var streams = 0;
            foreach (var argument in creation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                var value = WithoutConversions(argument.Value);
                if (IsIoType(argument.Parameter?.Type) || IsIoType(value.Type))
                {
                    if (!IsInMemory(value, model, depth + 1, cancellationToken))
                    {
                        return false;
                    }

                    streams++;
                }
                else if (!(value.Type is { IsValueType: true } || value.ConstantValue is { HasValue: true, Value: null }
                           || value.Type.InheritsOrImplements(_encoding)))
                {
                    return false;
                }
            }

            return streams > 0;
        }

        private bool StreamArgumentsInMemory(ImmutableArray<IArgumentOperation> arguments, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            foreach (var argument in arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue
                    && (IsIoType(argument.Parameter?.Type) || IsIoType(argument.Value.Type))
                    && !IsInMemory(argument.Value, model, depth + 1, cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// A response local initialised with an awaited HttpClient call that buffers the content before it returns: one
        /// returning an HttpResponseMessage given no HttpCompletionOption, or ResponseContentRead as a constant.
        /// </summary>
        private bool IsBufferedResponse(IOperation value, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            value = WithoutConversions(value);
            if (depth > MaxDepth || _httpClient is null)
            {
                return false;
            }

            if (value is ILocalReferenceOperation { Local: { } local } reference)
            {
                return InitialValue(local, reference, model, cancellationToken) is { } initial && IsBufferedResponse(initial, model, depth + 1, cancellationToken);
            }

            if (value is IAwaitOperation awaited)
            {
                value = WithoutConversions(awaited.Operation);
                if (value is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
                {
                    value = WithoutConversions(configured);
                }
            }
            else if (value is not IInvocationOperation { TargetMethod.ReturnType: var returned } || !returned.Is(_httpResponse))
            {
                // Only HttpClient.Send returns the response itself; the async calls are awaited.
                return false;
            }

            if (value is not IInvocationOperation call || !call.TargetMethod.ContainingType.Is(_httpClient))
            {
                return false;
            }

            var responseType = call.TargetMethod.ReturnType is INamedTypeSymbol { TypeArguments.Length: 1 } task ? task.TypeArguments[0] : call.TargetMethod.ReturnType;
            if (!responseType.Is(_httpResponse))
            {
                return false;
            }

            foreach (var argument in call.Arguments)
            {
                if (argument.Value.Type.Is(_completionOption) && argument.ArgumentKind != ArgumentKind.DefaultValue
                    && argument.Value.ConstantValue is not { HasValue: true, Value: 0 })
                {
                    // ResponseHeadersRead (1), or a value not known here: the content may still be on the wire.
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The value a local starts with (its initializer, or the collection a foreach variable walks), when the local is
        /// declared once in this tree and never assigned, ref-passed or out-passed afterwards.
        /// </summary>
        private static IOperation? InitialValue(ILocalSymbol local, IOperation reference, SemanticModel model, CancellationToken cancellationToken)
        {
            if (local.DeclaringSyntaxReferences.Length != 1 || local.IsRef)
            {
                return null;
            }

            var declaration = local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            if (declaration.SyntaxTree != reference.Syntax.SyntaxTree)
            {
                return null;
            }

            switch (declaration)
            {
                case VariableDeclaratorSyntax { Initializer.Value: { } initial } declarator:
                    if (IsAssignedAgain(local, declarator, model, cancellationToken))
                    {
                        return null;
                    }

                    return model.GetOperation(initial, cancellationToken);
                case ForEachStatementSyntax forEach:
                    // The iteration variable is read-only; its values are the collection's elements.
                    return model.GetOperation(forEach.Expression, cancellationToken);
                default:
                    return null;
            }
        }

        private static bool IsAssignedAgain(ILocalSymbol local, VariableDeclaratorSyntax declarator, SemanticModel model, CancellationToken cancellationToken)
        {
            // The local's scope lies within the block (or switch section, or body) that declares it.
            SyntaxNode? scope = declarator;
            while (scope != null && scope is not (BlockSyntax or SwitchSectionSyntax or ArrowExpressionClauseSyntax or GlobalStatementSyntax))
            {
                scope = scope.Parent;
            }

            if (scope is GlobalStatementSyntax)
            {
                scope = scope.Parent;
            }

            if (scope is null)
            {
                return true;
            }

            var name = local.Name;
            foreach (var node in scope.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax { Identifier.ValueText: var text } identifier || text != name)
                {
                    continue;
                }

                var written = identifier.Parent switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left == identifier,
                    ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
                    RefExpressionSyntax => true,
                    _ => false,
                };
                if (written && model.GetSymbolInfo(identifier, cancellationToken).Symbol.Is(local))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
