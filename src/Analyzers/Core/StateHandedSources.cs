namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// AG0209 (issue 16, deb9 debmix): a completion source whose task its creator only waits on synchronously, handed on
    /// as an untyped state so that a callback can complete it: stored in an <c>object</c> property or field of an object
    /// the creating function keeps in a local (<c>args.UserToken = tcs</c>, <c>new SocketAsyncEventArgs { UserToken = tcs }</c>),
    /// or passed by value to an <c>object</c> parameter (a callback's state). Whoever reads it back gets an <c>object</c>
    /// and must cast it to complete it; the only reads of its task are the creator's blocking waits, which register no
    /// code of anyone's to run inline (the blocked thread is only woken). Read by <see cref="CompletionSourceUses"/>, which
    /// classifies such a source as <see cref="CompletionSourceUse.ReadSynchronouslyHandedAsState"/>; option
    /// <see cref="ReportOption"/> reports it again. A source kept in a member of a typed slot, a static or a field's object,
    /// or whose task is awaited anywhere, is not this class.
    /// </summary>
    internal static class StateHandedSources
    {
        /// <summary>.editorconfig key: `true` reports synchronously waited sources handed on as an untyped state.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0209.report_state_handed_sync_waits";

        /// <summary>Whether <paramref name="use"/> (a read of the source's local) only hands the source on as an untyped state.</summary>
        public static bool IsHandedAsState(ExpressionSyntax use, SemanticModel model, CancellationToken ct)
        {
            switch (use.Parent)
            {
                case AssignmentExpressionSyntax assignment when assignment.Right == use && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression):
                    return model.GetOperation(assignment, ct) is ISimpleAssignmentOperation { Target: { } target }
                        && IsObjectSlotOfLocal(target, model, ct);
                case ArgumentSyntax argument when argument.RefKindKeyword.IsKind(SyntaxKind.None):
                    return model.GetOperation(argument, ct) is IArgumentOperation { Parameter.Type.SpecialType: SpecialType.System_Object, ArgumentKind: ArgumentKind.Explicit };
                default:
                    return false;
            }
        }

        /// <summary>
        /// An instance property or field typed <c>object</c> of a local (<c>args.UserToken</c>), or set in the object
        /// initializer of a creation that initialises a local (<c>var args = new T { UserToken = tcs }</c>).
        /// </summary>
        private static bool IsObjectSlotOfLocal(IOperation target, SemanticModel model, CancellationToken ct)
        {
            IOperation? instance;
            switch (target)
            {
                case IPropertyReferenceOperation { Property: { IsStatic: false, Type.SpecialType: SpecialType.System_Object, Parameters.Length: 0 } } property:
                    instance = property.Instance;
                    break;
                case IFieldReferenceOperation { Field: { IsStatic: false, Type.SpecialType: SpecialType.System_Object } } field:
                    instance = field.Instance;
                    break;
                default:
                    return false;
            }

            switch (instance)
            {
                case ILocalReferenceOperation { Local.IsRef: false }:
                    return true;
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }:
                    // `new T { Slot = tcs }`: the initializer's creation must initialise a local.
                    SyntaxNode? creation = target.Syntax.Parent;
                    while (creation is not null and not BaseObjectCreationExpressionSyntax)
                    {
                        if (creation is not (AssignmentExpressionSyntax or InitializerExpressionSyntax))
                        {
                            return false;
                        }

                        creation = creation.Parent;
                    }

                    return creation?.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                        && model.GetDeclaredSymbol(declarator, ct) is ILocalSymbol { IsRef: false };
                default:
                    return false;
            }
        }
    }
}
