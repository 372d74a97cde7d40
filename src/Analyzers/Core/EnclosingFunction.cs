using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncGuard.Analyzers.Core
{
    internal enum FunctionKind
    {
        /// <summary>Not inside any function body (field initializer, attribute argument, ...): treated as synchronous.</summary>
        None,

        /// <summary>`async`, or returns an awaitable / IAsyncEnumerable / IAsyncEnumerator, or top-level statements.</summary>
        AsyncCapable,

        /// <summary>Every other function, including a sync lambda nested inside an async method.</summary>
        Synchronous,
    }

    /// <summary>Finds and classifies the innermost function that contains a node.</summary>
    internal static class EnclosingFunction
    {
        /// <summary>
        /// The innermost method, local function, lambda, anonymous method, accessor, constructor, operator,
        /// expression-bodied property or the compilation unit of top-level statements; null outside any body.
        /// </summary>
        public static SyntaxNode? Find(SyntaxNode node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                    case BaseMethodDeclarationSyntax:
                    case AccessorDeclarationSyntax:
                        return current;
                    case ArrowExpressionClauseSyntax { Parent: BasePropertyDeclarationSyntax property }:
                        return property;
                    case GlobalStatementSyntax { Parent: CompilationUnitSyntax unit }:
                        return unit;
                    case MemberDeclarationSyntax:
                        // Field initializers, attributes and the like: not in a function body.
                        return null;
                }
            }

            return null;
        }

        public static FunctionKind Classify(SyntaxNode? function, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken)
        {
            switch (function)
            {
                case null:
                    return FunctionKind.None;
                case CompilationUnitSyntax:
                    return FunctionKind.AsyncCapable;
                case AnonymousFunctionExpressionSyntax lambda:
                    if (lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
                    {
                        return FunctionKind.AsyncCapable;
                    }

                    return ReturnsAsyncType(model.GetSymbolInfo(lambda, cancellationToken).Symbol as IMethodSymbol, types);
                case LocalFunctionStatementSyntax localFunction:
                    if (localFunction.Modifiers.Any(SyntaxKind.AsyncKeyword))
                    {
                        return FunctionKind.AsyncCapable;
                    }

                    return ReturnsAsyncType(model.GetDeclaredSymbol(localFunction, cancellationToken) as IMethodSymbol, types);
                case MethodDeclarationSyntax method:
                    if (method.Modifiers.Any(SyntaxKind.AsyncKeyword))
                    {
                        return FunctionKind.AsyncCapable;
                    }

                    return ReturnsAsyncType(model.GetDeclaredSymbol(method, cancellationToken), types);
                default:
                    // Constructors, operators, accessors, destructors: they cannot be async.
                    return FunctionKind.Synchronous;
            }
        }

        /// <summary>Classifies the innermost function around <paramref name="node"/>.</summary>
        public static FunctionKind ClassifyContaining(SyntaxNode node, SemanticModel model, AsyncTypes types, CancellationToken cancellationToken) =>
            Classify(Find(node), model, types, cancellationToken);

        private static FunctionKind ReturnsAsyncType(IMethodSymbol? method, AsyncTypes types)
        {
            if (method is null)
            {
                return FunctionKind.Synchronous;
            }

            var returnType = method.ReturnType;
            return types.IsAwaitable(returnType) || types.IsAsyncEnumerableOrEnumerator(returnType)
                ? FunctionKind.AsyncCapable
                : FunctionKind.Synchronous;
        }
    }
}
