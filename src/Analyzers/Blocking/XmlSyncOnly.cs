namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// AG0102 (issue 16, fpissues2; sonar-dotnet#9336): an <c>XmlReader</c> / <c>XmlWriter</c> that was made without async
    /// support. <c>XmlReader.Create(..)</c> and <c>XmlWriter.Create(..)</c> give a reader or writer whose every *Async
    /// member (and, for a writer, <c>DisposeAsync</c>) throws <c>InvalidOperationException</c> unless the settings passed
    /// have <c>Async = true</c>; <c>XmlTextReader</c>, <c>XmlTextWriter</c>, <c>XmlNodeReader</c> and the reader of
    /// <c>XNode.CreateReader()</c> do not implement them at all (<c>NotImplementedException</c>). On such a value the
    /// rule's fix (<c>await w.FlushAsync()</c>, <c>await using</c>) would throw where the code works: the call stays silent.
    /// Proven only from what the function shows: the value is made in place, or is a local initialised with it and never
    /// assigned again; the settings are absent, <c>null</c>, made in place without <c>Async</c> set (or set to a constant
    /// false), or a local made so whose other uses only set other members. Settings from anywhere else (a parameter, a
    /// field, a helper, <c>Async = flag</c>) keep the call reported.
    /// </summary>
    internal static class XmlSyncOnly
    {
        /// <summary>The value (receiver or using resource) is a System.Xml reader or writer made without async support.</summary>
        public static bool IsMadeWithoutAsync(ITypeSymbol? type, ExpressionSyntax? value, SemanticModel model, CancellationToken cancellationToken) =>
            value != null && IsXmlReaderOrWriter(type) && MadeWithoutAsync(value, model, 0, cancellationToken);

        private static bool IsXmlReaderOrWriter(ITypeSymbol? type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (t.Name is "XmlReader" or "XmlWriter" && IsSystemXml(t.ContainingNamespace))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsSystemXml(INamespaceSymbol? ns) =>
            ns is { Name: "Xml", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

        private static bool IsSystemXmlLinq(INamespaceSymbol? ns) =>
            ns is { Name: "Linq", ContainingNamespace: var xml } && IsSystemXml(xml);

        private static bool MadeWithoutAsync(ExpressionSyntax expression, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            expression = expression.WalkDownParentheses(throughCasts: true, throughSuppressions: true);
            if (depth > 2)
            {
                return false;
            }

            switch (expression)
            {
                case BaseObjectCreationExpressionSyntax creation:
                    // The legacy text reader/writer and the node reader never implemented the async members.
                    return model.GetTypeInfo(creation, cancellationToken).Type is INamedTypeSymbol
                    {
                        Name: "XmlTextReader" or "XmlTextWriter" or "XmlNodeReader",
                    } created && IsSystemXml(created.ContainingNamespace);
                case InvocationExpressionSyntax invocation:
                    if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation { TargetMethod: var method } call)
                    {
                        return false;
                    }

                    if (method is { IsStatic: true, Name: "Create" } && method.ContainingType is { Name: "XmlReader" or "XmlWriter" } factory
                        && IsSystemXml(factory.ContainingNamespace))
                    {
                        return SettingsLeaveAsyncOff(call, model, cancellationToken);
                    }

                    // XNode.CreateReader(): an XNodeReader, whose async members are not implemented.
                    return method is { Name: "CreateReader" } && DerivesFrom(method.ContainingType, "XNode") && IsSystemXmlLinq(method.ContainingType.ContainingNamespace);
                case IdentifierNameSyntax identifier:
                    return model.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol local
                        && SingleValue(local, cancellationToken) is { } value
                        && NeverReassigned(local, value, model, cancellationToken)
                        && MadeWithoutAsync(value, model, depth + 1, cancellationToken);
                default:
                    return false;
            }
        }

        private static bool DerivesFrom(INamedTypeSymbol? type, string name)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (t.Name == name)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The Create overload takes no settings, or the settings given leave <c>Async</c> false.</summary>
        private static bool SettingsLeaveAsyncOff(IInvocationOperation call, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Type is not { Name: "XmlReaderSettings" or "XmlWriterSettings" } settingsType || !IsSystemXml(settingsType.ContainingNamespace))
                {
                    continue;
                }

                if (argument.Syntax is not ArgumentSyntax { Expression: var given })
                {
                    // An optional settings parameter left out: the defaults (Async = false).
                    return argument.ArgumentKind == ArgumentKind.DefaultValue;
                }

                return SettingsValueLeavesAsyncOff(given, model, allowLocal: true, cancellationToken);
            }

            return true;
        }

        private static bool SettingsValueLeavesAsyncOff(ExpressionSyntax given, SemanticModel model, bool allowLocal, CancellationToken cancellationToken)
        {
            given = given.WalkDownParentheses(throughCasts: true, throughSuppressions: true);
            switch (given)
            {
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NullLiteralExpression) || literal.IsKind(SyntaxKind.DefaultLiteralExpression):
                    return true;
                case BaseObjectCreationExpressionSyntax creation:
                    return InitializerLeavesAsyncOff(creation.Initializer, model, cancellationToken);
                case IdentifierNameSyntax identifier when allowLocal:
                    return model.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol local
                        && SingleValue(local, cancellationToken) is { } value
                        && SettingsValueLeavesAsyncOff(value, model, allowLocal: false, cancellationToken)
                        && OtherUsesLeaveAsyncOff(local, value, identifier, model, cancellationToken);
                default:
                    return false;
            }
        }

        private static bool InitializerLeavesAsyncOff(InitializerExpressionSyntax? initializer, SemanticModel model, CancellationToken cancellationToken)
        {
            if (initializer is null)
            {
                return true;
            }

            foreach (var expression in initializer.Expressions)
            {
                if (expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "Async" }, Right: var right }
                    && !IsConstantFalse(right, model, cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsConstantFalse(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken) =>
            model.GetConstantValue(expression, cancellationToken) is { HasValue: true, Value: false };

        /// <summary>The local's one initializer, for a local declared once with an initializer.</summary>
        private static ExpressionSyntax? SingleValue(ILocalSymbol local, CancellationToken cancellationToken) =>
            local.DeclaringSyntaxReferences.Length == 1
            && local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } value }
                ? value
                : null;

        /// <summary>No write to the local after its declaration (assignment, ref/out argument, deconstruction) in its scope.</summary>
        private static bool NeverReassigned(ILocalSymbol local, ExpressionSyntax initializer, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var use in Uses(local, initializer, model, cancellationToken))
            {
                if (IsWritten(use))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Every use of the settings local other than <paramref name="passed"/> sets a member other than <c>Async</c> (or sets
        /// <c>Async</c> to a constant false): nothing else can turn async on before or after the Create call.
        /// </summary>
        private static bool OtherUsesLeaveAsyncOff(ILocalSymbol local, ExpressionSyntax initializer, IdentifierNameSyntax passed, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var use in Uses(local, initializer, model, cancellationToken))
            {
                if (use == passed)
                {
                    continue;
                }

                if (use.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var member } access && access.Expression == use
                    && access.Parent is AssignmentExpressionSyntax { Left: var left, Right: var right } && left == access
                    && (member != "Async" || IsConstantFalse(right, model, cancellationToken)))
                {
                    continue;
                }

                return false;
            }

            return true;
        }

        private static IEnumerable<IdentifierNameSyntax> Uses(ILocalSymbol local, ExpressionSyntax initializer, SemanticModel model, CancellationToken cancellationToken)
        {
            // A local lives in its member (or top-level statement file): every use is below it.
            SyntaxNode? scope = initializer.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not GlobalStatementSyntax) ?? initializer.SyntaxTree.GetRoot(cancellationToken);
            foreach (var node in scope.DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == local.Name
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, local))
                {
                    yield return identifier;
                }
            }
        }

        private static bool IsWritten(IdentifierNameSyntax use)
        {
            SyntaxNode node = use;
            while (node.Parent is ParenthesizedExpressionSyntax)
            {
                node = node.Parent;
            }

            return node.Parent switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left == node,
                ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None)
                    || argument.Parent is TupleExpressionSyntax { Parent: AssignmentExpressionSyntax deconstruction } tuple && deconstruction.Left == tuple,
                PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => true,
                _ => false,
            };
        }
    }
}
