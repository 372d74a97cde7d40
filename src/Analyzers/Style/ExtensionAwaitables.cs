using System.Linq;

namespace AsyncGuard.Analyzers.Style
{
    /// <summary>
    /// AG0503 (issue 16, fpissues2; roslynator#261): a return type that has no GetAwaiter of its own but is awaitable where
    /// the method is declared through an extension GetAwaiter in scope there: WinRT's <c>IAsyncAction</c> /
    /// <c>IAsyncOperation&lt;T&gt;</c> (System.WindowsRuntimeSystemExtensions), an <c>IObservable&lt;T&gt;</c> with
    /// System.Reactive imported, a tuple of tasks with a tuple-awaiter package. <c>await SaveAsync()</c> compiles for the
    /// callers that see the same extension, so the Async suffix keeps its promise. Decided by the compiler's own lookup at the
    /// method's declaration (<see cref="SemanticModel.LookupSymbols"/> with reduced extension methods, which checks that the
    /// extension's <c>this</c> parameter accepts the type) and by the awaiter pattern of what that GetAwaiter returns
    /// (a bool IsCompleted, a parameterless GetResult, INotifyCompletion). Asked only for a method the rule would report.
    /// </summary>
    internal static class ExtensionAwaitables
    {
        public static bool IsAwaitableWhereDeclared(IMethodSymbol method, ITypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
        {
            if (method.Locations.IsEmpty || method.Locations[0] is not { IsInSource: true, SourceTree: { } tree } location || !compilation.ContainsSyntaxTree(tree))
            {
                return false;
            }

            var model = compilation.GetSemanticModel(tree);
            foreach (var symbol in model.LookupSymbols(location.SourceSpan.Start, type, "GetAwaiter", includeReducedExtensionMethods: true))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (symbol is IMethodSymbol { ReducedFrom: not null, Parameters.Length: 0, ReturnType: var awaiter } && IsAwaiter(awaiter))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsAwaiter(ITypeSymbol awaiter)
        {
            var completes = awaiter.GetMembers("IsCompleted").OfType<IPropertySymbol>().Any(p => p.Type.SpecialType == SpecialType.System_Boolean);
            var result = awaiter.GetMembers("GetResult").OfType<IMethodSymbol>().Any(m => m.Parameters.IsEmpty);
            var notifies = awaiter.AllInterfaces.Any(i => i.Name == "INotifyCompletion" && i.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices");
            return completes && result && notifies;
        }
    }
}
