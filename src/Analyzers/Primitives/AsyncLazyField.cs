namespace AsyncGuard.Analyzers.Primitives
{
    /// <summary>
    /// AG0404's recognition, shared with its fix: a private field that is an async lazy value written by hand, either a
    /// <c>Lazy&lt;Task&lt;T&gt;&gt;</c> or a <c>Task&lt;T&gt;</c> field started on first use (<c>f ??= LoadAsync()</c>,
    /// <c>if (f == null) f = LoadAsync();</c>, double-checked under a lock). Also works out whether every use is understood
    /// well enough for the fix to rewrite the field into the runtime's <c>AsyncLazy&lt;T&gt;</c>.
    /// </summary>
    internal sealed class AsyncLazyField(IFieldSymbol field, FieldDeclarationSyntax declaration, bool isLazy)
    {
        public IFieldSymbol Field { get; } = field;

        public FieldDeclarationSyntax Declaration { get; } = declaration;

        /// <summary>A <c>Lazy&lt;Task&lt;T&gt;&gt;</c> field; otherwise a hand-started <c>Task&lt;T&gt;</c> field.</summary>
        public bool IsLazy { get; } = isLazy;

        /// <summary>Whether every use is understood: the fix rewrites the field only then.</summary>
        public bool Fixable { get; private set; } = true;

        /// <summary>The syntax of T in the field's type, when it is spelled <c>Lazy&lt;Task&lt;T&gt;&gt;</c> / <c>Task&lt;T&gt;</c>.</summary>
        public TypeSyntax? ValueType { get; private set; }

        /// <summary>
        /// Reads to rewrite: <see cref="Use.Node"/> becomes the field access followed by <see cref="Use.Member"/> (null: the
        /// access alone, where it is awaited).
        /// </summary>
        public List<Use> Uses { get; } = new List<Use>();

        /// <summary>Lazy field: the factory argument of each creation assigned to it (the initializer or a constructor's assignment).</summary>
        public List<(ExpressionSyntax Creation, ExpressionSyntax Factory)> Creations { get; } = new List<(ExpressionSyntax, ExpressionSyntax)>();

        /// <summary>Hand-started field: the call that starts the work (the same at every initialisation).</summary>
        public ExpressionSyntax? Factory { get; private set; }

        /// <summary>Hand-started field: whether the factory reads instance members (it then cannot move into a field initializer).</summary>
        public bool FactoryUsesInstance { get; private set; }

        /// <summary>Hand-started field: the initialisation statements the fix removes.</summary>
        public List<StatementSyntax> Initializations { get; } = new List<StatementSyntax>();

        /// <summary>One read of the field to rewrite.</summary>
        public readonly struct Use(ExpressionSyntax node, ExpressionSyntax access, string? member)
        {
            public ExpressionSyntax Node { get; } = node;

            public ExpressionSyntax Access { get; } = access;

            public string? Member { get; } = member;
        }

        /// <summary>Cheap syntactic filter: the declared type is spelled <c>..Lazy&lt;..&gt;</c> or <c>..Task&lt;..&gt;[?]</c>.</summary>
        public static bool MayBeCandidate(FieldDeclarationSyntax declaration) => RightmostGeneric(declaration.Declaration.Type) is { Identifier.ValueText: "Lazy" or "Task" };

        private static GenericNameSyntax? RightmostGeneric(TypeSyntax type) => type switch
        {
            NullableTypeSyntax nullable => RightmostGeneric(nullable.ElementType),
            QualifiedNameSyntax qualified => qualified.Right as GenericNameSyntax,
            AliasQualifiedNameSyntax alias => alias.Name as GenericNameSyntax,
            GenericNameSyntax generic => generic,
            _ => null,
        };

        /// <summary>The async lazy field a declarator declares; null when it is not one (or its shape is not sure).</summary>
        public static AsyncLazyField? Find(VariableDeclaratorSyntax declarator, SemanticModel model, AsyncTypes types, CancellationToken ct)
        {
            if (declarator.Parent?.Parent is not FieldDeclarationSyntax declaration || !MayBeCandidate(declaration)
                || PrivateFields.Declared(declarator, model, ct) is not { Type: INamedTypeSymbol { TypeArguments.Length: 1 } type } field)
            {
                return null;
            }

            bool isLazy = type.OriginalDefinition.Is(types.LazyOfT) && types.IsTaskOfT(type.TypeArguments[0]);
            if (!isLazy && !(types.IsTaskOfT(type) && !field.IsReadOnly && declarator.Initializer?.Value is null or LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression }))
            {
                return null;
            }

            var references = PrivateFields.References(field, declarator.SyntaxTree, model, ct);
            if (references is null)
            {
                return null;
            }

            var result = new AsyncLazyField(field, declaration, isLazy);
            var taskType = RightmostGeneric(declaration.Declaration.Type);
            result.ValueType = isLazy ? RightmostGeneric(taskType?.TypeArgumentList.Arguments[0] ?? declaration.Declaration.Type)?.TypeArgumentList.Arguments[0] : taskType?.TypeArgumentList.Arguments[0];
            result.Fixable = result.ValueType != null;
            if (isLazy)
            {
                if (declarator.Initializer?.Value is { } initial)
                {
                    result.AddCreation(initial, model, ct);
                }

                foreach (var name in references)
                {
                    result.AddLazyUse(name, model, ct);
                }

                return result;
            }

            return result.AddTaskUses(references, model, ct) ? result : null;
        }

        // ---- Lazy<Task<T>> --------------------------------------------------------------------------------------------

        private void AddLazyUse(IdentifierNameSyntax name, SemanticModel model, CancellationToken ct)
        {
            var access = PrivateFields.AccessOf(name, Field, model, ct);
            var outer = access?.WalkUpParentheses();
            switch (outer?.Parent)
            {
                case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Parent: ExpressionStatementSyntax or ArrowExpressionClauseSyntax } assignment
                    when assignment.Left == outer && EnclosingFunction.Find(assignment) is ConstructorDeclarationSyntax:
                    AddCreation(assignment.Right, model, ct);
                    return;
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: var member } read when read.Expression == outer && access != null:
                    if (member == "Value")
                    {
                        Uses.Add(new Use(read, access, read.WalkUpParentheses().Parent is AwaitExpressionSyntax ? null : "Task"));
                        return;
                    }

                    if (member == "IsValueCreated")
                    {
                        Uses.Add(new Use(read, access, "IsStarted"));
                        return;
                    }

                    break;
            }

            Fixable = false;
        }

        /// <summary><c>new Lazy&lt;Task&lt;T&gt;&gt;(factory)</c>, also with <c>true</c> or <c>LazyThreadSafetyMode.ExecutionAndPublication</c> (what AsyncLazy does).</summary>
        private void AddCreation(ExpressionSyntax creation, SemanticModel model, CancellationToken ct)
        {
            if (creation is BaseObjectCreationExpressionSyntax { Initializer: null, ArgumentList.Arguments: { Count: 1 or 2 } arguments }
                && model.GetOperation(creation, ct) is IObjectCreationOperation { Constructor.Parameters: { Length: 1 or 2 } parameters } operation
                && parameters[0].Type is INamedTypeSymbol { DelegateInvokeMethod.Parameters.IsEmpty: true }
                && arguments[0].NameColon is null
                && (parameters.Length == 1 || operation.Arguments[1].Value.ConstantValue is { HasValue: true, Value: true or 2 }))
            {
                Creations.Add((creation, arguments[0].Expression));
                return;
            }

            Fixable = false;
        }

        // ---- Task<T> started on first use -----------------------------------------------------------------------------

        /// <summary>Classifies every reference; false when some write is not a lazy initialisation (not this rule's shape).</summary>
        private bool AddTaskUses(List<IdentifierNameSyntax> references, SemanticModel model, CancellationToken ct)
        {
            var covered = new HashSet<IdentifierNameSyntax>();
            var reads = new List<(IdentifierNameSyntax Name, ExpressionSyntax Access)>();
            var starts = new List<SyntaxNode>();
            foreach (var name in references)
            {
                if (covered.Contains(name))
                {
                    continue;
                }

                if (PrivateFields.AccessOf(name, Field, model, ct) is not { } access)
                {
                    return false;
                }

                var outer = access.WalkUpParentheses();
                if (outer.Parent is AssignmentExpressionSyntax assignment && assignment.Left == outer)
                {
                    if (!SameFactory(assignment.Right, model, ct))
                    {
                        return false;
                    }

                    if (assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression))
                    {
                        starts.Add(assignment);
                        if (assignment.Parent is ExpressionStatementSyntax statement)
                        {
                            AddInitialization(statement);
                        }
                        else
                        {
                            Uses.Add(new Use(assignment, access, assignment.WalkUpParentheses().Parent is AwaitExpressionSyntax ? null : "Task"));
                        }

                        continue;
                    }

                    if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || assignment.Parent is not ExpressionStatementSyntax start
                        || GuardedStart(start, access, covered, model, ct) is not { } guarded)
                    {
                        return false; // assigned without a null check, reset, or another shape: not a lazy value
                    }

                    starts.Add(guarded);
                    AddInitialization(guarded);
                    continue;
                }

                if (outer.Parent is ArgumentSyntax argument && (argument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword) || argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword)
                    || argument.Parent is TupleExpressionSyntax))
                {
                    return false; // written through `ref` (Interlocked.Exchange(ref f, null)), `out` or a deconstruction: not only started
                }

                reads.Add((name, access));
            }

            if (starts.Count == 0)
            {
                return false;
            }

            foreach (var (name, access) in reads)
            {
                if (covered.Contains(name))
                {
                    continue;
                }

                AddTaskRead(access, starts);
            }

            return true;
        }

        /// <summary>Every initialisation starts the same call, which depends on no local or parameter of its function.</summary>
        private bool SameFactory(ExpressionSyntax value, SemanticModel model, CancellationToken ct)
        {
            value = value.WalkDownParentheses();
            if (Factory != null)
            {
                return SyntaxFactory.AreEquivalent(Factory, value);
            }

            if (value is not InvocationExpressionSyntax)
            {
                return false; // `f ??= other.Task` caches a task someone else owns
            }

            foreach (var node in value.DescendantNodesAndSelf())
            {
                if (node is ThisExpressionSyntax or BaseExpressionSyntax)
                {
                    FactoryUsesInstance = true;
                }
                else if (node is SimpleNameSyntax name && model.GetSymbolInfo(name, ct).Symbol is { } symbol)
                {
                    if (symbol is ILocalSymbol or IParameterSymbol && !IsDeclaredWithin(symbol, value))
                    {
                        return false; // the first caller's argument would win: not one lazy value
                    }

                    FactoryUsesInstance |= symbol is IFieldSymbol or IPropertySymbol or IMethodSymbol or IEventSymbol && !symbol.IsStatic
                        && !(name.Parent is MemberAccessExpressionSyntax access && access.Name == name && access.Expression is not (ThisExpressionSyntax or BaseExpressionSyntax))
                        && !(name.Parent is MemberBindingExpressionSyntax);
                }
            }

            Factory = value;
            return true;
        }

        private static bool IsDeclaredWithin(ISymbol symbol, SyntaxNode scope)
        {
            foreach (var location in symbol.Locations)
            {
                if (location.SourceTree == scope.SyntaxTree && scope.Span.Contains(location.SourceSpan))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>if (f == null) f = X;</c>, with braces, nested in further null checks and <c>lock</c> statements (double-checked):
        /// the outermost statement of that chain; its null checks are marked covered. Null when the assignment is not guarded.
        /// </summary>
        private StatementSyntax? GuardedStart(ExpressionStatementSyntax start, ExpressionSyntax access, HashSet<IdentifierNameSyntax> covered, SemanticModel model, CancellationToken ct)
        {
            StatementSyntax current = start;
            StatementSyntax? guarded = null;
            while (true)
            {
                var parent = current.Parent is BlockSyntax { Statements.Count: 1 } block ? block.Parent : current.Parent;
                if (parent is IfStatementSyntax { Else: null } check && NullCheckedName(check.Condition, model, ct) is { } checkedName)
                {
                    covered.Add(checkedName);
                    guarded = check;
                    current = check;
                }
                else if (parent is LockStatementSyntax lockStatement && guarded != null)
                {
                    current = lockStatement;
                }
                else
                {
                    return guarded is null ? null : current;
                }
            }
        }

        /// <summary>The field's name in <c>f == null</c>, <c>null == f</c> or <c>f is null</c>.</summary>
        private IdentifierNameSyntax? NullCheckedName(ExpressionSyntax condition, SemanticModel model, CancellationToken ct)
        {
            var tested = condition.WalkDownParentheses() switch
            {
                BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression, Right: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression } } b => b.Left,
                BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression, Left: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression } } b => b.Right,
                IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression } } } p => p.Expression,
                _ => null,
            };
            var name = tested?.WalkDownParentheses() switch
            {
                IdentifierNameSyntax n => n,
                MemberAccessExpressionSyntax { Name: IdentifierNameSyntax n } => n,
                _ => null,
            };
            return name != null && Field.Is(model.GetSymbolInfo(name, ct).Symbol?.OriginalDefinition) && PrivateFields.AccessOf(name, Field, model, ct) != null ? name : null;
        }

        /// <summary>A statement that starts the work: removable when it sits at the top level of its function's block body.</summary>
        private void AddInitialization(StatementSyntax statement)
        {
            if (statement.Parent is BlockSyntax block && EnclosingFunction.Find(statement) is { } function && LockSites.BodyOf(function) == block)
            {
                Initializations.Add(statement);
            }
            else
            {
                Fixable = false; // started on one branch only: reading the lazy value elsewhere would start it earlier
            }
        }

        /// <summary>
        /// A read of the task: rewritable (to <c>f.Task</c>, or <c>f</c> where awaited) when an initialisation of the same
        /// function comes before it, so the field could not have been null there; comparisons and null-conditional reads are not.
        /// </summary>
        private void AddTaskRead(ExpressionSyntax access, List<SyntaxNode> starts)
        {
            ExpressionSyntax node = access.WalkUpParentheses();
            if (node.Parent is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed)
            {
                node = suppressed.WalkUpParentheses();
            }

            var function = EnclosingFunction.Find(node);
            bool initialized = false;
            foreach (var start in starts)
            {
                initialized |= start.Span.End <= node.SpanStart && EnclosingFunction.Find(start) == function && function != null;
            }

            if (!initialized || node.Parent is BinaryExpressionSyntax or IsPatternExpressionSyntax or ConditionalAccessExpressionSyntax or ArgumentSyntax { RefKindKeyword.RawKind: not 0 })
            {
                Fixable = false;
                return;
            }

            if (node.Parent is AwaitExpressionSyntax)
            {
                if (node != access)
                {
                    Uses.Add(new Use(node, access, null));
                }

                return;
            }

            Uses.Add(new Use(node, access, "Task"));
        }
    }
}
