namespace AsyncGuard.Analyzers.Core
{
    internal static partial class CompletionProofs
    {
        private sealed partial class Flow
        {
            /// <summary>
            /// In collection mode, an operation that may put a new (pending) task into the collection after the awaited
            /// WhenAll: an instance call on it other than a known read of List&lt;T&gt; / arrays (`tasks.Add(t)`, `Insert`,
            /// `AddRange`, ..), a write through its indexer, or the collection handed to a method outside System.Linq.Enumerable
            /// and Task (a helper may add to it). Such an operation undoes the proof, as an assignment does.
            /// </summary>
            private bool MayAddToCollection(IOperation operation)
            {
                if (!_isCollection)
                {
                    return false;
                }

                switch (operation)
                {
                    case IInvocationOperation { Instance: { } instance } call when Refers(instance):
                        return !IsKnownRead(call.TargetMethod);
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: > 0, Instance: { } indexed } }:
                        return Refers(indexed);
                    case ISimpleAssignmentOperation { Target: IArrayElementReferenceOperation element }:
                        return Refers(element.ArrayReference);
                    case IArgumentOperation { Parent: IInvocationOperation { TargetMethod: var method } } argument when Refers(argument.Value):
                        return !IsInNamespace(method.ContainingType, "System.Linq") && !_types.IsTask(method.ContainingType);
                    default:
                        return false;
                }
            }

            private static bool IsKnownRead(IMethodSymbol method) => method.Name == "GetEnumerator" || method.Name is "Contains" or "IndexOf" or "LastIndexOf" or "Find" or "FindLast"
                or "FindAll" or "FindIndex" or "FindLastIndex" or "Exists" or "TrueForAll" or "ToArray" or "GetRange" or "ForEach" or "CopyTo"
                or "GetEnumerator" or "BinarySearch" or "ConvertAll" or "GetLength" or "GetValue" or "ToString" or "GetHashCode" or "Equals"
                && (IsInNamespace(method.ContainingType, "System.Collections.Generic") || method.ContainingType.SpecialType == SpecialType.System_Array
                    || method.ContainingType.SpecialType == SpecialType.System_Object);

            private static bool IsInNamespace(INamedTypeSymbol? type, string name) => type?.ContainingNamespace?.ToDisplayString() == name;
        }
    }
}
