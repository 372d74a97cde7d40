namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// A `?.` whose receiver is a readonly field of this class that can never be null (AG0207, issue 16, corpus7lib: MQTTnet's
    /// `return _retainedMessagesManager?.UpdateMessage(..)`): the access never yields null, so the method never returns a
    /// null task. Proven from the class's one declaration (no partial parts): the field is readonly, read through `this`
    /// (or static), every write to it in the class is a `new` (its initializer, assignments), it is never passed by ref or
    /// out, and either it has an initializer or every constructor of its kind that does not chain to `this(..)` assigns it
    /// at the top level of its body. Anything else (a parameter stored, a conditional write, another instance's field, a
    /// struct whose default leaves it null) is not proven.
    /// </summary>
    internal static class NeverNullFields
    {
        public static bool IsNeverNull(IConditionalAccessOperation access, CancellationToken cancellationToken)
        {
            var receiver = Invocations.WithoutImplicitConversions(access.Operation);

            if (receiver is not IFieldReferenceOperation { Field: { IsReadOnly: true } field } reference
                || (!field.IsStatic && reference.Instance is not IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
                || field.ContainingType is not { TypeKind: TypeKind.Class } type
                || type.DeclaringSyntaxReferences.Length != 1 || field.DeclaringSyntaxReferences.Length != 1
                || access.SemanticModel is not { } model)
            {
                return false;
            }

            if (field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator
                || declarator.SyntaxTree != model.SyntaxTree
                || type.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
            {
                return false;
            }

            if (declarator.Initializer is { } initializer && !IsCreation(initializer.Value))
            {
                return false;
            }

            // Every write in the class is a `new`; no ref/out pass.
            foreach (var node in declaration.DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment when Refers(assignment.Left, field, model, cancellationToken):
                        if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || !IsCreation(assignment.Right))
                        {
                            return false;
                        }

                        break;
                    case ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } argument
                        when Refers(argument.Expression, field, model, cancellationToken):
                        return false;
                }
            }

            if (declarator.Initializer != null)
            {
                return true;
            }

            var constructors = field.IsStatic ? type.StaticConstructors : type.InstanceConstructors;
            if (constructors.IsEmpty)
            {
                return false;
            }

            foreach (var constructor in constructors)
            {
                if (constructor.IsImplicitlyDeclared || constructor.DeclaringSyntaxReferences.Length != 1
                    || constructor.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ConstructorDeclarationSyntax syntax)
                {
                    return false;
                }

                if (syntax.Initializer is { } chained && chained.IsKind(SyntaxKind.ThisConstructorInitializer))
                {
                    continue;
                }

                if (!AssignsAtTopLevel(syntax, field, model, cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool AssignsAtTopLevel(ConstructorDeclarationSyntax constructor, IFieldSymbol field, SemanticModel model, CancellationToken cancellationToken)
        {
            if (constructor.ExpressionBody is { Expression: AssignmentExpressionSyntax arrow })
            {
                return Refers(arrow.Left, field, model, cancellationToken);
            }

            if (constructor.Body is null)
            {
                return false;
            }

            foreach (var statement in constructor.Body.Statements)
            {
                if (statement is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment } && Refers(assignment.Left, field, model, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsCreation(ExpressionSyntax value) =>
            value.WalkDownParentheses(throughCasts: false) is BaseObjectCreationExpressionSyntax or ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax;

        /// <summary>`_f` or `this._f` (or `Type._f`) naming <paramref name="field"/>; the name is compared before any binding.</summary>
        private static bool Refers(ExpressionSyntax expression, IFieldSymbol field, SemanticModel model, CancellationToken cancellationToken)
        {
            var name = expression switch
            {
                IdentifierNameSyntax identifier => identifier,
                MemberAccessExpressionSyntax { Name: IdentifierNameSyntax member } => member,
                _ => null,
            };
            return name != null && name.Identifier.ValueText == field.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(expression, cancellationToken).Symbol, field);
        }
    }
}
