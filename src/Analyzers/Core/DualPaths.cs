using System.Collections.Concurrent;
using System.Linq;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>Which public API a dual sync/async implementation is running for.</summary>
    internal enum DualSide
    {
        /// <summary>Both, or not known.</summary>
        Unknown,

        /// <summary>The flag selects the synchronous path: sync APIs are called on purpose, tasks complete before they return.</summary>
        Sync,

        /// <summary>The flag selects the asynchronous path.</summary>
        Async,
    }

    /// <summary>
    /// What a sync/async selector is: a bool (which value selects async) or an enum with synchronous and asynchronous
    /// members (MySqlConnector's IOBehavior), and how to spell one side of it.
    /// </summary>
    internal sealed class DualSelector(DualSide trueSide, INamedTypeSymbol? enumType, Dictionary<long, DualSide>? enumSides, IFieldSymbol? syncMember, IFieldSymbol? asyncMember)
    {
        private readonly Dictionary<long, DualSide>? _enumSides = enumSides;

        /// <summary>For a bool selector: the side `true` selects. Unknown for an enum.</summary>
        public DualSide TrueSide { get; } = trueSide;

        /// <summary>For an enum selector: its type; null for a bool.</summary>
        public INamedTypeSymbol? EnumType { get; } = enumType;

        public IFieldSymbol? SyncMember { get; } = syncMember;

        public IFieldSymbol? AsyncMember { get; } = asyncMember;

        public static DualSelector ForBool(DualSide trueSide) => new DualSelector(trueSide, null, null, null, null);

        /// <summary>An enum with at least one synchronous and one asynchronous member (by member name), or null.</summary>
        public static DualSelector? ForEnum(INamedTypeSymbol type)
        {
            // A [Flags] enum is a set of options (TaskContinuationOptions.ExecuteSynchronously against
            // RunContinuationsAsynchronously), never a choice of one of two sides.
            foreach (var attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "FlagsAttribute", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
                {
                    return null;
                }
            }

            Dictionary<long, DualSide>? sides = null;
            IFieldSymbol? sync = null;
            IFieldSymbol? async = null;
            foreach (var member in type.GetMembers())
            {
                if (member is not IFieldSymbol { HasConstantValue: true } field || !TryToLong(field.ConstantValue, out var value))
                {
                    continue;
                }

                var side = DualPaths.MemberSide(field.Name);
                if (side == DualSide.Unknown)
                {
                    continue;
                }

                sides ??= new Dictionary<long, DualSide>();
                if (sides.TryGetValue(value, out var existing) && existing != side)
                {
                    return null;
                }

                sides[value] = side;
                if (side == DualSide.Sync)
                {
                    sync ??= field;
                }
                else
                {
                    async ??= field;
                }
            }

            return sync is null || async is null ? null : new DualSelector(DualSide.Unknown, type, sides, sync, async);
        }

        public bool IsEnum => EnumType != null;

        /// <summary>The side a constant of this selector selects; Unknown for anything else.</summary>
        public DualSide SideOf(object? constant)
        {
            if (!IsEnum)
            {
                return constant is bool b ? SideOfBool(b) : DualSide.Unknown;
            }

            return TryToLong(constant, out var value) && _enumSides!.TryGetValue(value, out var side) ? side : DualSide.Unknown;
        }

        public DualSide SideOfBool(bool value) => value ? TrueSide : Opposite(TrueSide);

        /// <summary>The side known when an enum selector is NOT <paramref name="constant"/>: the other side if every other member is on it.</summary>
        public DualSide SideOfNot(object? constant)
        {
            if (!IsEnum)
            {
                return constant is bool b ? SideOfBool(!b) : DualSide.Unknown;
            }

            if (!TryToLong(constant, out var excluded))
            {
                return DualSide.Unknown;
            }

            var result = DualSide.Unknown;
            foreach (var member in EnumType!.GetMembers())
            {
                if (member is not IFieldSymbol { HasConstantValue: true } field || !TryToLong(field.ConstantValue, out var value) || value == excluded)
                {
                    continue;
                }

                var side = _enumSides!.TryGetValue(value, out var s) ? s : DualSide.Unknown;
                if (side == DualSide.Unknown || (result != DualSide.Unknown && result != side))
                {
                    return DualSide.Unknown;
                }

                result = side;
            }

            return result;
        }

        public static DualSide Opposite(DualSide side) =>
            side == DualSide.Sync ? DualSide.Async : side == DualSide.Async ? DualSide.Sync : DualSide.Unknown;

        private static bool TryToLong(object? constant, out long value)
        {
            switch (constant)
            {
                case int i: value = i; return true;
                case long l: value = l; return true;
                case short s: value = s; return true;
                case sbyte sb: value = sb; return true;
                case byte by: value = by; return true;
                case ushort us: value = us; return true;
                case uint ui: value = ui; return true;
                case ulong ul: value = unchecked((long)ul); return true;
                default: value = 0; return false;
            }
        }
    }

    /// <summary>
    /// The "dual path" model: one private implementation serves a synchronous and an asynchronous public API, selected
    /// by a flag (a bool parameter such as `async`/`isAsync`, an enum such as IOBehavior.Synchronous/Asynchronous, or a
    /// bool property of a context object such as `IsSynchronous`). It answers which side a piece of code runs on (from
    /// the guards around it: `if`, `?:`, `&&`/`||`, switch sections and arms, code after an early exit proven by control
    /// flow) and which side a call selects (the constant passed to its selector parameter). A flag is a selector by its
    /// type and its use: a hinted name (async, isAsync, useAsync, runAsync, sync, synchronous...) on a parameter of an
    /// awaitable-returning function, or any bool whose guard picks an awaited XAsync call on one side and its twin X on
    /// the other. One instance per compilation; answers about parameters are cached.
    /// </summary>
    internal sealed class DualPaths
    {
        private static readonly string[] HintPrefixes = { "is", "use", "run", "do", "should", "be", "as", "call", "invoke", "execute" };

        private readonly AsyncTypes _types;
        // Keyed by identity: the keys are OriginalDefinitions (one object per parameter), asked for every constant argument.
        private readonly ConcurrentDictionary<IParameterSymbol, DualSelector?> _parameters =
            new ConcurrentDictionary<IParameterSymbol, DualSelector?>(ByReference<IParameterSymbol>.Instance);
        private readonly ConcurrentDictionary<ITypeSymbol, DualSelector?> _enums =
            new ConcurrentDictionary<ITypeSymbol, DualSelector?>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ITypeSymbol, IPropertySymbol?> _contextProperties =
            new ConcurrentDictionary<ITypeSymbol, IPropertySymbol?>(SymbolEqualityComparer.IncludeNullability);

        public DualPaths(AsyncTypes types) => _types = types;

        /// <summary>The side a flag's name hints `true` selects: `async`, `isAsync`, `useAsync`... Async; `sync`, `isSynchronous`... Sync.</summary>
        public static DualSide NameHint(string name)
        {
            var text = name;
            if (text.StartsWith("m_", StringComparison.Ordinal) || text.StartsWith("s_", StringComparison.Ordinal))
            {
                text = text.Substring(2);
            }

            text = text.TrimStart('_').ToLowerInvariant();
            foreach (var prefix in HintPrefixes)
            {
                if (text.Length > prefix.Length && text.StartsWith(prefix, StringComparison.Ordinal) && IsSideWord(text.Substring(prefix.Length)) != DualSide.Unknown)
                {
                    text = text.Substring(prefix.Length);
                    break;
                }
            }

            return IsSideWord(text);
        }

        private static DualSide IsSideWord(string lower) => lower switch
        {
            "async" or "asynchronous" or "asynchronously" or "asyncio" => DualSide.Async,
            "sync" or "synchronous" or "synchronously" or "syncio" => DualSide.Sync,
            _ => DualSide.Unknown,
        };

        /// <summary>The side an enum member's name stands for: Asynchronous/Async..., Synchronous/Sync...</summary>
        public static DualSide MemberSide(string name) =>
            name.IndexOf(WellKnownApis.AsyncSuffix, StringComparison.OrdinalIgnoreCase) >= 0 ? DualSide.Async
            : name.IndexOf("Sync", StringComparison.OrdinalIgnoreCase) >= 0 ? DualSide.Sync
            : DualSide.Unknown;

        /// <summary>The selector an enum type is, or null.</summary>
        public DualSelector? EnumSelector(ITypeSymbol? type) =>
            UnwrapNullable(type) is INamedTypeSymbol { TypeKind: TypeKind.Enum } named
                ? _enums.GetOrAdd(named.OriginalDefinition, t => DualSelector.ForEnum((INamedTypeSymbol)t))
                : null;

        /// <summary>T for T? (a nullable enum selector, as `IOBehavior? ioBehavior`), the type itself otherwise.</summary>
        private static ITypeSymbol? UnwrapNullable(ITypeSymbol? type) =>
            type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable
                ? nullable.TypeArguments[0]
                : type;

        /// <summary>
        /// The selector a parameter is, or null: an enum selector, or a bool with a hinted name, of a function that returns
        /// an awaitable; or (in source) any bool parameter whose guard picks an awaited XAsync call on one side and X on the other.
        /// </summary>
        public DualSelector? ParameterSelector(IParameterSymbol parameter) =>
            _parameters.GetOrAdd(parameter.OriginalDefinition, ComputeParameterSelector);

        private DualSelector? ComputeParameterSelector(IParameterSymbol parameter)
        {
            if (parameter.ContainingSymbol is not IMethodSymbol method || !ReturnsAwaitable(method) || parameter.RefKind != RefKind.None)
            {
                return null;
            }

            if (UnwrapNullable(parameter.Type)?.TypeKind == TypeKind.Enum)
            {
                return EnumSelector(parameter.Type);
            }

            if (parameter.Type.SpecialType != SpecialType.System_Boolean)
            {
                return null;
            }

            var hint = NameHint(parameter.Name);
            if (hint != DualSide.Unknown)
            {
                return DualSelector.ForBool(hint);
            }

            var twin = TwinGuardSide(parameter);
            return twin == DualSide.Unknown ? null : DualSelector.ForBool(twin);
        }

        private bool ReturnsAwaitable(IMethodSymbol method) =>
            _types.IsTaskOrValueTask(method.ReturnType) || _types.IsAwaitable(method.ReturnType);

        /// <summary>
        /// The use of an unhinted bool parameter: a guard `if (p)` / `p ? .. : ..` (or `!p`) whose one side awaits a call
        /// named XAsync and whose other side calls X. Returns the side `true` selects, or Unknown.
        /// </summary>
        private static DualSide TwinGuardSide(IParameterSymbol parameter)
        {
            foreach (var reference in parameter.ContainingSymbol.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax();
                foreach (var node in declaration.DescendantNodes())
                {
                    ExpressionSyntax? condition;
                    SyntaxNode? whenTrue;
                    SyntaxNode? whenFalse;
                    switch (node)
                    {
                        case IfStatementSyntax ifStatement:
                            condition = ifStatement.Condition;
                            whenTrue = ifStatement.Statement;
                            whenFalse = ifStatement.Else?.Statement;
                            break;
                        case ConditionalExpressionSyntax conditional:
                            condition = conditional.Condition;
                            whenTrue = conditional.WhenTrue;
                            whenFalse = conditional.WhenFalse;
                            break;
                        default:
                            continue;
                    }

                    var negated = false;
                    var test = condition;
                    while (true)
                    {
                        if (test is ParenthesizedExpressionSyntax parenthesized)
                        {
                            test = parenthesized.Expression;
                        }
                        else if (test is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not)
                        {
                            negated = !negated;
                            test = not.Operand;
                        }
                        else
                        {
                            break;
                        }
                    }

                    if (test is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != parameter.Name || whenFalse is null)
                    {
                        continue;
                    }

                    var side = TwinSide(whenTrue, whenFalse);
                    if (side != DualSide.Unknown)
                    {
                        return negated ? DualSelector.Opposite(side) : side;
                    }
                }
            }

            return DualSide.Unknown;
        }

        /// <summary>Async when <paramref name="first"/> awaits XAsync(..) and <paramref name="second"/> calls X(..); Sync for the reverse.</summary>
        private static DualSide TwinSide(SyntaxNode first, SyntaxNode second)
        {
            var firstAwaited = AwaitedAsyncNames(first);
            var secondAwaited = AwaitedAsyncNames(second);
            if (firstAwaited.Count > 0 && secondAwaited.Count == 0 && CallsTwin(second, firstAwaited))
            {
                return DualSide.Async;
            }

            if (secondAwaited.Count > 0 && firstAwaited.Count == 0 && CallsTwin(first, secondAwaited))
            {
                return DualSide.Sync;
            }

            return DualSide.Unknown;
        }

        private static HashSet<string> AwaitedAsyncNames(SyntaxNode side)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var awaitExpression in side.DescendantNodesAndSelf().OfType<AwaitExpressionSyntax>())
            {
                var expression = awaitExpression.Expression;
                if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure })
                {
                    expression = configure.Expression;
                }

                if (InvokedName(expression) is { } name && name.Length > WellKnownApis.AsyncSuffix.Length && WellKnownApis.HasAsyncSuffix(name))
                {
                    names.Add(name.Substring(0, name.Length - 5));
                }
            }

            return names;
        }

        private static bool CallsTwin(SyntaxNode side, HashSet<string> syncNames)
        {
            foreach (var invocation in side.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
            {
                if (InvokedName(invocation) is { } name && syncNames.Contains(name))
                {
                    return true;
                }
            }

            return false;
        }

        private static string? InvokedName(ExpressionSyntax expression) => expression is InvocationExpressionSyntax invocation
            ? invocation.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
                _ => null,
            }
            : null;

        /// <summary>
        /// The selector an expression reads: a selector parameter, or a bool field/property with a hinted name
        /// (`context.IsSynchronous`, `_isAsync`) or an enum-selector field/property, read inside an async-capable function.
        /// </summary>
        private DualSelector? SelectorOf(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
        {
            expression = expression.WalkDownParentheses();

            if (expression is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or MemberBindingExpressionSyntax))
            {
                return null;
            }

            switch (model.GetSymbolInfo(expression, cancellationToken).Symbol)
            {
                case IParameterSymbol parameter:
                    return ParameterSelector(parameter);
                case IPropertySymbol property:
                    return MemberSelector(property.Name, property.Type, expression, model, cancellationToken);
                case IFieldSymbol field when !field.HasConstantValue:
                    return MemberSelector(field.Name, field.Type, expression, model, cancellationToken);
                case ILocalSymbol local when !local.IsConst:
                    // `var behavior = ioBehavior ?? Default;`, `var isAsync = ...;`: a local of a selector type or hinted name.
                    return MemberSelector(local.Name, local.Type, expression, model, cancellationToken);
                default:
                    return null;
            }
        }

        private DualSelector? MemberSelector(string name, ITypeSymbol type, ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
        {
            DualSelector? selector;
            if (type.SpecialType == SpecialType.System_Boolean)
            {
                var hint = NameHint(name);
                selector = hint == DualSide.Unknown ? null : DualSelector.ForBool(hint);
            }
            else
            {
                selector = EnumSelector(type);
            }

            return selector != null && EnclosingFunction.ClassifyContaining(expression, model, _types, cancellationToken) == FunctionKind.AsyncCapable
                ? selector
                : null;
        }

        /// <summary>The side the selector is known to be on when <paramref name="condition"/> evaluates to <paramref name="outcome"/>.</summary>
        public DualSide Implied(ExpressionSyntax condition, bool outcome, SemanticModel model, CancellationToken cancellationToken)
        {
            condition = condition.WalkDownParentheses();
            switch (condition)
            {
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not:
                    return Implied(not.Operand, !outcome, model, cancellationToken);
                case BinaryExpressionSyntax binary:
                    switch (binary.Kind())
                    {
                        case SyntaxKind.LogicalAndExpression when outcome:
                        case SyntaxKind.LogicalOrExpression when !outcome:
                            var left = Implied(binary.Left, outcome, model, cancellationToken);
                            return left != DualSide.Unknown ? left : Implied(binary.Right, outcome, model, cancellationToken);
                        case SyntaxKind.IsExpression:
                            // `flag is E.Member` parses as a type test and binds as a constant pattern.
                            return Compared(binary.Left, binary.Right, outcome, model, cancellationToken);
                        case SyntaxKind.EqualsExpression:
                        case SyntaxKind.NotEqualsExpression:
                            var equal = binary.IsKind(SyntaxKind.EqualsExpression) == outcome;
                            return Compared(binary.Left, binary.Right, equal, model, cancellationToken) is var side && side != DualSide.Unknown
                                ? side
                                : Compared(binary.Right, binary.Left, equal, model, cancellationToken);
                        default:
                            return DualSide.Unknown;
                    }

                case IsPatternExpressionSyntax isPattern:
                    return Matched(isPattern.Expression, isPattern.Pattern, outcome, model, cancellationToken);
                case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                    return SelectorOf(condition, model, cancellationToken) is { IsEnum: false } selector ? selector.SideOfBool(outcome) : DualSide.Unknown;
                default:
                    return DualSide.Unknown;
            }
        }

        private DualSide Compared(ExpressionSyntax flag, ExpressionSyntax other, bool equal, SemanticModel model, CancellationToken cancellationToken)
        {
            if (SelectorOf(flag, model, cancellationToken) is not { } selector)
            {
                return DualSide.Unknown;
            }

            var constant = model.GetConstantValue(other, cancellationToken);
            if (!constant.HasValue)
            {
                return DualSide.Unknown;
            }

            return equal ? selector.SideOf(constant.Value) : selector.SideOfNot(constant.Value);
        }

        private DualSide Matched(ExpressionSyntax flag, PatternSyntax pattern, bool outcome, SemanticModel model, CancellationToken cancellationToken)
        {
            switch (pattern)
            {
                case ParenthesizedPatternSyntax parenthesized:
                    return Matched(flag, parenthesized.Pattern, outcome, model, cancellationToken);
                case UnaryPatternSyntax { RawKind: (int)SyntaxKind.NotPattern } not:
                    return Matched(flag, not.Pattern, !outcome, model, cancellationToken);
                case ConstantPatternSyntax constantPattern:
                    return Compared(flag, constantPattern.Expression, outcome, model, cancellationToken);
                default:
                    return DualSide.Unknown;
            }
        }

        /// <summary>
        /// The side the code at <paramref name="node"/> runs on, from the innermost guard on a selector around it (within its
        /// member; lambdas are looked through, local functions are not, as they may be called from either side).
        /// </summary>
        public DualSide RegionOf(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken) =>
            RegionOf(node, model, depth: 0, cancellationToken);

        private DualSide RegionOf(SyntaxNode node, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            for (SyntaxNode? child = node, parent = node.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                var side = DualSide.Unknown;
                switch (parent)
                {
                    case IfStatementSyntax ifStatement when child == ifStatement.Statement:
                        side = Implied(ifStatement.Condition, true, model, cancellationToken);
                        break;
                    case ElseClauseSyntax { Parent: IfStatementSyntax ifStatement }:
                        side = Implied(ifStatement.Condition, false, model, cancellationToken);
                        break;
                    case ConditionalExpressionSyntax conditional when child == conditional.WhenTrue:
                        side = Implied(conditional.Condition, true, model, cancellationToken);
                        break;
                    case ConditionalExpressionSyntax conditional when child == conditional.WhenFalse:
                        side = Implied(conditional.Condition, false, model, cancellationToken);
                        break;
                    case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } andExpression when child == andExpression.Right:
                        side = Implied(andExpression.Left, true, model, cancellationToken);
                        break;
                    case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalOrExpression } orExpression when child == orExpression.Right:
                        side = Implied(orExpression.Left, false, model, cancellationToken);
                        break;
                    case SwitchSectionSyntax section when child is StatementSyntax statement:
                        side = section.Parent is SwitchStatementSyntax switchStatement ? SectionSide(switchStatement.Expression, section, model, cancellationToken) : DualSide.Unknown;
                        if (side == DualSide.Unknown)
                        {
                            side = AfterEarlyExit(section.Statements, statement, model, cancellationToken);
                        }

                        break;
                    case SwitchExpressionArmSyntax arm when child == arm.Expression && arm.WhenClause is null && arm.Parent is SwitchExpressionSyntax switchExpression:
                        side = PatternSide(switchExpression.GoverningExpression, arm.Pattern, model, cancellationToken);
                        break;
                    case BlockSyntax block when child is StatementSyntax statement:
                        side = AfterEarlyExit(block.Statements, statement, model, cancellationToken);
                        break;
                    case LocalFunctionStatementSyntax localFunction:
                        return depth < 2 ? LocalFunctionSide(localFunction, model, depth + 1, cancellationToken) : DualSide.Unknown;
                    case MemberDeclarationSyntax:
                    case CompilationUnitSyntax:
                        return DualSide.Unknown;
                }

                if (side != DualSide.Unknown)
                {
                    return side;
                }
            }

            return DualSide.Unknown;
        }

        /// <summary>
        /// A local function runs on the side all its calls are on: called only from the sync side (the sync arm of
        /// `ioBehavior == IOBehavior.Asynchronous ? DoAsync() : DoSyncOverAsync()`), its body is sync-side code. Any
        /// other use (a delegate, a call on the other side or outside any guard) leaves it Unknown.
        /// </summary>
        private DualSide LocalFunctionSide(LocalFunctionStatementSyntax localFunction, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            var name = localFunction.Identifier.ValueText;
            var scope = localFunction.Parent;
            while (scope is not null and not (BlockSyntax { Parent: BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax } or ArrowExpressionClauseSyntax))
            {
                scope = scope.Parent;
            }

            var body = scope?.Parent;
            if (body is null || model.GetDeclaredSymbol(localFunction, cancellationToken) is not { } symbol)
            {
                return DualSide.Unknown;
            }

            var result = DualSide.Unknown;
            foreach (var identifier in body.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (identifier.Identifier.ValueText != name || localFunction.Span.Contains(identifier.Span)
                    || !model.GetSymbolInfo(identifier, cancellationToken).Symbol.Is(symbol))
                {
                    continue;
                }

                if (identifier.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != identifier
                    || RegionOf(invocation, model, depth, cancellationToken) is not DualSide.Sync)
                {
                    return DualSide.Unknown;
                }

                result = DualSide.Sync;
            }

            return result;
        }

        private DualSide SectionSide(ExpressionSyntax governing, SwitchSectionSyntax section, SemanticModel model, CancellationToken cancellationToken)
        {
            var result = DualSide.Unknown;
            foreach (var label in section.Labels)
            {
                var side = label switch
                {
                    CaseSwitchLabelSyntax caseLabel => Compared(governing, caseLabel.Value, true, model, cancellationToken),
                    CasePatternSwitchLabelSyntax { WhenClause: null } patternLabel => PatternSide(governing, patternLabel.Pattern, model, cancellationToken),
                    _ => DualSide.Unknown,
                };
                if (side == DualSide.Unknown || (result != DualSide.Unknown && result != side))
                {
                    return DualSide.Unknown;
                }

                result = side;
            }

            return result;
        }

        private DualSide PatternSide(ExpressionSyntax governing, PatternSyntax pattern, SemanticModel model, CancellationToken cancellationToken) =>
            pattern is ConstantPatternSyntax or UnaryPatternSyntax or ParenthesizedPatternSyntax
                ? Matched(governing, pattern, true, model, cancellationToken)
                : DualSide.Unknown;

        /// <summary>
        /// Code after `if (guard) { ...; return; }` (no else) runs only when the guard is false; after an if whose else
        /// branch cannot complete, only when it is true. Reachability comes from the control-flow analysis.
        /// </summary>
        private DualSide AfterEarlyExit(SyntaxList<StatementSyntax> statements, StatementSyntax current, SemanticModel model, CancellationToken cancellationToken)
        {
            var index = statements.IndexOf(current);
            for (var i = index - 1; i >= 0; i--)
            {
                if (statements[i] is not IfStatementSyntax ifStatement)
                {
                    continue;
                }

                // Cheap first: only a guard on a selector is worth a control-flow question.
                var whenFalse = Implied(ifStatement.Condition, false, model, cancellationToken);
                var whenTrue = whenFalse == DualSide.Unknown ? Implied(ifStatement.Condition, true, model, cancellationToken) : DualSide.Unknown;
                if (whenFalse == DualSide.Unknown && whenTrue == DualSide.Unknown)
                {
                    continue;
                }

                var thenEnds = !EndReachable(ifStatement.Statement, model);
                var elseEnds = ifStatement.Else is { } elseClause && !EndReachable(elseClause.Statement, model);
                if (thenEnds && !elseEnds)
                {
                    var side = whenFalse != DualSide.Unknown ? whenFalse : Implied(ifStatement.Condition, false, model, cancellationToken);
                    if (side != DualSide.Unknown)
                    {
                        return side;
                    }
                }
                else if (elseEnds && !thenEnds)
                {
                    var side = whenTrue != DualSide.Unknown ? whenTrue : Implied(ifStatement.Condition, true, model, cancellationToken);
                    if (side != DualSide.Unknown)
                    {
                        return side;
                    }
                }
            }

            return DualSide.Unknown;
        }

        private static bool EndReachable(StatementSyntax statement, SemanticModel model)
        {
            if (statement is BlockSyntax { Statements.Count: 0 })
            {
                return true;
            }

            try
            {
                var flow = model.AnalyzeControlFlow(statement);
                return flow is null || !flow.Succeeded || flow.EndPointIsReachable;
            }
            catch (ArgumentException)
            {
                // A statement the analysis does not accept (broken code): assume it completes.
                return true;
            }
        }

        /// <summary>
        /// The side the call behind <paramref name="awaitable"/> (looking through parentheses, ConfigureAwait and AsTask)
        /// was told to take: the constant it passes to a selector parameter. Sync means the task it returns is complete.
        /// </summary>
        public DualSide CallSide(ExpressionSyntax? awaitable, SemanticModel model, CancellationToken cancellationToken)
        {
            var expression = awaitable;
            while (true)
            {
                expression = expression?.WalkDownParentheses();
                switch (expression)
                {
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" or "AsTask" or "Preserve" } access }:
                        expression = access.Expression;
                        continue;
                }

                break;
            }

            // A local that always holds such a call's task (DualCallLocals, held-out FreeSql).
            expression = expression is IdentifierNameSyntax ? DualCallLocals.SoleCall(expression, model, cancellationToken) ?? expression : expression;

            // The operation tree only when some argument could decide (a syntax node action asking first pays for the
            // whole member's tree).
            if (expression is not InvocationExpressionSyntax invocation || !MayDecideSide(invocation, model, cancellationToken)
                || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
            {
                return DualSide.Unknown;
            }

            var side = SelectedSide(operation, out _);
            if (side != DualSide.Unknown)
            {
                return side;
            }

            // A context object made for one side (`var context = pool.Get().Initialize(isSynchronous: true); callback(context)`).
            foreach (var argument in operation.Arguments)
            {
                side = ContextArgumentSide(argument.Value, model, cancellationToken);
                if (side != DualSide.Unknown)
                {
                    return side;
                }
            }

            return DualSide.Unknown;
        }

        /// <summary>
        /// False only when <see cref="CallSide"/> is surely Unknown for <paramref name="invocation"/>: its method has no bool or
        /// enum parameter (a selector constant needs one), and no argument (nor the receiver, an extension call's first
        /// argument) is written as a local, a call or a `new` (the only values a context argument can be made by).
        /// Conservative: anything unresolved asks the operation tree.
        /// </summary>
        private static bool MayDecideSide(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
        {
            if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method
                || (method.ReducedFrom != null && MaySelect(method.ReceiverType)))
            {
                return true;
            }

            foreach (var parameter in method.Parameters)
            {
                if (MaySelect(parameter.Type))
                {
                    return true;
                }
            }

            switch (invocation.Expression)
            {
                case MemberAccessExpressionSyntax access:
                    if (MayBeMadeValue(access.Expression, model, cancellationToken) || model.GetConstantValue(access.Expression, cancellationToken).HasValue)
                    {
                        return true;
                    }

                    break;
                case SimpleNameSyntax:
                    break;
                default:
                    return true;
            }

            foreach (var argument in invocation.ArgumentList.Arguments)
            {
                if (MayBeMadeValue(argument.Expression, model, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A parameter type a selector constant can be given to: bool, an enum, T? of one, or a type not known yet.</summary>
        private static bool MaySelect(ITypeSymbol? type) =>
            type is null
            || type.SpecialType == SpecialType.System_Boolean
            || type.TypeKind is TypeKind.Enum or TypeKind.TypeParameter or TypeKind.Error or TypeKind.Dynamic
            || (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable
                && MaySelect(nullable.TypeArguments[0]));

        /// <summary>Whether an argument written as <paramref name="expression"/> may be a local, a call or a `new` under implicit conversions.</summary>
        private static bool MayBeMadeValue(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
        {
            expression = expression.WalkDownParentheses(throughSuppressions: true);
            switch (expression)
            {
                case InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax:
                    return true;
                case IdentifierNameSyntax:
                    return model.GetSymbolInfo(expression, cancellationToken).Symbol switch
                    {
                        null => true,
                        ILocalSymbol local => MayBeMadeForOneSide(local, model, cancellationToken),
                        _ => false,
                    };
                case LiteralExpressionSyntax or MemberAccessExpressionSyntax or ThisExpressionSyntax or BaseExpressionSyntax
                    or DefaultExpressionSyntax or TypeOfExpressionSyntax or AnonymousFunctionExpressionSyntax
                    or InterpolatedStringExpressionSyntax or BinaryExpressionSyntax or ElementAccessExpressionSyntax
                    or CastExpressionSyntax or AwaitExpressionSyntax or DeclarationExpressionSyntax:
                    return false;
                default:
                    return true;
            }
        }

        /// <summary>
        /// False only when <see cref="ContextArgumentSide"/> surely finds nothing for <paramref name="local"/>: no single declarator
        /// with an initializer, or one written so that no explicit argument or object initializer can give a constant (a call
        /// with no arguments on a receiver that is not a constant, a `new` with neither, a name, a literal...).
        /// </summary>
        private static bool MayBeMadeForOneSide(ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
        {
            if (local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer })
            {
                return false;
            }

            switch (initializer)
            {
                case InvocationExpressionSyntax invocation:
                    return invocation.ArgumentList.Arguments.Count > 0
                        || invocation.Expression switch
                        {
                            SimpleNameSyntax => false,
                            MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax } => false,
                            MemberAccessExpressionSyntax access => access.SyntaxTree != model.SyntaxTree || model.GetConstantValue(access.Expression, cancellationToken).HasValue,
                            _ => true,
                        };
                case BaseObjectCreationExpressionSyntax creation:
                    return creation.ArgumentList is { Arguments.Count: > 0 } || creation.Initializer != null;
                case LiteralExpressionSyntax or IdentifierNameSyntax or MemberAccessExpressionSyntax or AwaitExpressionSyntax or CastExpressionSyntax
                    or BinaryExpressionSyntax or ConditionalExpressionSyntax or SwitchExpressionSyntax or ConditionalAccessExpressionSyntax
                    or ElementAccessExpressionSyntax or AnonymousFunctionExpressionSyntax or DefaultExpressionSyntax or InterpolatedStringExpressionSyntax
                    or ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or CollectionExpressionSyntax:
                    return false;
                default:
                    return true;
            }
        }

        /// <summary>
        /// The side a context argument was made for: created (directly, or as the only value of a local) by a call or
        /// `new` that gives a hinted bool parameter or property a constant (`Initialize(isSynchronous: true)`,
        /// `new Context { IsAsync = false }`).
        /// </summary>
        private static DualSide ContextArgumentSide(IOperation value, SemanticModel model, CancellationToken cancellationToken)
        {
            while (value is IConversionOperation { IsImplicit: true } conversion)
            {
                value = conversion.Operand;
            }

            if (value is ILocalReferenceOperation { Local: { } local })
            {
                if (local.DeclaringSyntaxReferences.Length != 1
                    || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
                    || model.SyntaxTree != declarator.SyntaxTree
                    || model.GetOperation(initializer, cancellationToken) is not { } created)
                {
                    return DualSide.Unknown;
                }

                // The walk of the function for a reassignment only once the initializer made the local for one side.
                var madeFor = CreatedSide(created);
                return madeFor == DualSide.Unknown || IsReassigned(declarator, local.Name) ? DualSide.Unknown : madeFor;
            }

            return CreatedSide(value);
        }

        /// <summary>The side a call or `new` made its result for: a hinted bool parameter or property given a constant.</summary>
        private static DualSide CreatedSide(IOperation value)
        {
            switch (value)
            {
                case IInvocationOperation invocation:
                    return HintedConstantArgument(invocation.Arguments);
                case IObjectCreationOperation creation:
                    var side = HintedConstantArgument(creation.Arguments);
                    if (side == DualSide.Unknown && creation.Initializer is { } objectInitializer)
                    {
                        foreach (var initializer in objectInitializer.Initializers)
                        {
                            if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { } property }, Value.ConstantValue: { HasValue: true, Value: bool flag } }
                                && NameHint(property.Name) is var hint && hint != DualSide.Unknown)
                            {
                                return flag ? hint : DualSelector.Opposite(hint);
                            }
                        }
                    }

                    return side;
                default:
                    return DualSide.Unknown;
            }
        }

        private static DualSide HintedConstantArgument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.Explicit && argument.Parameter is { Type.SpecialType: SpecialType.System_Boolean } parameter
                    && argument.Value.ConstantValue is { HasValue: true, Value: bool flag }
                    && NameHint(parameter.Name) is var hint && hint != DualSide.Unknown)
                {
                    return flag ? hint : DualSelector.Opposite(hint);
                }
            }

            return DualSide.Unknown;
        }

        /// <summary>Whether the function around <paramref name="declarator"/> assigns the local again (then its initializer proves nothing).</summary>
        private static bool IsReassigned(VariableDeclaratorSyntax declarator, string name)
        {
            var body = declarator.FirstAncestorOrSelf<SyntaxNode>(n => n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);
            if (body is null)
            {
                return true;
            }

            foreach (var node in body.DescendantNodes())
            {
                if ((node is AssignmentExpressionSyntax { Left: IdentifierNameSyntax left } && left.Identifier.ValueText == name)
                    || (node is ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword, Expression: IdentifierNameSyntax byRef } && byRef.Identifier.ValueText == name))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The side the explicit constant arguments of <paramref name="operation"/> give its selector parameters.</summary>
        public DualSide SelectedSide(IInvocationOperation operation, out IArgumentOperation? argument)
        {
            argument = null;
            foreach (var candidate in operation.Arguments)
            {
                var side = ConstantSide(candidate);
                if (side != DualSide.Unknown)
                {
                    argument = candidate;
                    return side;
                }
            }

            return DualSide.Unknown;
        }

        /// <summary>The side an explicit constant argument selects when its parameter is a selector; Unknown otherwise.</summary>
        public DualSide ConstantSide(IArgumentOperation argument)
        {
            if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Parameter is not { } parameter)
            {
                return DualSide.Unknown;
            }

            // The constant first: most arguments have none, and it is read from the operation tree without a symbol.
            // `IOBehavior.Synchronous` given to an `IOBehavior?` parameter: the constant is under the nullable conversion.
            var value = argument.Value;
            while (!value.ConstantValue.HasValue && value is IConversionOperation { Operand: { } operand })
            {
                value = operand;
            }

            var constant = value.ConstantValue;
            if (!constant.HasValue
                || (parameter.Type.SpecialType != SpecialType.System_Boolean && UnwrapNullable(parameter.Type)?.TypeKind != TypeKind.Enum)
                || ParameterSelector(parameter) is not { } selector)
            {
                return DualSide.Unknown;
            }

            return selector.SideOf(constant.Value);
        }

        /// <summary>
        /// Whether AG0101/AG0103 leave <paramref name="wait"/> alone: it waits on a call told to run synchronously (its
        /// task is already complete), or it runs only on the sync side of a dual implementation (a deliberate sync path;
        /// AG0104 reports one there that waits on a call told to run asynchronously).
        /// </summary>
        public bool Silences(in BlockingWait wait, SemanticModel model, CancellationToken cancellationToken) =>
            CallSide(wait.Awaitable, model, cancellationToken) == DualSide.Sync
            || RegionOf(wait.Node, model, cancellationToken) == DualSide.Sync;

        /// <summary>The flag an enclosing function forwards: its own selector parameter (or an outer function's), or a hinted bool property of a parameter.</summary>
        public bool TryFindOwnFlag(IOperation operation, ISymbol containingSymbol, out OwnFlag flag)
        {
            flag = default;
            var function = EnclosingFunction.InnermostFunction(operation);
            var symbol = function is null ? containingSymbol as IMethodSymbol : EnclosingFunction.SymbolOf(function);
            var reachable = true;
            while (symbol != null)
            {
                if (reachable)
                {
                    foreach (var parameter in symbol.Parameters)
                    {
                        if (ParameterSelector(parameter) is { } selector)
                        {
                            flag = new OwnFlag(parameter, null, selector);
                            return true;
                        }
                    }

                    foreach (var parameter in symbol.Parameters)
                    {
                        if (ContextProperty(parameter) is { } property && ReadsProperty(symbol, parameter, property))
                        {
                            flag = new OwnFlag(parameter, property, DualSelector.ForBool(NameHint(property.Name)));
                            return true;
                        }
                    }
                }

                // A static lambda or local function cannot read the outer function's parameters.
                reachable &= !symbol.IsStatic || symbol.MethodKind is not (MethodKind.LocalFunction or MethodKind.AnonymousFunction);
                if (symbol.MethodKind is not (MethodKind.LocalFunction or MethodKind.AnonymousFunction))
                {
                    break;
                }

                function = function is null ? null : EnclosingFunction.InnermostFunction(function);
                symbol = function is null ? containingSymbol as IMethodSymbol : EnclosingFunction.SymbolOf(function);
            }

            return false;
        }

        /// <summary>A context property counts as the function's flag only where the function reads it (the use decides).</summary>
        private static bool ReadsProperty(IMethodSymbol function, IParameterSymbol parameter, IPropertySymbol property)
        {
            foreach (var reference in function.DeclaringSyntaxReferences)
            {
                foreach (var access in reference.GetSyntax().DescendantNodes().OfType<MemberAccessExpressionSyntax>())
                {
                    if (access.Name.Identifier.ValueText == property.Name
                        && access.Expression is IdentifierNameSyntax receiver && receiver.Identifier.ValueText == parameter.Name)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>A bool property with a hinted name (IsSynchronous, IsAsync) of a parameter of an awaitable-returning function.</summary>
        private IPropertySymbol? ContextProperty(IParameterSymbol parameter)
        {
            if (parameter.ContainingSymbol is not IMethodSymbol method || !ReturnsAwaitable(method)
                || parameter.Type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct or TypeKind.Interface } type
                || type.SpecialType != SpecialType.None)
            {
                return null;
            }

            // Once per type and compilation: the walk builds every member of the type (HttpClient, Stream...).
            return _contextProperties.GetOrAdd(type, ComputeContextProperty);
        }

        private static IPropertySymbol? ComputeContextProperty(ITypeSymbol type)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IPropertySymbol { IsStatic: false, Parameters.Length: 0, GetMethod: not null, Type.SpecialType: SpecialType.System_Boolean } property
                    && NameHint(property.Name) != DualSide.Unknown)
                {
                    return property;
                }
            }

            return null;
        }
    }

    /// <summary>The flag of a dual implementation: a selector parameter, or a hinted bool property of a parameter.</summary>
    internal readonly struct OwnFlag(IParameterSymbol parameter, IPropertySymbol? property, DualSelector selector)
    {
        public IParameterSymbol Parameter { get; } = parameter;

        public IPropertySymbol? Property { get; } = property;

        public DualSelector Selector { get; } = selector;

        public string Display => Escape(Parameter.Name) + (Property is null ? string.Empty : "." + Property.Name);

        /// <summary>
        /// The expression that gives <paramref name="target"/> the same side as this flag, at <paramref name="position"/>;
        /// null when it cannot be spelled there (the name is shadowed, or the kinds do not convert).
        /// </summary>
        public string? ForwardTo(DualSelector target, ITypeSymbol targetType, SemanticModel model, int position)
        {
            if (Property is null && Selector.IsEnum && target.EnumType.Is(Selector.EnumType)
                && Parameter.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T
                && targetType.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T)
            {
                // `IOBehavior? ioBehavior` does not convert to `IOBehavior`.
                return null;
            }

            var lookup = model.LookupSymbols(position, name: Parameter.Name);
            if (lookup.Length != 1 || !lookup[0].OriginalDefinition.Is(Parameter.OriginalDefinition))
            {
                return null;
            }

            var flag = Display;
            if (!Selector.IsEnum)
            {
                var isAsync = Selector.TrueSide == DualSide.Async ? flag : "!" + flag;
                var isSync = Selector.TrueSide == DualSide.Sync ? flag : "!" + flag;
                if (!target.IsEnum)
                {
                    return target.TrueSide == DualSide.Async ? isAsync : isSync;
                }

                return flag + " ? " + Member(Selector.TrueSide == DualSide.Async ? target.AsyncMember! : target.SyncMember!, model, position)
                    + " : " + Member(Selector.TrueSide == DualSide.Async ? target.SyncMember! : target.AsyncMember!, model, position);
            }

            if (target.IsEnum)
            {
                return target.EnumType.Is(Selector.EnumType)
                    ? flag
                    : flag + " == " + Member(Selector.AsyncMember!, model, position) + " ? " + Member(target.AsyncMember!, model, position) + " : " + Member(target.SyncMember!, model, position);
            }

            return flag + " == " + Member(target.TrueSide == DualSide.Async ? Selector.AsyncMember! : Selector.SyncMember!, model, position);
        }

        private static string Member(IFieldSymbol member, SemanticModel model, int position) =>
            member.ContainingType.ToMinimalDisplayString(model, position) + "." + Escape(member.Name);

        private static string Escape(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
    }
}
