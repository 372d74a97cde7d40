namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0103's one-time initialisation (issue 16, sixteenth pass): a wait reached only while a private field of the
    /// function's own type still holds its initial value, in the branch that sets it for good —
    /// <c>if (!_initialized) { lock (_gate) { if (!_initialized) { Load(LoadAsync().GetAwaiter().GetResult()); _initialized = true; } } }</c>,
    /// <c>if (_id == null) { _id = _provider.GetIdAsync().Result; }</c>. The wait runs once in the life of the object (or of
    /// the process, for a static field), on the first sync call, typically at start-up: a deliberate sync boundary rather than
    /// a blocked thread on every call. Decided on symbols: the field is private, not readonly, of the function's own type,
    /// starts as <c>false</c> / <c>null</c>, and every write of it in that type sets <c>true</c> / a value that is not null
    /// inside a branch guarded the same way (so nothing ever resets it). Still reported: a field reset anywhere (a reconnect
    /// path, <c>_initialized = false</c>), passed by <c>ref</c>, visible outside its type, a guard that is a local or a
    /// disjunction, a branch that does not set the field. Asked only when a wait is about to be reported.
    /// </summary>
    internal static class OneTimeInitializations
    {
        /// <summary>The .editorconfig key that reports these waits anyway.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0103.report_one_time_initialization";

        public static bool Reported(AnalyzerOptions options, SyntaxTree tree) => RuleOptions.GetBool(options, tree, ReportOption);

        /// <summary>Whether <paramref name="wait"/> sits in a branch that runs once: see the type's summary.</summary>
        public static bool RunsOnce(in BlockingWait wait, SyntaxNode? function, SemanticModel model, CancellationToken cancellationToken)
        {
            if (function is null)
            {
                return false;
            }

            SyntaxNode child = wait.Node;
            for (var node = child.Parent; node != null && node != function; child = node, node = node.Parent)
            {
                // A lambda or local function between the wait and the guard may run at any time.
                if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                {
                    return false;
                }

                if (node is IfStatementSyntax guard && guard.Statement == child
                    && NotYetTested(guard.Condition, out var tested, out var isFlag)
                    && model.GetSymbolInfo(tested, cancellationToken).Symbol is IFieldSymbol field
                    && IsOwnPrivateField(field, function, model, cancellationToken)
                    && (isFlag ? field.Type.SpecialType == SpecialType.System_Boolean : CanBeNull(field.Type))
                    && SetsInside(guard.Statement, field, isFlag, model, cancellationToken)
                    && NeverReset(field, isFlag, model, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>`!F`, `F == false`, `F is false` (a flag), `F == null`, `F is null` (a value), with F a name or `this.F` / `Type.F`.</summary>
        private static bool NotYetTested(ExpressionSyntax condition, out ExpressionSyntax tested, out bool isFlag)
        {
            tested = null!;
            isFlag = false;
            while (condition is ParenthesizedExpressionSyntax parenthesized)
            {
                condition = parenthesized.Expression;
            }

            switch (condition)
            {
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression, Operand: var operand }:
                    isFlag = true;
                    return IsFieldName(operand, out tested);
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression } equals:
                    var (name, other) = IsInitialLiteral(equals.Right, out _) ? (equals.Left, equals.Right) : (equals.Right, equals.Left);
                    return IsInitialLiteral(other, out isFlag) && IsFieldName(name, out tested);
                case IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: var constant } } pattern:
                    return IsInitialLiteral(constant, out isFlag) && IsFieldName(pattern.Expression, out tested);
                default:
                    return false;
            }
        }

        /// <summary>`false` (a flag's initial value) or `null`.</summary>
        private static bool IsInitialLiteral(ExpressionSyntax expression, out bool isFlag)
        {
            isFlag = expression.IsKind(SyntaxKind.FalseLiteralExpression);
            return isFlag || expression.IsKind(SyntaxKind.NullLiteralExpression);
        }

        private static bool IsFieldName(ExpressionSyntax expression, out ExpressionSyntax name)
        {
            name = expression;
            return expression is IdentifierNameSyntax
                || expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax, Name: IdentifierNameSyntax };
        }

        private static bool CanBeNull(ITypeSymbol type) =>
            type.IsReferenceType || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;

        /// <summary>A private, non-readonly field of the type that declares the function, with no initializer or its initial value.</summary>
        private static bool IsOwnPrivateField(IFieldSymbol field, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            if (field.IsConst || field.IsReadOnly || field.IsImplicitlyDeclared || field.DeclaredAccessibility != Accessibility.Private
                || function.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaringType
                || !field.ContainingType.Is(model.GetDeclaredSymbol(declaringType, cancellationToken)))
            {
                return false;
            }

            foreach (var reference in field.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initial }
                    && !(IsInitialLiteral(initial, out _) || initial.IsKind(SyntaxKind.DefaultLiteralExpression)))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The guarded branch assigns the field its final value (`true`, or a value that is not a null literal).</summary>
        private static bool SetsInside(StatementSyntax branch, IFieldSymbol field, bool isFlag, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var node in branch.DescendantNodes())
            {
                if (node is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
                    && IsFieldName(assignment.Left, out _)
                    && NameOf(assignment.Left) == field.Name
                    && IsFinalValue(assignment.Right, isFlag)
                    && model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol.Is(field))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsFinalValue(ExpressionSyntax value, bool isFlag) => isFlag
            ? value.IsKind(SyntaxKind.TrueLiteralExpression)
            : !(value.IsKind(SyntaxKind.NullLiteralExpression) || value.IsKind(SyntaxKind.DefaultLiteralExpression) || value is DefaultExpressionSyntax);

        private static string NameOf(ExpressionSyntax expression) => expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            _ => string.Empty,
        };

        /// <summary>
        /// Every write of the field in its type's declarations is a final value set in a branch guarded by the not-yet test of
        /// the field: nothing sets it back, so the guarded code runs once. Any other write (a compound assignment, `++`, a
        /// `ref`/`out` argument, a `ref` to it) fails.
        /// </summary>
        private static bool NeverReset(IFieldSymbol field, bool isFlag, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var reference in field.ContainingType.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax(cancellationToken);
                var treeModel = SemanticModels.For(model, declaration.SyntaxTree);
                foreach (var node in declaration.DescendantNodes())
                {
                    if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != field.Name)
                    {
                        continue;
                    }

                    ExpressionSyntax access = identifier.Parent is MemberAccessExpressionSyntax member && member.Name == identifier ? member : identifier;
                    var written = access.Parent switch
                    {
                        AssignmentExpressionSyntax assignment => assignment.Left == access ? assignment : null,
                        ArgumentSyntax { RefKindKeyword.RawKind: not 0 } => (SyntaxNode)access.Parent,
                        RefExpressionSyntax => access.Parent,
                        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } => access.Parent,
                        PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } => access.Parent,
                        _ => null,
                    };
                    if (written is null || !treeModel.GetSymbolInfo(access, cancellationToken).Symbol.Is(field))
                    {
                        continue;
                    }

                    if (written is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } set
                        || !IsFinalValue(set.Right, isFlag)
                        || !IsGuarded(set, field, treeModel, cancellationToken))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>The write sits in the then-branch of an `if` testing that the field is not yet set.</summary>
        private static bool IsGuarded(SyntaxNode write, IFieldSymbol field, SemanticModel model, CancellationToken cancellationToken)
        {
            SyntaxNode child = write;
            for (var node = write.Parent; node != null && node is not MemberDeclarationSyntax; child = node, node = node.Parent)
            {
                if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                {
                    return false;
                }

                if (node is IfStatementSyntax guard && guard.Statement == child
                    && NotYetTested(guard.Condition, out var tested, out _)
                    && model.GetSymbolInfo(tested, cancellationToken).Symbol.Is(field))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
