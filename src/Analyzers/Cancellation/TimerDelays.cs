namespace AsyncGuard.Analyzers.Cancellation
{
    /// <summary>
    /// AG0301, issue 16 (deb301: a delay that is a timer, not a pause): <c>Task.Delay(..)</c> whose task is not awaited
    /// here but handed on, directly or through a local written only by its declaration and used only this way:
    /// <list type="bullet">
    /// <item>raced against other work with <c>Task.WhenAny</c> (<c>var timeout = Task.Delay(10_000); await
    /// Task.WhenAny(timeout, read);</c>): it is the race's timeout, and a cancelled delay ends the race as if the time
    /// had run out, so the caller reads a cancellation as a timeout;</item>
    /// <item>given to an object creation (<c>return new SeriesResult(wait: Task.Delay(next));</c>): the wait before the
    /// next round, which the object's consumer races against its own cancellation.</item>
    /// </list>
    /// Still reported: an awaited delay (a pause, however written), a delay kept and awaited later, a delay given to
    /// <c>WhenAll</c> or to a method call. Reported with <c>report_timer_delays = true</c>. Asked only for a finding about
    /// to be reported.
    /// </summary>
    internal static class TimerDelays
    {
        /// <summary>.editorconfig: <c>true</c> reports these delays too.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0301.report_timer_delays";

        public static bool IsHandedOnTimer(IInvocationOperation operation, AsyncTypes types, CancellationToken cancellationToken)
        {
            if (operation.TargetMethod is not { Name: "Delay", IsStatic: true } method || !types.IsTask(method.ContainingType))
            {
                return false;
            }

            var use = Outer(operation);
            if (HandedOn(use, types))
            {
                return true;
            }

            if (use.Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } local } }
                || operation.SemanticModel is not { } model || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken).FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } scope)
            {
                return false;
            }

            var any = false;
            foreach (var node in scope.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != local.Name)
                {
                    continue;
                }

                if (model.GetOperation(identifier, cancellationToken) is not ILocalReferenceOperation reference || !reference.Local.Is(local))
                {
                    continue;
                }

                if (!HandedOn(Outer(reference), types))
                {
                    return false;
                }

                any = true;
            }

            return any;
        }

        private static IOperation Outer(IOperation operation)
        {
            while (operation.Parent is IConversionOperation { IsImplicit: true })
            {
                operation = operation.Parent;
            }

            return operation;
        }

        /// <summary>The value is an argument of an object creation, or an element of the tasks raced by `Task.WhenAny`.</summary>
        private static bool HandedOn(IOperation value, AsyncTypes types)
        {
            var parent = value.Parent;
            if (parent is IArrayElementReferenceOperation or null)
            {
                return false;
            }

            // `WhenAny(a, b)` passes a params array: the element sits in an array initializer of an implicit creation.
            if (parent is IArrayInitializerOperation { Parent: IArrayCreationOperation array })
            {
                parent = array.Parent;
            }

            if (parent is not IArgumentOperation argument)
            {
                return false;
            }

            return argument.Parent switch
            {
                IObjectCreationOperation => true,
                IInvocationOperation { TargetMethod: { Name: "WhenAny", IsStatic: true } whenAny } => types.IsTask(whenAny.ContainingType),
                _ => false,
            };
        }
    }
}
