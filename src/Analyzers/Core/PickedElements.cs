namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// A task picked from a collection by an element operator (`tasks.First(..)`, `Single`, `Last`, `ElementAt`, their
    /// `OrDefault` forms, `List&lt;T&gt;.Find`/`FindLast`), possibly through operators that keep the same elements
    /// (`tasks.Where(..).First()`): the collection it came from, so that an awaited `Task.WhenAll(tasks)` proves it
    /// (CompletionProofs, collection mode). Decided on the bound methods, not on names alone.
    /// </summary>
    internal static class PickedElements
    {
        public static ISymbol? SourceOf(ExpressionSyntax task, SemanticModel model, CancellationToken cancellationToken)
        {
            if (task is not InvocationExpressionSyntax || model.GetOperation(task, cancellationToken) is not IInvocationOperation pick)
            {
                return null;
            }

            IOperation? source;
            if (IsEnumerable(pick.TargetMethod) && pick.TargetMethod.Name is "First" or "FirstOrDefault" or "Single" or "SingleOrDefault"
                    or "Last" or "LastOrDefault" or "ElementAt" or "ElementAtOrDefault" && pick.Arguments.Length > 0)
            {
                source = pick.Arguments[0].Value;
            }
            else if (pick.TargetMethod is { Name: "Find" or "FindLast", IsStatic: false, ContainingType: { Name: "List", Arity: 1 } list }
                && list.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic")
            {
                source = pick.Instance;
            }
            else
            {
                return null;
            }

            for (var depth = 0; depth < 8 && source != null; depth++)
            {
                source = Unwrap(source);
                switch (source)
                {
                    case ILocalReferenceOperation local:
                        return local.Local;
                    case IParameterReferenceOperation parameter:
                        return parameter.Parameter;
                    case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field:
                        return field.Field;
                    case IInvocationOperation { Arguments.Length: > 0 } keep when IsEnumerable(keep.TargetMethod)
                        && keep.TargetMethod.Name is "Where" or "OrderBy" or "OrderByDescending" or "ThenBy" or "ThenByDescending" or "Take"
                            or "Skip" or "TakeWhile" or "SkipWhile" or "Distinct" or "Reverse" or "ToArray" or "ToList" or "AsEnumerable":
                        source = keep.Arguments[0].Value;
                        continue;
                    default:
                        return null;
                }
            }

            return null;
        }

        private static bool IsEnumerable(IMethodSymbol method) =>
            method.IsExtensionMethod || method.ReducedFrom != null
                ? (method.ReducedFrom ?? method).ContainingType is { Name: "Enumerable" } type && type.ContainingNamespace?.ToDisplayString() == "System.Linq"
                : method.IsStatic && method.ContainingType is { Name: "Enumerable" } staticType && staticType.ContainingNamespace?.ToDisplayString() == "System.Linq";

        private static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }
    }
}
