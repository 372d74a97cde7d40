namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// ReadStreams.Given for a stream the function was handed as a task (issue 16, eighteenth pass, d102; reported with
    /// <c>report_given_read_streams</c>): the `using` declares one local typed exactly <see cref="System.IO.Stream"/> whose
    /// value is <c>await t</c> (or <c>await t.ConfigureAwait(..)</c>), where <c>t</c> is a by-value parameter of the
    /// function typed <c>Task&lt;T&gt;</c> / <c>ValueTask&lt;T&gt;</c> that it never assigns, and every use of the local
    /// reads it (<see cref="OnlyRead"/>: Stream's read members, a reader made over it, a method of the compilation that only
    /// reads it). The stream comes from the caller as surely as a <c>Stream</c> parameter does, so the reasoning of the given
    /// read streams holds: nothing in the function writes through it, and its disposal has nothing of the function's to flush.
    /// Still reported: a local of a more specific type, a task from a field, a call or a local, a task parameter the
    /// function assigns, a stream written, flushed, positioned or handed to anything that may write, two resources.
    /// </summary>
    internal sealed partial class ReadStreams
    {
        private bool IsAwaitedGivenReadOnly(IVariableDeclarationGroupOperation group, CancellationToken cancellationToken)
        {
            _stream ??= _types.TypeNamed("System.IO.Stream");
            _streamReader ??= _types.TypeNamed("System.IO.StreamReader");
            _binaryReader ??= _types.TypeNamed("System.IO.BinaryReader");
            if (_stream is null || group.Declarations.Length != 1 || group.Declarations[0].Declarators.Length != 1
                || group.SemanticModel is not { } model)
            {
                return false;
            }

            var declarator = group.Declarations[0].Declarators[0];
            var value = declarator.Initializer?.Value ?? group.Declarations[0].Initializer?.Value;
            if (value is null || !declarator.Symbol.Type.Is(_stream) || declarator.Symbol.IsRef
                || Invocations.WithoutImplicitConversions(value) is not IAwaitOperation
                || Invocations.Produced(value) is not IParameterReferenceOperation { Parameter: { RefKind: RefKind.None } task }
                || task.Type is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } taskType
                || !(taskType.OriginalDefinition.Is(_types.TaskOfT) || taskType.OriginalDefinition.Is(_types.ValueTaskOfT))
                || DeclaringScope(task, cancellationToken) is not { } taskScope || taskScope.SyntaxTree != model.SyntaxTree
                || EnclosingFunction.Find(group.Syntax) is not { } function || function.Span != taskScope.Span
                || Assigns(task, function, model, cancellationToken))
            {
                return false;
            }

            return OnlyRead(declarator.Symbol, function, model, 0, cancellationToken, disposalsNeutral: true);
        }

        /// <summary>
        /// <c>PipeReader.Create(stream[, options])</c> of System.IO.Pipelines: a reader over the stream, which only ever reads
        /// it (as <c>new StreamReader(stream)</c> does), so handing a stream to it counts as a read.
        /// </summary>
        private bool IsPipeReaderOver(IInvocationOperation call) =>
            call.TargetMethod is { IsStatic: true, Name: "Create" } method
            && method.ContainingType.Is(_types.TypeNamed("System.IO.Pipelines.PipeReader"))
            && method.Parameters.Length >= 1 && IsStream(method.Parameters[0].Type);

        /// <summary>Whether the function assigns the parameter (plain, compound or `??=` assignment, `ref`/`out` argument, `++`).</summary>
        private static bool Assigns(IParameterSymbol parameter, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var node in function.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != parameter.Name
                    || model.GetOperation(identifier, cancellationToken) is not IParameterReferenceOperation reference
                    || !reference.Parameter.Is(parameter))
                {
                    continue;
                }

                switch (reference.Parent)
                {
                    case IAssignmentOperation assignment when assignment.Target == reference:
                    case IArgumentOperation { Parameter.RefKind: not RefKind.None and not RefKind.In }:
                    case IIncrementOrDecrementOperation:
                        return true;
                }
            }

            return false;
        }
    }
}
