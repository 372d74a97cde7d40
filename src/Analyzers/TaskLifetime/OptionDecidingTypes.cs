namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0209 (issue 16, d209: grpc-dotnet's call, whose HTTP response source takes the option only when retries need it):
    /// a type that decides the option source by source. Another creation of a completion source in the same type declaration
    /// passes a <c>TaskCreationOptions</c> value that is not a constant and names
    /// <c>TaskCreationOptions.RunContinuationsAsynchronously</c> as one branch of a choice (<c>flag ? RunContinuationsAsynchronously : None</c>,
    /// or an arm of a switch expression): the
    /// type's author weighs the option per source, so a creation of that type without it is the same decision, not an
    /// oversight (like an options argument written as none, <see cref="WrittenNoOptions"/>). Reported: a type whose other
    /// sources always take the option (a constant, or <c>extra | RunContinuationsAsynchronously</c>) (the author uses it and may have forgotten it here), a type that only mentions
    /// the option elsewhere (a user setting, a comment), another type of the file. Run only for a finding about to be
    /// reported; syntax first (the option's name), binding only that name. Option <see cref="ReportOption"/> reports them.
    /// </summary>
    internal static class OptionDecidingTypes
    {
        /// <summary>.editorconfig key: `true` reports sources of a type that decides the option per source.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0209.report_option_deciding_types";

        public static bool DecidedInType(IObjectCreationOperation creation, AsyncTypes types, CancellationToken ct)
        {
            if (creation.SemanticModel is not { } model || creation.Syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } type)
            {
                return false;
            }

            foreach (var node in type.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax { Identifier.ValueText: "RunContinuationsAsynchronously" } name
                    || name.FirstAncestorOrSelf<ArgumentSyntax>() is not { Parent: ArgumentListSyntax { Parent: BaseObjectCreationExpressionSyntax other } } argument
                    || other == creation.Syntax
                    || !IsChosen(name, argument)
                    || other.FirstAncestorOrSelf<TypeDeclarationSyntax>() != type)
                {
                    continue;
                }

                ct.ThrowIfCancellationRequested();
                if (model.GetSymbolInfo(name, ct).Symbol is not IFieldSymbol { ContainingType: { } optionsType } || !optionsType.Is(types.TaskCreationOptions)
                    || model.GetOperation(argument, ct) is not IArgumentOperation { Value: { } value, Parameter.Type: { } parameterType }
                    || !parameterType.Is(types.TaskCreationOptions)
                    || value.ConstantValue.HasValue
                    || model.GetOperation(other, ct) is not IObjectCreationOperation { Type: { } created } || !types.IsTaskCompletionSource(created))
                {
                    continue;
                }

                return true;
            }

            return false;
        }

        /// <summary>The option's name is one branch of a choice inside the argument: a <c>?:</c> branch or a switch arm.</summary>
        private static bool IsChosen(SyntaxNode name, ArgumentSyntax argument)
        {
            for (var current = name; current != argument && current.Parent is { } parent; current = parent)
            {
                if ((parent is ConditionalExpressionSyntax conditional && conditional.Condition != current) || parent is SwitchExpressionArmSyntax)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
