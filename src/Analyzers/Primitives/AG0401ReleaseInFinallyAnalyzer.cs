using System.Collections.Concurrent;
using System.Linq;

namespace AsyncGuard.Analyzers.Primitives
{
    /// <summary>
    /// AG0401: a SemaphoreSlim / AsyncSemaphore acquired by Wait / WaitAsync whose Release (in the same function) is not in the
    /// finally of a try that directly follows the acquisition.
    /// </summary>
    public sealed class AG0401ReleaseInFinallyAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0401";

        /// <summary>Property: <see cref="WrapShape"/> or <see cref="MoveShape"/>, so the fix need not re-classify.</summary>
        public const string ShapeProperty = "Shape";

        /// <summary>The statements after the acquisition should be wrapped in try/finally.</summary>
        public const string WrapShape = "Wrap";

        /// <summary>The acquisition is the first statement inside the try whose finally releases: it belongs before the try.</summary>
        public const string MoveShape = "MoveBeforeTry";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.PrimitivesCategory, DiagnosticSeverity.Warning, RuleTraits.None,
            title: "Release the semaphore in a finally block",
            messageFormat: "'{0}' is acquired here but not released in the finally of a try that directly follows; {1}",
            description: "A permit taken with Wait or WaitAsync must be given back whatever happens: put the guarded code in a try that directly follows the acquisition and call Release in its finally. Acquiring inside that try releases a permit that was never taken when the wait is cancelled.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            if (types.SemaphoreSlimType is null && types.AsyncGuardSemaphore is null)
            {
                return;
            }

            // IsThrottle's answer for a semaphore symbol (and the type that acquires it) reads whole type declarations: asked
            // once per compilation, not once per acquisition (a type that takes one semaphore in many members asks often).
            var throttles = new ConcurrentDictionary<(ISymbol Symbol, ISymbol? Acquirer), bool>(ThrottleKeys.Instance);
            start.RegisterSyntaxNodeAction(c => Analyze(c, types, throttles), SyntaxKind.ExpressionStatement);
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, AsyncTypes types, ConcurrentDictionary<(ISymbol Symbol, ISymbol? Acquirer), bool> throttles)
        {
            var statement = (ExpressionStatementSyntax)context.Node;
            if (!TryGetAcquisition(statement, out var invocation, out var receiver))
            {
                return;
            }

            var model = context.SemanticModel;
            var ct = context.CancellationToken;

            // The usual, correct shape first: a try right after the acquisition whose finally releases the same semaphore.
            // Every path below is silent for it, so it is answered before the acquisition's symbol and the body's walk.
            var usual = EffectiveStatement(statement);
            if (usual.Parent is BlockSyntax usualBlock && IntoBareBlock(NextStatement(usualBlock, usual)) is TryStatementSyntax { Finally: { } usualFinally }
                && HasRelease(usualFinally.Block, receiver, model, types, ct))
            {
                return;
            }

            if (!IsSemaphoreAcquire(invocation, model, types, ct))
            {
                return;
            }

            var function = EnclosingFunction.Find(statement);
            var body = LockSites.BodyOf(function);
            if (body is null || !HasRelease(body, receiver, model, types, ct))
            {
                return; // released elsewhere (a callback, another method): a hand-off this rule cannot follow
            }

            // Re-acquired in a finally: the caller held the semaphore, this method gave it back for a while.
            if (LockSites.IsInFinally(statement, body))
            {
                return;
            }

            // The acquisition as the only statement of an `if`/`else` branch (dual sync/async paths, `if (useLock)`) or of a
            // `try` whose catches leave: the statement that has to be followed by the try is the `if` / `try` around it.
            var effective = EffectiveStatement(statement);
            if (effective.Parent is BlockSyntax block)
            {
                int index = block.Statements.IndexOf(effective);
                var next = index + 1 < block.Statements.Count ? block.Statements[index + 1] : null;
                if (IntoBareBlock(next) is TryStatementSyntax { Finally: { } following } && HasRelease(following.Block, receiver, model, types, ct))
                {
                    return;
                }

                // Double-checked initialisation: early exits that release first and cannot throw, then the guarded try.
                if (next is IfStatementSyntax && EarlyReleaseExits.LeadToGuardedTry(block, index, node => IsReleaseOf(node, receiver, model, types, ct), model, ct))
                {
                    return;
                }

                // `await s.WaitAsync(); bool release = true; _waiting++; try { .. } finally { s.Release(); }`: nothing between can throw.
                if (next is LocalDeclarationStatementSyntax or ExpressionStatementSyntax or EmptyStatementSyntax
                    && NonThrowingGaps.LeadToGuardedTry(block, index, node => IsReleaseOf(node, receiver, model, types, ct), model, ct))
                {
                    return;
                }

                // `Wait(); Release();`: waits for the holder to finish, holds nothing across code that can throw.
                if (next is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax call } && IsReleaseOf(call, receiver, model, types, ct))
                {
                    return;
                }

                // `Wait(); try { .. } catch (Exception) { .. } Release();`: every exception is caught before the release.
                if (next is TryStatementSyntax { Finally: null } catching && CatchesAll(catching)
                    && index + 2 < block.Statements.Count
                    && block.Statements[index + 2] is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax afterCall }
                    && IsReleaseOf(afterCall, receiver, model, types, ct))
                {
                    return;
                }

                if (index == 0
                    && effective == statement
                    && block.Parent is TryStatementSyntax { Finally: { } enclosing } enclosingTry
                    && enclosingTry.Block == block
                    && HasRelease(enclosing.Block, receiver, model, types, ct))
                {
                    // `try { await s.WaitAsync(); acquired = true; .. } finally { if (acquired) s.Release(); }` releases only what it took.
                    if (ReleaseIsGuardedByFlag(block, enclosing.Block, receiver, model, types, ct))
                    {
                        return;
                    }

                    if (IsThrottle(receiver, body, model, types, throttles, ct))
                    {
                        return;
                    }

                    // A wait that can be neither cancelled nor time out never leaves the try without its permit.
                    if (UncancellableWaits.CannotFail(invocation, model, types, ct)
                        && !RuleOptions.GetBool(context.Options, statement.SyntaxTree, UncancellableWaits.ReportOption))
                    {
                        return;
                    }

                    Report(context, invocation, receiver, MoveShape, "move the acquisition before the try, or a cancelled wait releases a permit it never took");
                    return;
                }
            }

            // `if (force) { taken = true; s.Wait(); } else taken = s.Wait(0); if (!taken) return; lock (s) { try { .. } finally { s.Release(); } }`
            if (FlaggedAcquires.LeadToGuardedTry(statement, receiver, node => IsReleaseOf(node, receiver, model, types, ct), model, ct)
                || IsThrottle(receiver, body, model, types, throttles, ct))
            {
                return;
            }

            // `_gate.Release(); await Task.Delay(d); await _gate.WaitAsync(); return ..;`: the caller's permit, lent while
            // waiting and taken back for the caller's finally; nothing is released after it (decided only when reporting).
            if (LentPermits.NothingReleasedAfter(statement, body, node => IsReleaseOf(node, receiver, model, types, ct)))
            {
                return;
            }

            Report(context, invocation, receiver, WrapShape, "wrap the code up to the Release in try/finally");
        }

        /// <summary>
        /// The statement itself, or for a bare block (`{ .. }` written as a statement of a block) its first statement,
        /// recursively: a bare block only scopes names, so its first statement runs right after the one before the block
        /// (fifteenth pass, held-out azure-webjobs-sdk FunctionListener.StopAsync: `await s.WaitAsync(); { try { .. } finally { s.Release(); } }`).
        /// </summary>
        private static StatementSyntax? IntoBareBlock(StatementSyntax? statement)
        {
            while (statement is BlockSyntax { Parent: BlockSyntax, Statements.Count: > 0 } bare)
            {
                statement = bare.Statements[0];
            }

            return statement;
        }

        private static StatementSyntax? NextStatement(BlockSyntax block, StatementSyntax statement)
        {
            int index = block.Statements.IndexOf(statement);
            return index >= 0 && index + 1 < block.Statements.Count ? block.Statements[index + 1] : null;
        }

        private static StatementSyntax EffectiveStatement(StatementSyntax statement)
        {
            StatementSyntax current = statement;
            while (true)
            {
                var parent = current.Parent;
                if (parent is BlockSyntax { Statements.Count: 1 } single && single.Parent is IfStatementSyntax or ElseClauseSyntax or TryStatementSyntax)
                {
                    parent = single.Parent;
                    if (parent is TryStatementSyntax singleTry && (singleTry.Block != single || singleTry.Finally != null || !CatchesLeave(singleTry)))
                    {
                        return current;
                    }
                }

                switch (parent)
                {
                    case IfStatementSyntax ifStatement:
                        current = ifStatement;
                        break;
                    case ElseClauseSyntax { Parent: IfStatementSyntax owner }:
                        current = owner;
                        break;
                    case TryStatementSyntax tryStatement:
                        current = tryStatement;
                        break;
                    default:
                        return current;
                }

                // Climb an `else if` chain to its first `if`.
                while (current.Parent is ElseClauseSyntax { Parent: IfStatementSyntax outer })
                {
                    current = outer;
                }
            }
        }

        /// <summary>Every catch of the try ends by leaving (`return`, `throw`): after the try the permit is held.</summary>
        private static bool CatchesLeave(TryStatementSyntax tryStatement)
        {
            if (tryStatement.Catches.Count == 0)
            {
                return false;
            }

            foreach (var clause in tryStatement.Catches)
            {
                if (clause.Block.Statements.LastOrDefault() is not (ReturnStatementSyntax or ThrowStatementSyntax))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool CatchesAll(TryStatementSyntax tryStatement)
        {
            foreach (var clause in tryStatement.Catches)
            {
                if (clause.Filter is null
                    && (clause.Declaration is null || clause.Declaration.Type is IdentifierNameSyntax { Identifier.ValueText: "Exception" }
                        || clause.Declaration.Type is QualifiedNameSyntax { Right.Identifier.ValueText: "Exception" })
                    && !clause.Block.Statements.Any(s => s is ThrowStatementSyntax))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The statement after the acquisition sets a local to true, and every Release in the finally is under an `if` on it.</summary>
        private static bool ReleaseIsGuardedByFlag(BlockSyntax tryBlock, BlockSyntax finallyBlock, ExpressionSyntax receiver, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            if (tryBlock.Statements.Count < 2
                || tryBlock.Statements[1] is not ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: IdentifierNameSyntax flag, Right: LiteralExpressionSyntax literal } }
                || !literal.IsKind(SyntaxKind.TrueLiteralExpression))
            {
                return false;
            }

            var guarded = false;
            foreach (var node in LockSites.OwnNodes(finallyBlock))
            {
                if (node is InvocationExpressionSyntax release && IsReleaseOf(release, receiver, model, types, ct))
                {
                    var underFlag = release.Ancestors().TakeWhile(a => a != finallyBlock).OfType<IfStatementSyntax>()
                        .Any(i => i.Condition.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == flag.Identifier.ValueText));
                    if (!underFlag)
                    {
                        return false;
                    }

                    guarded = true;
                }
            }

            return guarded;
        }

        /// <summary>
        /// A semaphore used as a throttle, not as a lock: created with an initial count above one (or a count computed at run
        /// time), released by a callback inside this function, or released by another member of the type that never
        /// acquires it (a completion handler giving the permit back).
        /// </summary>
        internal static bool IsThrottle(ExpressionSyntax receiver, SyntaxNode body, SemanticModel model, AsyncTypes types,
            ConcurrentDictionary<(ISymbol Symbol, ISymbol? Acquirer), bool> throttles, CancellationToken ct) =>
            // The symbol's answer first: cached per compilation, it spares the walk of the function's body when it is yes.
            IsThrottleBySymbol(receiver, model, throttles, ct) || ReleasedInCallback(receiver, body, model, types, ct);

        /// <summary>A Release inside a lambda or local function of this function: the permit is handed to that callback.</summary>
        private static bool ReleasedInCallback(ExpressionSyntax receiver, SyntaxNode body, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            foreach (var node in body.DescendantNodes())
            {
                if (node is InvocationExpressionSyntax release && LockSites.NameOf(release) == "Release"
                    && release.Ancestors().TakeWhile(a => a != body).Any(LockSites.IsNestedFunction)
                    && IsReleaseOf(release, receiver, model, types, ct))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsThrottleBySymbol(ExpressionSyntax receiver, SemanticModel model,
            ConcurrentDictionary<(ISymbol Symbol, ISymbol? Acquirer), bool> throttles, CancellationToken ct)
        {
            var symbol = model.GetSymbolInfo(receiver, ct).Symbol;
            if (symbol is not (IFieldSymbol or IPropertySymbol or ILocalSymbol))
            {
                return false;
            }

            var acquiringType = model.GetEnclosingSymbol(receiver.SpanStart, ct)?.ContainingType;
            var key = (symbol, (ISymbol?)acquiringType);
            if (throttles.TryGetValue(key, out var known))
            {
                return known;
            }

            return throttles.GetOrAdd(key, IsThrottleSymbol(symbol, acquiringType, ct));
        }

        /// <summary>The part of <see cref="IsThrottle"/> decided by the symbol and the acquiring type alone (syntax of their declarations).</summary>
        private static bool IsThrottleSymbol(ISymbol symbol, INamedTypeSymbol? acquiringType, CancellationToken ct)
        {
            // The field may be declared in a base type: look at the types of the field and of the acquiring member.
            var types2 = new List<INamedTypeSymbol>();
            if (symbol.ContainingType is { } declaringType)
            {
                types2.Add(declaringType);
            }

            if (acquiringType is { } && !types2.Contains(acquiringType, SymbolEqualityComparer.Default))
            {
                types2.Add(acquiringType);
            }

            foreach (var count in InitialCounts(symbol, types2, ct))
            {
                if (count is not { } constant || constant > 1)
                {
                    return true;
                }
            }

            return symbol is IFieldSymbol or IPropertySymbol && ReleasedByANonAcquirer(symbol, types2, ct);
        }

        /// <summary>Keys of the per-compilation throttle answers: a semaphore symbol and the type acquiring it.</summary>
        private sealed class ThrottleKeys : IEqualityComparer<(ISymbol Symbol, ISymbol? Acquirer)>
        {
            public static readonly ThrottleKeys Instance = new ThrottleKeys();

            public bool Equals((ISymbol Symbol, ISymbol? Acquirer) x, (ISymbol Symbol, ISymbol? Acquirer) y) =>
                SymbolEqualityComparer.Default.Equals(x.Symbol, y.Symbol) && SymbolEqualityComparer.Default.Equals(x.Acquirer, y.Acquirer);

            public int GetHashCode((ISymbol Symbol, ISymbol? Acquirer) key) =>
                (SymbolEqualityComparer.Default.GetHashCode(key.Symbol) * 31) + (key.Acquirer is null ? 0 : SymbolEqualityComparer.Default.GetHashCode(key.Acquirer));
        }

        /// <summary>The first argument of every `new SemaphoreSlim(..)` that initializes or is assigned to the symbol (null when not a constant).</summary>
        private static IEnumerable<int?> InitialCounts(ISymbol symbol, List<INamedTypeSymbol> types, CancellationToken ct)
        {
            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax(ct);
                var initializer = declaration switch
                {
                    VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                    PropertyDeclarationSyntax property => property.Initializer?.Value,
                    _ => null,
                };
                if (initializer != null && CountOf(initializer) is { } initial)
                {
                    yield return initial.Value;
                }
            }

            if (symbol is ILocalSymbol)
            {
                yield break;
            }

            foreach (var typeReference in types.SelectMany(t => t.DeclaringSyntaxReferences))
            {
                foreach (var assignment in AssignmentsTo(typeReference.GetSyntax(ct), symbol.Name, ct))
                {
                    if (CountOf(assignment.Right) is { } assigned)
                    {
                        yield return assigned.Value;
                    }
                }
            }
        }

        /// <summary>
        /// The simple assignments `name = ..` / `this.name = ..` inside <paramref name="declaration"/>, in document order. Found
        /// from the name's occurrences in the declaration's text (a type of a thousand lines writes it a few times) instead of
        /// a walk of every node; where a unicode escape may spell an identifier (`\u0061`) differently, by the walk.
        /// </summary>
        private static IEnumerable<AssignmentExpressionSyntax> AssignmentsTo(SyntaxNode declaration, string name, CancellationToken ct)
        {
            var span = declaration.Span;
            var text = declaration.SyntaxTree.GetText(ct).ToString(span);
            if (name.Length == 0 || text.IndexOf("\\u", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                foreach (var node in declaration.DescendantNodes())
                {
                    if (node is AssignmentExpressionSyntax assignment && IsAssignmentTo(assignment, name))
                    {
                        yield return assignment;
                    }
                }

                yield break;
            }

            for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
            {
                // An identifier token spelled `name` or `@name` (not a longer name, a comment, a string or disabled text).
                var position = span.Start + at;
                var token = declaration.FindToken(position);
                if (!token.IsKind(SyntaxKind.IdentifierToken) || !token.Span.Contains(position) || token.ValueText != name
                    || token.Parent is not SimpleNameSyntax simple)
                {
                    continue;
                }

                var target = simple.WithThisQualifier();
                if (target.Parent is AssignmentExpressionSyntax found && found.Left == target && IsAssignmentTo(found, name))
                {
                    yield return found;
                }
            }
        }

        private static bool IsAssignmentTo(AssignmentExpressionSyntax assignment, string name) =>
            assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && NameOfTarget(assignment.Left) == name;

        private static string? NameOfTarget(ExpressionSyntax target) => target switch
        {
            IdentifierNameSyntax name => name.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var name } => name.Identifier.ValueText,
            _ => null,
        };

        /// <summary>`new SemaphoreSlim(n, ..)` / `new(n)`: a box holding n for a constant, null inside for a computed count; null when not a creation.</summary>
        private static Box? CountOf(ExpressionSyntax expression)
        {
            var arguments = expression switch
            {
                ObjectCreationExpressionSyntax creation => creation.ArgumentList,
                ImplicitObjectCreationExpressionSyntax implicitCreation => implicitCreation.ArgumentList,
                _ => null,
            };
            if (arguments is null || arguments.Arguments.Count == 0)
            {
                return null;
            }

            var first = arguments.Arguments[0];
            foreach (var argument in arguments.Arguments)
            {
                if (argument.NameColon?.Name.Identifier.ValueText == "initialCount")
                {
                    first = argument;
                }
            }

            return new Box(first.Expression is LiteralExpressionSyntax { Token.Value: int value } ? value : null);
        }

        private sealed class Box
        {
            public Box(int? value) => Value = value;

            public int? Value { get; }
        }

        /// <summary>A member of the type that calls Release on the field but never Wait/WaitAsync: it gives back permits taken elsewhere.</summary>
        private static bool ReleasedByANonAcquirer(ISymbol symbol, List<INamedTypeSymbol> types, CancellationToken ct)
        {
            foreach (var typeReference in types.SelectMany(t => t.DeclaringSyntaxReferences))
            {
                // Members of these kinds hold no member declarations: the walk does not descend into them (each is walked below).
                foreach (var member in typeReference.GetSyntax(ct).DescendantNodes(static node => !IsMemberWithBody(node)).OfType<MemberDeclarationSyntax>())
                {
                    if (!IsMemberWithBody(member))
                    {
                        continue;
                    }

                    bool releases = false, acquires = false;
                    foreach (var invocation in member.DescendantNodes().OfType<InvocationExpressionSyntax>())
                    {
                        if (LockSites.ReceiverOf(invocation) is not { } target || NameOfTarget(target) != symbol.Name)
                        {
                            continue;
                        }

                        switch (LockSites.NameOf(invocation))
                        {
                            case "Release":
                                releases = true;
                                break;
                            case "Wait" or "WaitAsync":
                                acquires = true;
                                break;
                        }
                    }

                    if (releases && !acquires)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsMemberWithBody(SyntaxNode node) =>
            node is BaseMethodDeclarationSyntax or PropertyDeclarationSyntax or EventDeclarationSyntax or IndexerDeclarationSyntax;

        private static void Report(SyntaxNodeAnalysisContext context, InvocationExpressionSyntax invocation, ExpressionSyntax receiver, string shape, string advice)
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, shape);
            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.GetLocation(), properties, receiver.WithoutTrivia().ToString(), advice));
        }

        /// <summary><c>s.Wait(..);</c>, <c>await s.WaitAsync(..);</c>, <c>await s.WaitAsync(..).ConfigureAwait(..);</c></summary>
        internal static bool TryGetAcquisition(ExpressionStatementSyntax statement, out InvocationExpressionSyntax invocation, out ExpressionSyntax receiver)
        {
            invocation = null!;
            receiver = null!;
            var expression = statement.Expression;
            bool awaited = false;
            if (expression is AwaitExpressionSyntax awaitExpression)
            {
                expression = awaitExpression.Expression;
                awaited = true;
                if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure })
                {
                    expression = configure.Expression;
                }
            }

            if (expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call)
            {
                return false;
            }

            string name = access.Name.Identifier.ValueText;
            if (!(awaited ? name == "WaitAsync" : name == "Wait"))
            {
                return false;
            }

            invocation = call;
            receiver = access.Expression;
            return true;
        }

        private static bool IsSemaphoreAcquire(InvocationExpressionSyntax invocation, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            if (model.GetSymbolInfo(invocation, ct).Symbol is not IMethodSymbol method || method.IsStatic || !types.IsReleasableSemaphore(method.ContainingType))
            {
                return false;
            }

            // The bool-returning forms (a timeout) acquire conditionally: they are not this rule's shape.
            var returnType = method.ReturnType;
            return returnType.SpecialType == SpecialType.System_Void || types.IsTask(returnType) || types.IsValueTask(returnType);
        }

        /// <summary>Whether <paramref name="scope"/> (without nested functions) calls Release on the same semaphore.</summary>
        internal static bool HasRelease(SyntaxNode scope, ExpressionSyntax receiver, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            foreach (var node in LockSites.OwnNodes(scope))
            {
                if (IsReleaseOf(node, receiver, model, types, ct))
                {
                    return true;
                }
            }

            return false;
        }

        internal static bool IsReleaseOf(SyntaxNode node, ExpressionSyntax receiver, SemanticModel model, AsyncTypes types, CancellationToken ct) =>
            node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Release" } access } release
            && model.GetSymbolInfo(release, ct).Symbol is IMethodSymbol method
            && types.IsReleasableSemaphore(method.ContainingType)
            && LockSites.SameLock(access.Expression, receiver, model, ct);
    }
}
