namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// Corpus7 D1 (issue 16): a synchronous release — `Dispose()`, `Close()` or `Disconnect(..)` of a transport (a library
    /// `Stream` other than a `FileStream`, or a `Socket`) —
    /// called as a statement inside a `catch` clause from which every path ends in a `throw` (`throw;`, `throw ex;`, a
    /// wrapping `throw new X(.., ex)`, or a call of a `[DoesNotReturn]` method such as `ExceptionDispatchInfo.Throw`) with no
    /// `await` in between: the operation has already failed and the resource is being dropped on the way out; its async
    /// form gains little. Decided on the statements alone (a structured walk, conservative): any `return`, `break`,
    /// `continue`, `goto`, `yield`, label, nested `try` with handlers, loop or `switch` on the way, an `await`, a nested
    /// function between the call and the catch, or a catch that can end normally keeps the finding.
    /// Still reported: the same call in a catch that swallows or returns, in a `finally`, before an `await`, any other call
    /// (a write or flush on the failure path), `using` declarations (their disposal runs on success as well), and the release
    /// of anything else (a file stream, a writer, a data reader, a client, a type of your own: their disposal does I/O).
    /// `dotnet_diagnostic.AG0102.report_failure_path_disposal = true` reports these.
    /// </summary>
    internal static partial class FailurePathReleases
    {
        public const string ReportOption = "dotnet_diagnostic.AG0102.report_failure_path_disposal";

        public static bool Reported(AnalyzerOptions options, SyntaxTree tree) => RuleOptions.GetBool(options, tree, ReportOption);

        /// <summary>Whether the call is a release of a resource in a catch clause that always rethrows after it.</summary>
        public static bool IsReleaseBeforeRethrow(IInvocationOperation operation, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (operation.TargetMethod is not { ReturnsVoid: true, Name: "Dispose" or "Close" or "Disconnect" } method
                || StatementOf(operation.Syntax) is not { } statement
                || (InCatch(statement) is var inCatch && !inCatch && !IsRightBeforeThrow(statement)) // outside a catch: FailurePathReleases.BeforeThrow.cs
                || operation.SemanticModel is not { } model
                || !IsTransport(operation, method.ContainingType, types)
                || (method.Name == "Dispose" && method.Parameters.Length != 0))
            {
                return false;
            }

            return !inCatch || ThrowsAfter(statement, model, types, cancellationToken);
        }

        /// <summary>
        /// The transport whose operation failed: a <c>Stream</c> (not a <c>FileStream</c>, whose buffer goes to a file that
        /// outlives the failure) or a <c>Socket</c>, released through a library member (the method's type
        /// from a referenced assembly: the called member is the library's, e.g. `Stream.Dispose()` on a subclass of your own
        /// of `SslStream`). A release member declared by a type of your own (`FtpSocketStream.Close`), a call on `this`, or a
        /// resource that speaks a protocol over a transport (a client whose disposal sends a quit command, a data reader whose
        /// disposal drains the remaining results, a writer whose disposal flushes its buffer) stays reported: its release
        /// does I/O of its own.
        /// </summary>
        private static bool IsTransport(IInvocationOperation operation, INamedTypeSymbol? declaring, AsyncTypes types)
        {
            var receiver = operation.Instance is { } instance ? Invocations.WithoutImplicitConversions(instance).Type : declaring;
            if (!IsLibraryType(declaring) || operation.Instance is null or IInstanceReferenceOperation
                || receiver.InheritsOrImplements(types.TypeNamed("System.IO.FileStream")))
            {
                return false;
            }

            return receiver.InheritsOrImplements(types.TypeNamed("System.IO.Stream"))
                || receiver.InheritsOrImplements(types.TypeNamed("System.Net.Sockets.Socket"));
        }

        private static bool IsLibraryType(ITypeSymbol? type) =>
            type is INamedTypeSymbol { Locations: var locations } && !locations.IsEmpty && !locations[0].IsInSource;

        /// <summary>The expression statement the call is (`x.Dispose();` or `x?.Dispose();`), or null.</summary>
        private static StatementSyntax? StatementOf(SyntaxNode call) => call.Parent switch
        {
            ExpressionStatementSyntax statement => statement,
            ConditionalAccessExpressionSyntax { Parent: ExpressionStatementSyntax statement } access when access.WhenNotNull == call => statement,
            _ => null,
        };

        /// <summary>Cheap filter first: a catch clause encloses the statement within the same function.</summary>
        private static bool InCatch(SyntaxNode statement)
        {
            for (var node = statement.Parent; node != null; node = node.Parent)
            {
                switch (node)
                {
                    case CatchClauseSyntax:
                        return true;
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }

        /// <summary>
        /// Climbs from the statement to its catch clause: at each level the statements after it must end in a throw, or
        /// reach the end of a construct that goes on after itself (a block, an `if`, a `lock`, a `try` block without handlers).
        /// </summary>
        private static bool ThrowsAfter(StatementSyntax statement, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            SyntaxNode node = statement;
            for (var depth = 0; depth < 32; depth++)
            {
                var parent = node.Parent;
                switch (parent)
                {
                    case BlockSyntax block:
                        var index = block.Statements.IndexOf((StatementSyntax)node);
                        for (var i = index + 1; i < block.Statements.Count; i++)
                        {
                            switch (Ends(block.Statements[i], model, types, cancellationToken))
                            {
                                case End.Throws:
                                    return true;
                                case End.Unsafe:
                                    return false;
                            }
                        }

                        if (block.Parent is CatchClauseSyntax)
                        {
                            // The catch can end normally.
                            return false;
                        }

                        node = block;
                        break;
                    case IfStatementSyntax or LockStatementSyntax or CheckedStatementSyntax or UnsafeStatementSyntax:
                        node = parent;
                        break;
                    case ElseClauseSyntax { Parent: IfStatementSyntax owner }:
                        node = owner;
                        break;
                    case TryStatementSyntax { Catches.Count: 0 } tryStatement when tryStatement.Block == node:
                        // A throw after a try/finally leaves through the finally (which cannot jump elsewhere).
                        node = tryStatement;
                        break;
                    default:
                        // A loop, a switch, a try with handlers (it may catch the throw), a using, a nested function: keep it.
                        return false;
                }
            }

            return false;
        }

        private enum End
        {
            /// <summary>Completes normally (as far as this walk can tell) or may throw: the walk goes on.</summary>
            Continues,

            /// <summary>Every path through it ends in a throw.</summary>
            Throws,

            /// <summary>May leave otherwise (a jump), awaits, or is beyond this walk.</summary>
            Unsafe,
        }

        private static End Ends(StatementSyntax statement, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            switch (statement)
            {
                case ThrowStatementSyntax:
                    return Escapes(statement) ? End.Unsafe : End.Throws;
                case BlockSyntax block:
                    foreach (var inner in block.Statements)
                    {
                        var end = Ends(inner, model, types, cancellationToken);
                        if (end != End.Continues)
                        {
                            return end;
                        }
                    }

                    return End.Continues;
                case IfStatementSyntax ifStatement:
                    if (Condition(ifStatement.Condition) == End.Unsafe)
                    {
                        return End.Unsafe;
                    }

                    var whenTrue = Ends(ifStatement.Statement, model, types, cancellationToken);
                    var whenFalse = ifStatement.Else is { } otherwise ? Ends(otherwise.Statement, model, types, cancellationToken) : End.Continues;
                    return whenTrue == End.Unsafe || whenFalse == End.Unsafe ? End.Unsafe
                        : whenTrue == End.Throws && whenFalse == End.Throws ? End.Throws
                        : End.Continues;
                case TryStatementSyntax or LabeledStatementSyntax or SwitchStatementSyntax:
                    return End.Unsafe;
                case LocalFunctionStatementSyntax:
                    return End.Continues;
                case ExpressionStatementSyntax { Expression: InvocationExpressionSyntax call } when !Escapes(statement)
                    && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol called && DoesNotReturn(called, types):
                    return End.Throws;
                default:
                    return Escapes(statement) ? End.Unsafe : End.Continues;
            }
        }

        private static End Condition(ExpressionSyntax condition) => Escapes(condition) ? End.Unsafe : End.Continues;

        private static bool DoesNotReturn(IMethodSymbol method, AsyncTypes types)
        {
            var attribute = types.TypeNamed("System.Diagnostics.CodeAnalysis.DoesNotReturnAttribute");
            if (attribute is null)
            {
                return false;
            }

            foreach (var data in method.GetAttributes())
            {
                if (data.AttributeClass.Is(attribute))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether the node (outside nested functions) awaits, jumps, yields or carries a label.</summary>
        private static bool Escapes(SyntaxNode node)
        {
            foreach (var descendant in node.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (descendant is AwaitExpressionSyntax or ReturnStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax
                    or GotoStatementSyntax or YieldStatementSyntax or LabeledStatementSyntax)
                {
                    return true;
                }

                if ((descendant is UsingStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }
                        or LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }
                        or CommonForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
