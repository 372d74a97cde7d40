namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0103 (issue 16, deb7): whether a wait on synchronous work of the current scheduler (<c>Task.Factory.StartNew</c>,
    /// <c>ContinueWith</c>, <c>ContinueWhenAll/Any</c> without a scheduler; see <see cref="Provenance.CurrentScheduler"/>) is
    /// treated as a wait on pool work. <c>TaskScheduler.Current</c> is another scheduler than the pool only while a task runs
    /// that was started on one: await continuations on a synchronization context (UI, classic ASP.NET) run with the default
    /// scheduler current, so the sync-context deadlock AG0103 is about cannot happen on a task graph without await. What the
    /// compilation itself can tell is whether it runs the waiting function as such a task: the wait is inside a lambda,
    /// anonymous method, local function or method that its own code hands to a factory, <c>ContinueWith</c> or task
    /// constructor with a scheduler other than <c>TaskScheduler.Default</c> (or to a <c>TaskFactory</c> of its own, or to
    /// <c>new Task(..)</c>, started later on any scheduler), or inside a <c>TaskScheduler</c> subclass. Then it stays reported.
    /// Callers of other assemblies, and functions reached only through calls from such a delegate, are not followed: the
    /// option <c>dotnet_diagnostic.AG0103.assume_default_scheduler</c> decides explicitly (<c>false</c> reports every such
    /// wait, <c>true</c> silences every one). Asked only for a wait about to be reported.
    /// </summary>
    internal static class CurrentSchedulerWaits
    {
        /// <summary>Whether the current-scheduler work <paramref name="wait"/> blocks on counts as pool work here.</summary>
        public static bool AssumedPool(in BlockingWait wait, SemanticModel model, AsyncTypes types, AnalyzerOptions options, SyntaxTree tree, CancellationToken ct)
        {
            var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
            if (config.TryGetValue(TaskProvenance.AssumeDefaultSchedulerOption, out var value) && value is not null)
            {
                // Set explicitly: `true` silences every such wait, anything else (`false`, a typo) reports it.
                return RuleOptions.GetBool(config, TaskProvenance.AssumeDefaultSchedulerOption);
            }

            return !MayRunOnChosenScheduler(wait.Node, model, types, ct);
        }

        /// <summary>Whether a function around <paramref name="node"/> is run by this compilation on a scheduler it chose.</summary>
        private static bool MayRunOnChosenScheduler(SyntaxNode node, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case AnonymousFunctionExpressionSyntax function:
                        if (IsScheduledDelegate(function, model, types, ct))
                        {
                            return true;
                        }

                        break;
                    case LocalFunctionStatementSyntax local:
                        if (model.GetDeclaredSymbol(local, ct) is IMethodSymbol localSymbol
                            && local.Parent?.FirstAncestorOrSelf<SyntaxNode>(n => n is MemberDeclarationSyntax) is { } owner
                            && IsScheduledMethodGroup(localSymbol, owner, model, types, ct))
                        {
                            return true;
                        }

                        break;
                    case BaseMethodDeclarationSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax or EventDeclarationSyntax:
                        if (model.GetDeclaredSymbol(current, ct) is { ContainingType: { } type } member)
                        {
                            if (DerivesFromScheduler(type, types))
                            {
                                return true;
                            }

                            if (member is IMethodSymbol method)
                            {
                                foreach (var declaration in type.DeclaringSyntaxReferences)
                                {
                                    var root = declaration.GetSyntax(ct);
                                    if (root.SyntaxTree == model.SyntaxTree && IsScheduledMethodGroup(method, root, model, types, ct))
                                    {
                                        return true;
                                    }
                                }
                            }
                        }

                        return false;
                    case TypeDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }

        private static bool DerivesFromScheduler(INamedTypeSymbol type, AsyncTypes types)
        {
            for (var t = type; t != null; t = t.ContainingType)
            {
                for (var b = t.BaseType; b != null; b = b.BaseType)
                {
                    if (b.Is(types.TaskScheduler))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>A use of <paramref name="method"/> as a method group (not a call) under <paramref name="scope"/> that is scheduled.</summary>
        private static bool IsScheduledMethodGroup(IMethodSymbol method, SyntaxNode scope, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            foreach (var use in MethodGroups.Uses(method, scope, model, candidates: true, ct))
            {
                if (IsScheduledDelegate(use, model, types, ct))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The delegate <paramref name="expression"/> (through parentheses, casts and <c>new Action(..)</c>) is an argument of a
        /// call or creation that runs it on a scheduler other than the pool, or may: a scheduler argument other than
        /// <c>TaskScheduler.Default</c>, a <c>TaskFactory</c> other than <c>Task.Factory</c>, a <c>Task</c> constructor.
        /// </summary>
        private static bool IsScheduledDelegate(ExpressionSyntax expression, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            SyntaxNode current = expression;
            while (current.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax
                || (current.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: ObjectCreationExpressionSyntax wrap } }
                    && model.GetTypeInfo(wrap, ct).Type is INamedTypeSymbol { TypeKind: TypeKind.Delegate }))
            {
                current = current.Parent is ArgumentSyntax argument ? argument.Parent!.Parent! : current.Parent;
            }

            if (current.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: { } call } }
                || model.GetOperation(call, ct) is not { } operation)
            {
                return false;
            }

            ImmutableArray<IArgumentOperation> arguments;
            switch (operation)
            {
                case IInvocationOperation invocation:
                    arguments = invocation.Arguments;
                    var type = invocation.TargetMethod.ContainingType;
                    if (types.IsTaskFactory(type) && invocation.Instance is { } factory && !IsSharedFactory(factory, types))
                    {
                        return true;
                    }

                    break;
                case IObjectCreationOperation creation:
                    arguments = creation.Arguments;
                    if (creation.Type is INamedTypeSymbol created
                        && (created.Is(types.Task) || created.OriginalDefinition.Is(types.TaskOfT)))
                    {
                        return true;
                    }

                    break;
                default:
                    return false;
            }

            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Type.Is(types.TaskScheduler) == true && !IsDefaultScheduler(argument.Value, types))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsDefaultScheduler(IOperation value, AsyncTypes types) =>
            Invocations.WithoutImplicitConversions(value) is IPropertyReferenceOperation { Property: { Name: "Default", IsStatic: true } scheduler }
            && scheduler.ContainingType.Is(types.TaskScheduler);

        private static bool IsSharedFactory(IOperation instance, AsyncTypes types) =>
            Invocations.WithoutImplicitConversions(instance) is IPropertyReferenceOperation { Property: { Name: "Factory", IsStatic: true } factory }
            && (factory.ContainingType.Is(types.Task) || factory.ContainingType.OriginalDefinition.Is(types.TaskOfT));
    }
}
