namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// Corpus7app D1 (fail7): a `using` of a local `StreamWriter` made with `new StreamWriter(stream, .., leaveOpen: true)`
    /// (a constant `true`) whose body ends with `await writer.FlushAsync(..)` (the last statement of the `using` statement's
    /// body, or of the block of a `using` declaration): when the `using` ends normally the writer's buffers are empty and the
    /// inner stream was flushed asynchronously, so the sync `Dispose` only calls an empty flush and leaves the stream open.
    /// The body may not leave the `using` otherwise (`return`, `goto`, `yield`, a `break`/`continue` of an outer loop), and the
    /// writer is used only by calls on it (writes, flushes) and property reads or sets — not captured, not handed to anything.
    /// Still reported: a writer that owns its stream (no `leaveOpen`, or not a constant `true`: disposing it disposes the
    /// stream, which may write a final block), a write after the flush, a flush under a condition, a writer of a derived type,
    /// and every other stream type (<see cref="FlushedWriteStreams"/> decides file streams). Reported with
    /// `report_flushed_write_streams` like the file-stream class.
    /// </summary>
    internal static class FlushedWriters
    {
        public static bool IsFlushed(IOperation usingOperation, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (types.TypeNamed("System.IO.StreamWriter") is not { } streamWriter
                || usingOperation.SemanticModel is not { } model
                || SingleDeclarator(usingOperation) is not { } declarator
                || declarator.Symbol is not { RefKind: RefKind.None } writer
                || !IsLeaveOpenWriter(declarator, streamWriter)
                || Covered(usingOperation, last: true) is not { } last
                || !FlushedWriteStreams.IsAwaitedFlush(last, writer, model, cancellationToken))
            {
                return false;
            }

            if (ScopeOfNormalEnd(usingOperation, last, out var function) is not { } scope)
            {
                return false;
            }

            foreach (var reference in scope.Descendants())
            {
                if (reference is not ILocalReferenceOperation local || !local.Local.Is(writer))
                {
                    continue;
                }

                if (!ReferenceEquals(EnclosingFunction.InnermostFunction(reference), function) || !IsPlainUse(reference))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The operations to search for uses of a `using` resource whose body ends with <paramref name="last"/>: the innermost
        /// function's body (or the root operation of the member), or null when the body may leave the `using` early.
        /// </summary>
        internal static IOperation? ScopeOfNormalEnd(IOperation usingOperation, SyntaxNode last, out IOperation? function)
        {
            function = null;
            var body = usingOperation switch
            {
                IUsingOperation { Body.Syntax: { } syntax } => syntax,
                _ => last.Parent,
            };
            if (body is null || LeavesEarly(body))
            {
                return null;
            }

            function = EnclosingFunction.InnermostFunction(usingOperation);
            var scope = function ?? usingOperation;
            while (function is null && scope.Parent is { } parent)
            {
                scope = parent;
            }

            return scope;
        }

        /// <summary>The one declarator of the `using` (statement or declaration), or null.</summary>
        internal static IVariableDeclaratorOperation? SingleDeclarator(IOperation usingOperation)
        {
            var resources = UsingResources.Of(usingOperation);
            return resources is IVariableDeclarationGroupOperation { Declarations.Length: 1 } group && group.Declarations[0].Declarators.Length == 1
                ? group.Declarations[0].Declarators[0]
                : null;
        }

        /// <summary>`new StreamWriter(..)` of exactly that type with a constant `true` for its `leaveOpen` parameter.</summary>
        private static bool IsLeaveOpenWriter(IVariableDeclaratorOperation declarator, INamedTypeSymbol streamWriter)
        {
            var value = declarator.Initializer?.Value ?? declarator.GetVariableInitializer()?.Value;
            if (value is null || Invocations.WithoutImplicitConversions(value) is not IObjectCreationOperation { Constructor: { } constructor } creation
                || !constructor.ContainingType.Is(streamWriter))
            {
                return false;
            }

            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter is { Name: "leaveOpen" } && argument.ArgumentKind == ArgumentKind.Explicit)
                {
                    return argument.Value.ConstantValue is { HasValue: true, Value: true };
                }
            }

            return false;
        }

        /// <summary>
        /// The first or last statement the `using` covers: of its body, or after the declaration in the block that holds it.
        /// </summary>
        internal static StatementSyntax? Covered(IOperation usingOperation, bool last)
        {
            switch (usingOperation.Syntax)
            {
                case UsingStatementSyntax { Statement: BlockSyntax { Statements: { Count: > 0 } statements } }:
                    return last ? statements[statements.Count - 1] : statements[0];
                case UsingStatementSyntax { Statement: { } single } when single is not BlockSyntax:
                    return single;
                case VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax local }:
                    return After(local, last);
                case LocalDeclarationStatementSyntax local:
                    return After(local, last);
                default:
                    return null;
            }
        }

        private static StatementSyntax? After(LocalDeclarationStatementSyntax local, bool last)
        {
            if (local.Parent is not BlockSyntax block)
            {
                return null;
            }

            var index = block.Statements.IndexOf(local);
            return index < 0 || index + 1 >= block.Statements.Count ? null
                : last ? block.Statements[block.Statements.Count - 1] : block.Statements[index + 1];
        }

        /// <summary>A `return`, `goto`, `yield` or label in the body, or a `break`/`continue` not inside a loop or switch of the body.</summary>
        internal static bool LeavesEarly(SyntaxNode body)
        {
            foreach (var node in body.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                switch (node)
                {
                    case ReturnStatementSyntax or GotoStatementSyntax or YieldStatementSyntax or LabeledStatementSyntax:
                        return true;
                    case BreakStatementSyntax or ContinueStatementSyntax when !InLoopWithin(node, body):
                        return true;
                }
            }

            return false;
        }

        private static bool InLoopWithin(SyntaxNode jump, SyntaxNode body)
        {
            for (var node = jump.Parent; node != null && node != body; node = node.Parent)
            {
                if (node is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax
                    || (node is SwitchStatementSyntax && jump is BreakStatementSyntax))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The declaration itself, a call on the writer, or a property read or set on it.</summary>
        private static bool IsPlainUse(IOperation reference) =>
            reference.Parent switch
            {
                IInvocationOperation { Instance: { } instance } => instance == reference,
                IPropertyReferenceOperation { Instance: { } instance } => instance == reference,
                IUsingOperation => true,
                _ => false,
            };
    }
}
