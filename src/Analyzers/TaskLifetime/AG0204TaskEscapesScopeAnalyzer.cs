using System.Linq;

namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0204: a Task-returning function without `async` returns a task it just started from inside using / a using
    /// declaration's scope / try-finally / lock: the scope ends, and releases its resource, before the task completes.
    /// </summary>
    public sealed class AG0204TaskEscapesScopeAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0204";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.TaskLifetimeCategory, DiagnosticSeverity.Warning, RuleTraits.None,
            title: "Task escapes a disposing scope",
            messageFormat: "This task uses '{0}', which the {1} releases as soon as the task is returned, before it completes; await the task inside the scope",
            description: "Returning a task from inside using, try/finally or lock in a method that is not async runs the Dispose, the finally block or the unlock as soon as the task is returned, not when it completes: a task that uses the released resource then works on a disposed object or outside the lock. Reported only when the task uses what the scope releases.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types) =>
            start.RegisterOperationAction(c => Analyze(c, types), OperationKind.Return);

        private static void Analyze(OperationAnalysisContext context, AsyncTypes types)
        {
            var returnOperation = (IReturnOperation)context.Operation;

            // Syntactic filter first: only `return x;` statements (an expression body has no scope around it).
            if (returnOperation.Syntax is not ReturnStatementSyntax returnStatement || returnOperation.ReturnedValue is not { } returned)
            {
                return;
            }

            var function = EnclosingFunction.Find(returnStatement);
            if (function is null || !HasScopeAround(returnStatement, function) || AsyncModifier.IsAsync(function) || !types.IsAwaitable(returned.Type)
                || returnOperation.SemanticModel is not { } model)
            {
                return;
            }

            // The task started here (a call or `new`, not one of the completed factories), or the local it was stored in.
            var value = returned;
            while (value is IConversionOperation { Conversion.IsUserDefined: false } conversion)
            {
                value = conversion.Operand;
            }

            var starts = new List<SyntaxNode>();
            if (value is IInvocationOperation or IObjectCreationOperation)
            {
                if (!IsCompletedFactory(value, types))
                {
                    starts.Add(value.Syntax);
                }
            }
            else if (value is ILocalReferenceOperation { Local: { } taskLocal })
            {
                CollectStartsOf(taskLocal, function, returnStatement, model, types, context.CancellationToken, starts);
            }

            if (starts.Count == 0)
            {
                return;
            }

            // Only a scope whose released resource the task uses (passed, captured, receiver, or a local made from it).
            foreach (var scope in ScopesAround(returnStatement, function, model, context.CancellationToken))
            {
                var resources = scope.Resources;
                if (resources.Count == 0)
                {
                    continue;
                }

                AddDerivedLocals(resources, function, returnStatement, model, context.CancellationToken);
                foreach (var start in starts)
                {
                    if (FirstUse(start, resources, model, context.CancellationToken) is { } used)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(Rule, returned.Syntax.GetLocation(), used.Name, scope.Kind));
                        return;
                    }
                }
            }
        }

        /// <summary>A scope that ends when the return runs, with the symbols it releases.</summary>
        private readonly struct Scope(string kind, HashSet<ISymbol> resources)
        {
            public string Kind { get; } = kind;

            public HashSet<ISymbol> Resources { get; } = resources;
        }

        /// <summary>Cheap syntactic test: is the return inside any scope kind this rule knows?</summary>
        private static bool HasScopeAround(ReturnStatementSyntax returnStatement, SyntaxNode function)
        {
            SyntaxNode child = returnStatement;
            for (var current = returnStatement.Parent; current != null && current != function; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case UsingStatementSyntax usingStatement when child == usingStatement.Statement:
                    case LockStatementSyntax lockStatement when child == lockStatement.Statement:
                    case TryStatementSyntax { Finally: not null } tryStatement when child == tryStatement.Block || child is CatchClauseSyntax:
                        return true;
                    case BlockSyntax block when HasUsingDeclarationBefore(block, child):
                    case SwitchSectionSyntax section when HasUsingDeclarationBefore(section.Statements, child):
                        return true;
                }
            }

            return false;
        }

        /// <summary>The scopes that end when <paramref name="returnStatement"/> runs, innermost first.</summary>
        private static IEnumerable<Scope> ScopesAround(ReturnStatementSyntax returnStatement, SyntaxNode function, SemanticModel model, CancellationToken ct)
        {
            SyntaxNode child = returnStatement;
            for (var current = returnStatement.Parent; current != null && current != function; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case UsingStatementSyntax usingStatement when child == usingStatement.Statement:
                        var usingResources = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                        if (usingStatement.Declaration is { } declaration)
                        {
                            AddDeclared(declaration, usingResources, model, ct);
                        }
                        else if (usingStatement.Expression is { } expression)
                        {
                            AddReferenced(expression, usingResources, model, ct);
                        }

                        yield return new Scope("using statement", usingResources);
                        break;
                    case LockStatementSyntax lockStatement when child == lockStatement.Statement:
                        var lockResources = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                        AddReferenced(lockStatement.Expression, lockResources, model, ct);
                        yield return new Scope("lock", lockResources);
                        break;
                    case TryStatementSyntax { Finally: { } finallyClause } tryStatement when child == tryStatement.Block || child is CatchClauseSyntax:
                        yield return new Scope("finally block", ReleasedInFinally(finallyClause.Block, returnStatement, function, model, ct));
                        break;
                    case BlockSyntax block when HasUsingDeclarationBefore(block, child):
                        yield return new Scope("using declaration's scope", UsingDeclaredBefore(block.Statements, child, model, ct));
                        break;
                    case SwitchSectionSyntax section when HasUsingDeclarationBefore(section.Statements, child):
                        yield return new Scope("using declaration's scope", UsingDeclaredBefore(section.Statements, child, model, ct));
                        break;
                }
            }
        }

        private static HashSet<ISymbol> UsingDeclaredBefore(SyntaxList<StatementSyntax> statements, SyntaxNode child, SemanticModel model, CancellationToken ct)
        {
            var resources = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var statement in statements)
            {
                if (statement == child)
                {
                    break;
                }

                if (statement is LocalDeclarationStatementSyntax local && local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword))
                {
                    AddDeclared(local.Declaration, resources, model, ct);
                }
            }

            return resources;
        }

        private static void AddDeclared(VariableDeclarationSyntax declaration, HashSet<ISymbol> resources, SemanticModel model, CancellationToken ct)
        {
            foreach (var variable in declaration.Variables)
            {
                if (model.GetDeclaredSymbol(variable, ct) is ILocalSymbol local && CanBeResource(local.Type) && !DisposesNothing(local.Type, model.Compilation))
                {
                    resources.Add(local);
                }
            }
        }

        /// <summary>The locals, parameters, fields and properties an expression names (`using (x)`, `lock (_gate)`, `using (_pool.Rent())`).</summary>
        private static void AddReferenced(ExpressionSyntax expression, HashSet<ISymbol> resources, SemanticModel model, CancellationToken ct)
        {
            foreach (var node in expression.DescendantNodesAndSelf())
            {
                if (node is IdentifierNameSyntax name && ResourceSymbol(name, model, ct) is { } symbol)
                {
                    resources.Add(symbol);
                }
            }
        }

        /// <summary>
        /// What a finally block gives back: receivers of its calls (`s.Dispose()`, `_gate.Release()`) and their arguments
        /// (`Monitor.Exit(_gate)`). A release under `if (flag)` is left out when the flag is false where the task is returned
        /// (`owned = false; return UseAsync(s);`, a return inside `if (!gotLock)`): the finally then releases nothing of it.
        /// So is one under a null test of a local that is still null on the way to the return (<see cref="NullGuardedReleases"/>).
        /// </summary>
        private static HashSet<ISymbol> ReleasedInFinally(BlockSyntax block, ReturnStatementSyntax returnStatement, SyntaxNode function, SemanticModel model, CancellationToken ct)
        {
            var resources = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var node in block.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (node is not IdentifierNameSyntax name)
                {
                    continue;
                }

                var parent = name.Parent;
                var released = parent switch
                {
                    MemberAccessExpressionSyntax access => access.Expression == name && access.Parent is InvocationExpressionSyntax,
                    ConditionalAccessExpressionSyntax conditional => conditional.Expression == name,
                    ArgumentSyntax => true,
                    _ => false,
                };

                if (released && ResourceSymbol(name, model, ct) is { } symbol && !GuardIsFalseAt(name, block, returnStatement, function)
                    && !NullGuardedReleases.SkippedAt(name, block, returnStatement, function, model, ct))
                {
                    resources.Add(symbol);
                }
            }

            return resources;
        }

        /// <summary>Whether <paramref name="node"/> stands under `if (flag)` in the finally while `flag` is false at the return.</summary>
        private static bool GuardIsFalseAt(SyntaxNode node, BlockSyntax finallyBlock, ReturnStatementSyntax returnStatement, SyntaxNode function)
        {
            for (var current = node.Parent; current != null && current != finallyBlock; current = current.Parent)
            {
                if (current is IfStatementSyntax { Condition: IdentifierNameSyntax flag } && IsFalseAt(flag.Identifier.ValueText, returnStatement, function))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsFalseAt(string flag, ReturnStatementSyntax returnStatement, SyntaxNode function)
        {
            // The return is in the then-branch of `if (!flag)` and the flag is not written between that `if` and the return.
            for (var current = returnStatement.Parent; current != null && current != function; current = current.Parent)
            {
                if (current is IfStatementSyntax { Condition: PrefixUnaryExpressionSyntax { Operand: IdentifierNameSyntax negated } not } ifStatement
                    && not.IsKind(SyntaxKind.LogicalNotExpression) && negated.Identifier.ValueText == flag
                    && ifStatement.Statement.Span.Contains(returnStatement.Span))
                {
                    return LastWriteBefore(flag, returnStatement, function, ifStatement.Statement.SpanStart) is null;
                }
            }

            // Else the last write before the return (in text order) is `false`.
            return LastWriteBefore(flag, returnStatement, function, function.SpanStart) is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.FalseLiteralExpression);
        }

        /// <summary>The value last written to <paramref name="flag"/> between <paramref name="from"/> and the return, in text order; null when none.</summary>
        private static ExpressionSyntax? LastWriteBefore(string flag, ReturnStatementSyntax returnStatement, SyntaxNode function, int from)
        {
            ExpressionSyntax? last = null;
            foreach (var node in function.DescendantNodes(n => n.SpanStart < returnStatement.SpanStart))
            {
                if (node.SpanStart < from || node.SpanStart >= returnStatement.SpanStart)
                {
                    continue;
                }

                switch (node)
                {
                    case VariableDeclaratorSyntax { Initializer.Value: { } value } declarator when declarator.Identifier.ValueText == flag:
                        last = value;
                        break;
                    case AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } assignment when target.Identifier.ValueText == flag:
                        last = assignment.Right;
                        break;
                }
            }

            return last;
        }

        private static ISymbol? ResourceSymbol(IdentifierNameSyntax name, SemanticModel model, CancellationToken ct)
        {
            var symbol = model.GetSymbolInfo(name, ct).Symbol;
            var type = symbol switch
            {
                ILocalSymbol local => local.Type,
                IParameterSymbol parameter => parameter.Type,
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };

            return type != null && CanBeResource(type) ? symbol : null;
        }

        /// <summary>A type whose Dispose, in source, has an empty body: its `using` releases nothing the task could miss.</summary>
        private static bool DisposesNothing(ITypeSymbol type, Compilation compilation)
        {
            if (compilation.GetSpecialType(SpecialType.System_IDisposable) is not { } disposable
                || disposable.GetMembers("Dispose").FirstOrDefault() is not IMethodSymbol dispose
                || type.FindImplementationForInterfaceMember(dispose) is not IMethodSymbol implementation
                || implementation.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            return implementation.DeclaringSyntaxReferences[0].GetSyntax() is MethodDeclarationSyntax { Body: { Statements.Count: 0 }, ExpressionBody: null };
        }

        /// <summary>Plain values (numbers, strings, enums) are copied, never released; AsyncFlowControl only ends flow suppression.</summary>
        private static bool CanBeResource(ITypeSymbol type) =>
            type.SpecialType == SpecialType.None && type.TypeKind != TypeKind.Enum && type.TypeKind != TypeKind.Error
            && !(type.Name == "AsyncFlowControl" && type.ContainingNamespace?.ToDisplayString() == "System.Threading");

        /// <summary>
        /// Locals made from a resource before the return (`var reader = conn.ExecuteReader();`, `var token = cts.Token;`),
        /// and collections that received a value made from one (`tasks.Add(CopyAsync(s))`): using them uses the resource.
        /// </summary>
        private static void AddDerivedLocals(HashSet<ISymbol> resources, SyntaxNode function, ReturnStatementSyntax returnStatement, SemanticModel model, CancellationToken ct)
        {
            foreach (var node in function.DescendantNodes(n => n.SpanStart < returnStatement.SpanStart))
            {
                if (node.SpanStart >= returnStatement.SpanStart)
                {
                    continue;
                }

                switch (node)
                {
                    case VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
                        when FirstUse(initializer, resources, model, ct) != null
                            && model.GetDeclaredSymbol(declarator, ct) is ILocalSymbol local && CanBeResource(local.Type):
                        resources.Add(local);
                        break;
                    case AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } assignment
                        when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && FirstUse(assignment.Right, resources, model, ct) != null
                            && model.GetSymbolInfo(target, ct).Symbol is ILocalSymbol assigned && CanBeResource(assigned.Type):
                        resources.Add(assigned);
                        break;
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver } } call
                        when FirstUse(call.ArgumentList, resources, model, ct) != null
                            && model.GetSymbolInfo(receiver, ct).Symbol is ILocalSymbol collection && CanBeResource(collection.Type):
                        resources.Add(collection);
                        break;
                }
            }
        }

        /// <summary>The values a returned task local was given before the return: calls and `new` expressions that start a task.</summary>
        private static void CollectStartsOf(ILocalSymbol local, SyntaxNode function, ReturnStatementSyntax returnStatement, SemanticModel model, AsyncTypes types, CancellationToken ct, List<SyntaxNode> starts)
        {
            foreach (var node in function.DescendantNodes(n => n.SpanStart < returnStatement.SpanStart))
            {
                ExpressionSyntax? written = node switch
                {
                    VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator when declarator.Identifier.ValueText == local.Name
                        && model.GetDeclaredSymbol(declarator, ct).Is(local) => initializer,
                    AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: var name } target } assignment when name == local.Name
                        && model.GetSymbolInfo(target, ct).Symbol.Is(local) => assignment.Right,
                    _ => null,
                };

                if (written is null || node.SpanStart >= returnStatement.SpanStart)
                {
                    continue;
                }

                var operation = model.GetOperation(written, ct);
                while (operation is IConversionOperation { Conversion.IsUserDefined: false } conversion)
                {
                    operation = conversion.Operand;
                }

                if (operation is IInvocationOperation or IObjectCreationOperation && !IsCompletedFactory(operation, types))
                {
                    starts.Add(written);
                }
            }
        }

        /// <summary>The first resource <paramref name="node"/> names, also inside lambdas it contains; null when none.</summary>
        private static ISymbol? FirstUse(SyntaxNode node, HashSet<ISymbol> resources, SemanticModel model, CancellationToken ct)
        {
            foreach (var descendant in node.DescendantNodesAndSelf())
            {
                if (descendant is IdentifierNameSyntax name && NameMatches(name.Identifier.ValueText, resources)
                    && model.GetSymbolInfo(name, ct).Symbol is { } symbol && resources.Contains(symbol))
                {
                    return symbol;
                }
            }

            return null;
        }

        private static bool NameMatches(string name, HashSet<ISymbol> resources)
        {
            foreach (var resource in resources)
            {
                if (resource.Name == name)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasUsingDeclarationBefore(BlockSyntax block, SyntaxNode child) => HasUsingDeclarationBefore(block.Statements, child);

        private static bool HasUsingDeclarationBefore(SyntaxList<StatementSyntax> statements, SyntaxNode child)
        {
            foreach (var statement in statements)
            {
                if (statement == child)
                {
                    return false;
                }

                if (statement is LocalDeclarationStatementSyntax local && local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Task.FromResult / FromException / FromCanceled / CompletedTask-like and `new ValueTask(..)` from a value.</summary>
        private static bool IsCompletedFactory(IOperation value, AsyncTypes types)
        {
            switch (value)
            {
                case IInvocationOperation { TargetMethod: { IsStatic: true } method }
                    when method.Name is "FromResult" or "FromException" or "FromCanceled" && types.IsTaskOrValueTask(method.ContainingType):
                    return true;
                case IObjectCreationOperation { Constructor: { } constructor } when types.IsValueTask(constructor.ContainingType) || types.IsValueTaskOfT(constructor.ContainingType):
                    return constructor.Parameters.Length == 0 || !types.IsTaskLike(constructor.Parameters[0].Type) && constructor.Parameters[0].Type.Name != "IValueTaskSource";
                default:
                    return false;
            }
        }
    }
}
