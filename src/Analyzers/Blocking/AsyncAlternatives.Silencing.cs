using System.Linq;

namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>Where an alternative exists but the call stays silent: locks, exclusions, in-memory and console I/O, test assertions.</summary>
    internal sealed partial class AsyncAlternatives
    {
        private bool IsAsyncCapable(IOperation operation, ISymbol containingSymbol, SemanticModel model, CancellationToken cancellationToken)
        {
            if (EnclosingFunction.Classify(operation, containingSymbol, _types) != FunctionKind.AsyncCapable)
            {
                return false;
            }

            // A Task-returning lambda converted to an expression tree never runs as written; one that a synchronous function
            // makes for a dual engine's sync side (it ignores its selector parameter) is that sync path's code (SyncSideHandlers).
            return EnclosingFunction.InnermostFunction(operation) is not IAnonymousFunctionOperation { Symbol.IsAsync: false, Syntax: var lambda } handler
                || (!_types.IsExpressionTree(model.GetTypeInfo(lambda, cancellationToken).ConvertedType)
                    && !SyncSideHandlers.IsSyncSideHandler(handler, containingSymbol, _types));
        }

        private static bool IsInLockBody(SyntaxNode node)
        {
            var child = node;
            for (var current = node.Parent; current != null; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case LockStatementSyntax lockStatement when child == lockStatement.Statement:
                        return true;
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                    case MemberDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }

        /// <summary>The silent-by-default cases and the user's exclusions.</summary>
        private bool IsSilenced(IMethodSymbol method, ExpressionSyntax? receiver, IOperation? receiverOperation, SemanticModel model, ImmutableHashSet<string> exclusions, CancellationToken cancellationToken)
        {
            var containing = method.ContainingType;
            if (containing is null || containing.Is(_types.BlockingConsole) || WellKnownApis.IsTestAssertion(containing)
                || (method.Name is "Add" or "AddRange" && containing.ContainingNamespace.IsWithinNamespace("Microsoft.EntityFrameworkCore")))
            {
                return true;
            }

            if (exclusions.Count > 0)
            {
                var typeName = containing.ToDisplayString(QualifiedName);
                if (exclusions.Contains(typeName) || exclusions.Contains(typeName + "." + method.Name) || IsExcludedType(containing.BaseType, exclusions))
                {
                    return true;
                }
            }

            // A static call's receiver is a type name: no instance, so no in-memory origin either. The receiver's type
            // comes from the operation tree (the value as written), not from a semantic query.
            if (receiver is null)
            {
                return false;
            }

            if (receiverOperation is null)
            {
                return exclusions.Count > 0 && IsExcludedType(model.GetTypeInfo(receiver, cancellationToken).Type, exclusions);
            }

            var receiverType = receiverOperation.Type;
            return _types.IsInMemoryIo(receiverType) || (exclusions.Count > 0 && receiverType != null && IsExcludedType(receiverType, exclusions))
                || IsInMemoryOrigin(receiver, model, 0, cancellationToken)
                || XmlSyncOnly.IsMadeWithoutAsync(receiverType, receiver, model, cancellationToken);
        }

        private static bool IsExcludedType(ITypeSymbol? type, ImmutableHashSet<string> exclusions)
        {
            if (exclusions.Count == 0)
            {
                return false;
            }

            for (var t = type; t != null; t = t.BaseType)
            {
                if (exclusions.Contains(t.ToDisplayString(QualifiedName)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// `new MemoryStream(..)`, a wrapper over one (`new BufferedStream(new MemoryStream())`, `new StreamWriter(ms)`),
        /// `Console.Out`, `Console.OpenStandardOutput()` and a writer over it (console I/O, as Console writes are), or a
        /// local, a readonly field or a get-only property of this file initialised with one of them: I/O that never
        /// waits on a device (or that the user sees directly on the console).
        /// </summary>
        private bool IsInMemoryOrigin(ExpressionSyntax expression, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            expression = expression.WalkDownParentheses(throughCasts: true);

            if (depth > 3)
            {
                return false;
            }

            switch (expression)
            {
                case BaseObjectCreationExpressionSyntax creation:
                    var created = model.GetTypeInfo(creation, cancellationToken).Type;
                    if (_types.IsInMemoryIo(created))
                    {
                        return true;
                    }

                    return creation.ArgumentList is { Arguments.Count: > 0 } arguments && _sync.IsIoWrapper(created)
                        && (_types.IsInMemoryIo(model.GetTypeInfo(arguments.Arguments[0].Expression, cancellationToken).Type)
                            || IsInMemoryOrigin(arguments.Arguments[0].Expression, model, depth + 1, cancellationToken));
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "OpenStandardOutput" or "OpenStandardError" or "OpenStandardInput" } } open:
                    return model.GetSymbolInfo(open, cancellationToken).Symbol is IMethodSymbol { IsStatic: true } method
                        && method.ContainingType.Is(_types.BlockingConsole);
                case MemberAccessExpressionSyntax access when model.GetSymbolInfo(access, cancellationToken).Symbol is { } member:
                    if (member is IPropertySymbol { IsStatic: true } property && property.ContainingType.Is(_types.BlockingConsole))
                    {
                        return true;
                    }

                    return (access.Expression is ThisExpressionSyntax && IsInMemoryMember(member, model, depth, cancellationToken))
                        || IsConsoleProperty(member, model.Compilation, cancellationToken);
                case IdentifierNameSyntax identifier when model.GetSymbolInfo(identifier, cancellationToken).Symbol is { } symbol:
                    if (symbol is ILocalSymbol local)
                    {
                        return local.DeclaringSyntaxReferences.Length == 1
                            && local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } value }
                            && (_types.IsInMemoryIo(model.GetTypeInfo(value, cancellationToken).Type) || IsInMemoryOrigin(value, model, depth + 1, cancellationToken));
                    }

                    return IsInMemoryMember(symbol, model, depth, cancellationToken) || IsConsoleProperty(symbol, model.Compilation, cancellationToken);
                default:
                    return false;
            }
        }

        /// <summary>
        /// The application's own console streams (`Context.Streams.Error.WriteLine(..)`): an instance property typed as a
        /// Stream, TextReader or TextWriter whose every implementation in source (of an interface or abstract property, found
        /// by name through the declaration table) returns a console origin: `new StreamWriter(Console.OpenStandardError())`,
        /// directly or through a private field that is only ever assigned such values. Decided once per property, and only
        /// for a call AG0102 would otherwise report.
        /// </summary>
        private bool IsConsoleProperty(ISymbol symbol, Compilation compilation, CancellationToken cancellationToken)
        {
            if (symbol is not IPropertySymbol { IsStatic: false } property || !_sync.IsIoWrapper(property.Type))
            {
                return false;
            }

            var definition = property.OriginalDefinition;
            return _consoleProperties.TryGetValue(definition, out var known)
                ? known
                : _consoleProperties.GetOrAdd(definition, IsConsoleBacked(definition, compilation, cancellationToken));
        }

        private bool IsConsoleBacked(IPropertySymbol property, Compilation compilation, CancellationToken cancellationToken)
        {
            var implementations = new List<IPropertySymbol>();
            if (property.IsAbstract || property.ContainingType.TypeKind == TypeKind.Interface)
            {
                foreach (var symbol in compilation.GetSymbolsWithName(n => n == property.Name, SymbolFilter.Member, cancellationToken))
                {
                    if (symbol is IPropertySymbol { IsAbstract: false } candidate && Implements(candidate, property))
                    {
                        implementations.Add(candidate);
                    }
                }
            }
            else
            {
                implementations.Add(property);
            }

            if (implementations.Count == 0 || implementations.Count > 8)
            {
                return false;
            }

            foreach (var implementation in implementations)
            {
                if (implementation.DeclaringSyntaxReferences.Length != 1
                    || implementation.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not PropertyDeclarationSyntax declaration
                    || !ReturnsConsoleOrigin(declaration, compilation, cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool Implements(IPropertySymbol candidate, IPropertySymbol property)
        {
            if (property.ContainingType.TypeKind == TypeKind.Interface)
            {
                return candidate.ContainingType is { } type && type.FindImplementationForInterfaceMember(property).Is(candidate);
            }

            for (var p = candidate.OverriddenProperty; p != null; p = p.OverriddenProperty)
            {
                if (p.OriginalDefinition.Is(property))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Every value the property's getter (or initializer) returns is a console or in-memory origin.</summary>
        private bool ReturnsConsoleOrigin(PropertyDeclarationSyntax declaration, Compilation compilation, CancellationToken cancellationToken)
        {
            var values = new List<ExpressionSyntax>();
            if (declaration.Initializer?.Value is { } initial)
            {
                values.Add(initial);
            }

            if (declaration.ExpressionBody?.Expression is { } body)
            {
                values.Add(body);
            }

            foreach (var accessor in declaration.AccessorList?.Accessors ?? default)
            {
                if (!accessor.IsKind(SyntaxKind.GetAccessorDeclaration))
                {
                    continue;
                }

                if (accessor.ExpressionBody?.Expression is { } accessorBody)
                {
                    values.Add(accessorBody);
                }

                foreach (var statement in accessor.Body?.DescendantNodes().OfType<ReturnStatementSyntax>() ?? Enumerable.Empty<ReturnStatementSyntax>())
                {
                    if (statement.Expression is { } returned)
                    {
                        values.Add(returned);
                    }
                }
            }

            if (values.Count == 0)
            {
                return false;
            }

            // The implementation may live in another file: its own semantic model, built only on this rare path.
#pragma warning disable RS1030 // One model per implementing file, once per property and compilation, only for a would-be finding.
            var model = compilation.GetSemanticModel(declaration.SyntaxTree);
#pragma warning restore RS1030
            foreach (var value in values)
            {
                if (!IsConsoleValue(value, model, declaration, cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }

        private bool IsConsoleValue(ExpressionSyntax value, SemanticModel model, SyntaxNode scope, CancellationToken cancellationToken)
        {
            value = value.WalkDownParentheses(throughCasts: true);

            switch (value)
            {
                case AssignmentExpressionSyntax assignment:
                    return IsConsoleValue(assignment.Right, model, scope, cancellationToken) && IsConsoleValue(assignment.Left, model, scope, cancellationToken);
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression } coalesce:
                    return IsConsoleValue(coalesce.Left, model, scope, cancellationToken) && IsConsoleValue(coalesce.Right, model, scope, cancellationToken);
                case IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }
                    when model.GetSymbolInfo(value, cancellationToken).Symbol is IFieldSymbol { DeclaredAccessibility: Accessibility.Private } field:
                    return IsConsoleField(field, model, cancellationToken);
                default:
                    return IsInMemoryOrigin(value, model, 0, cancellationToken);
            }
        }

        /// <summary>A private field whose initializer and every assignment in its type's declaration in this file is a console origin.</summary>
        private bool IsConsoleField(IFieldSymbol field, SemanticModel model, CancellationToken cancellationToken)
        {
            var assigned = 0;
            foreach (var reference in field.ContainingType.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != model.SyntaxTree)
                {
                    return false;
                }

                foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
                {
                    ExpressionSyntax? right = node switch
                    {
                        AssignmentExpressionSyntax assignment when model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is IFieldSymbol target
                            && target.Is(field) => assignment.Right,
                        VariableDeclaratorSyntax { Initializer.Value: { } initial } declarator
                            when model.GetDeclaredSymbol(declarator, cancellationToken).Is(field) => initial,
                        _ => null,
                    };
                    if (right is null)
                    {
                        continue;
                    }

                    if (right is not LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression } && !IsInMemoryOrigin(right, model, 0, cancellationToken))
                    {
                        return false;
                    }

                    assigned++;
                }
            }

            return assigned > 0;
        }

        /// <summary>A readonly field or get-only auto-property declared in this file with an in-memory or console initializer.</summary>
        private bool IsInMemoryMember(ISymbol symbol, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            var readOnly = symbol switch
            {
                IFieldSymbol field => field.IsReadOnly,
                IPropertySymbol property => property.SetMethod is null && property.IsReadOnly,
                _ => false,
            };
            if (!readOnly || symbol.DeclaringSyntaxReferences.Length != 1 || symbol.DeclaringSyntaxReferences[0].SyntaxTree != model.SyntaxTree)
            {
                return false;
            }

            var value = symbol.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) switch
            {
                VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                PropertyDeclarationSyntax property => property.Initializer?.Value,
                _ => null,
            };
            return value != null && (_types.IsInMemoryIo(model.GetTypeInfo(value, cancellationToken).Type) || IsInMemoryOrigin(value, model, depth + 1, cancellationToken));
        }
    }
}
