using System.Linq;

namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// Corpus6 W1: a wait in a static local function F on its own task parameter (through `new ValueTask&lt;T&gt;(..)`,
    /// `Unsafe.As&lt;..&gt;(..)`, casts), where F is only ever used as `&amp;F`, each time as an argument of `new S(..)` (S a type of
    /// the compilation) that is itself an argument of a call to a non-virtual method of the compilation; and in that method
    /// (and the methods of the compilation it passes the value on to, three deep) the value is only passed on, or receives
    /// calls of S's methods that either invoke no function pointer or invoke S's fields with that parameter position taken
    /// from their own parameter, and every such call passes a variable awaited by an earlier statement of the same block
    /// (no label in between, never assigned). The task F reads has then completed: the wait does not block.
    /// Anything else (F used otherwise, the value stored, an unknown method, a call not preceded by the await) is reported.
    /// </summary>
    internal static class FunctionPointerContinuations
    {
        public static bool RunsAfterAwait(in BlockingWait wait, SyntaxNode? function, SemanticModel model, CancellationToken cancellationToken)
        {
            if (function is not LocalFunctionStatementSyntax local || !local.Modifiers.Any(SyntaxKind.StaticKeyword)
                || wait.Awaitable is not { } awaitable
                || !local.ParameterList.Parameters.Any()
                || model.GetDeclaredSymbol(local, cancellationToken) is not IMethodSymbol continuation
                || TaskOrigin(awaitable, model, cancellationToken) is not IParameterSymbol parameter
                || !parameter.ContainingSymbol.Is(continuation)
                || IsWritten(local, parameter.Name)
                || local.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } member)
            {
                return false;
            }

            var sites = 0;
            foreach (var name in member.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText != continuation.Name)
                {
                    continue;
                }

                var info = model.GetSymbolInfo(name, cancellationToken);
                var symbol = info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
                if (symbol is null || !symbol.OriginalDefinition.Is(continuation.OriginalDefinition))
                {
                    if (symbol is null)
                    {
                        return false;
                    }

                    continue;
                }

                if (name.Parent is not PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression } address
                    || !CarriedToAwaitingCall(address, parameter.Ordinal, model, cancellationToken))
                {
                    return false;
                }

                sites++;
            }

            return sites > 0;
        }

        /// <summary>The parameter or local the awaitable is made of: `new ValueTask&lt;T&gt;(x)`, `Unsafe.As&lt;..&gt;(x)`, casts, `x!`.</summary>
        private static ISymbol? TaskOrigin(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
        {
            for (var depth = 0; depth < 8 && expression is not IdentifierNameSyntax; depth++)
            {
                if (Unwrapped(expression, model, cancellationToken) is not { } inner)
                {
                    return null;
                }

                expression = inner;
            }

            return expression is IdentifierNameSyntax identifier ? model.GetSymbolInfo(identifier, cancellationToken).Symbol as IParameterSymbol : null;
        }

        /// <summary>One layer of `(x)`, `(T)x`, `x!`, `new ValueTask&lt;T&gt;(x)`, `Unsafe.As&lt;T&gt;(x)`; null for anything else.</summary>
        private static ExpressionSyntax? Unwrapped(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
        {
            if (expression is ParenthesizedExpressionSyntax or CastExpressionSyntax or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression })
            {
                return (expression as ParenthesizedExpressionSyntax)?.Expression ?? (expression as CastExpressionSyntax)?.Expression ?? ((PostfixUnaryExpressionSyntax)expression).Operand;
            }

            var single = (expression as BaseObjectCreationExpressionSyntax)?.ArgumentList ?? (expression as InvocationExpressionSyntax)?.ArgumentList;
            if (single is not { Arguments.Count: 1 })
            {
                return null;
            }

            var wraps = expression is BaseObjectCreationExpressionSyntax
                ? model.GetTypeInfo(expression, cancellationToken).Type is INamedTypeSymbol { Name: "ValueTask", ContainingNamespace.Name: "Tasks" }
                : model.GetSymbolInfo(expression, cancellationToken).Symbol is IMethodSymbol { Name: "As", IsStatic: true, ContainingType: { Name: "Unsafe" } unsafeType }
                    && unsafeType.ToDisplayString() == "System.Runtime.CompilerServices.Unsafe";
            return wraps ? single.Arguments[0].Expression : null;
        }

        /// <summary>`&amp;F` as an argument of `new S(..)`, itself an argument of a call to a source method that follows the value.</summary>
        private static bool CarriedToAwaitingCall(PrefixUnaryExpressionSyntax address, int taskPosition, SemanticModel model, CancellationToken cancellationToken)
        {
            if (address.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: BaseObjectCreationExpressionSyntax creation } }
                || model.GetTypeInfo(creation, cancellationToken).Type is not INamedTypeSymbol carrier
                || carrier.DeclaringSyntaxReferences.IsEmpty
                || creation.Parent is not ArgumentSyntax carried
                || carried.Parent is not ArgumentListSyntax { Parent: InvocationExpressionSyntax call }
                || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol callee
                || ParameterFor(callee, call.ArgumentList, carried) is not { } parameter)
            {
                return false;
            }

            return Follows(callee, parameter, carrier, taskPosition, model.Compilation, 0, cancellationToken);
        }

        private static IParameterSymbol? ParameterFor(IMethodSymbol method, ArgumentListSyntax list, ArgumentSyntax argument)
        {
            if (argument.NameColon is { } nameColon)
            {
                return method.Parameters.FirstOrDefault(p => p.Name == nameColon.Name.Identifier.ValueText);
            }

            var index = list.Arguments.IndexOf(argument);
            return index >= 0 && index < method.Parameters.Length && !method.Parameters[index].IsParams ? method.Parameters[index] : null;
        }

        /// <summary>Every use of <paramref name="parameter"/> in <paramref name="method"/>'s body is safe (see the class summary).</summary>
        private static bool Follows(IMethodSymbol method, IParameterSymbol parameter, INamedTypeSymbol carrier, int taskPosition, Compilation compilation, int depth, CancellationToken cancellationToken)
        {
            method = method.OriginalDefinition;
            if (depth > 3 || method.IsVirtual || method.IsAbstract || method.IsOverride || method.DeclaringSyntaxReferences.Length != 1
                || parameter.RefKind != RefKind.None
                || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not { } declaration
                || BodyOf(declaration) is not { } body
                || !compilation.ContainsSyntaxTree(body.SyntaxTree))
            {
                return false;
            }

            var model = compilation.GetSemanticModel(body.SyntaxTree);
            if (IsWritten(body, parameter.Name))
            {
                return false;
            }

            foreach (var name in body.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText != parameter.Name)
                {
                    continue;
                }

                var symbol = model.GetSymbolInfo(name, cancellationToken).Symbol;
                if (symbol is null)
                {
                    return false;
                }

                if (!symbol.OriginalDefinition.Is(parameter.OriginalDefinition))
                {
                    continue; // a parameter of the same name of a nested function: followed when the value is passed to it
                }

                if (name.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax passing } } argument
                    && model.GetSymbolInfo(passing, cancellationToken).Symbol is IMethodSymbol next
                    && ParameterFor(next, passing.ArgumentList, argument) is { } nextParameter)
                {
                    if (!Follows(next, nextParameter.OriginalDefinition, carrier, taskPosition, compilation, depth + 1, cancellationToken))
                    {
                        return false;
                    }

                    continue;
                }

                if (name.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invoked } access && access.Expression == name
                    && model.GetSymbolInfo(invoked, cancellationToken).Symbol is IMethodSymbol { IsStatic: false } called
                    && called.ContainingType.OriginalDefinition.Is(carrier.OriginalDefinition)
                    && InvokesWith(called, carrier, taskPosition, compilation, cancellationToken) is var (ok, taskParameter) && ok
                    && (taskParameter is null || AwaitedBefore(invoked, ArgumentAt(invoked, called, taskParameter), model, cancellationToken)))
                {
                    continue;
                }

                // `continuation.Handle`: an auto-property of the carrier (its getter runs no pointer).
                if (name.Parent is MemberAccessExpressionSyntax { Parent: not InvocationExpressionSyntax } read && read.Expression == name
                    && model.GetSymbolInfo(read, cancellationToken).Symbol is IPropertySymbol { IsStatic: false, Type: not IFunctionPointerTypeSymbol } property
                    && property.ContainingType.OriginalDefinition.Is(carrier.OriginalDefinition)
                    && IsAutoProperty(property, cancellationToken))
                {
                    continue;
                }

                return false;
            }

            return true;
        }

        private static bool IsAutoProperty(IPropertySymbol property, CancellationToken cancellationToken) =>
            property.DeclaringSyntaxReferences.Length == 1
            && property.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors }
            && accessors.Accessors.All(accessor => accessor.Body is null && accessor.ExpressionBody is null);

        private static ArgumentSyntax? ArgumentAt(InvocationExpressionSyntax invocation, IMethodSymbol method, IParameterSymbol parameter)
        {
            foreach (var argument in invocation.ArgumentList.Arguments)
            {
                if (ParameterFor(method, invocation.ArgumentList, argument) is { } p && p.Ordinal == parameter.Ordinal)
                {
                    return argument;
                }
            }

            return null;
        }

        /// <summary>
        /// A method of the carrier: (true, null) when it invokes no function pointer and calls no other method of the carrier;
        /// (true, q) when its function-pointer invocations are all of the carrier's fields with <paramref name="taskPosition"/>
        /// taken from its one parameter q (never assigned); (false, _) otherwise.
        /// </summary>
        private static (bool Ok, IParameterSymbol? TaskParameter) InvokesWith(IMethodSymbol method, INamedTypeSymbol carrier, int taskPosition, Compilation compilation, CancellationToken cancellationToken)
        {
            method = method.OriginalDefinition;
            if (method.DeclaringSyntaxReferences.Length != 1
                || BodyOf(method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken)) is not { } body
                || !compilation.ContainsSyntaxTree(body.SyntaxTree))
            {
                return (false, null);
            }

            var model = compilation.GetSemanticModel(body.SyntaxTree);
            IParameterSymbol? taskParameter = null;
            foreach (var invocation in body.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
            {
                var target = model.GetSymbolInfo(invocation.Expression, cancellationToken).Symbol;
                if (target is IMethodSymbol { IsStatic: true } && !target.ContainingType.OriginalDefinition.Is(carrier.OriginalDefinition))
                {
                    continue; // GC.KeepAlive(_handle) and other static helpers
                }

                if (target is not IFieldSymbol { Type: IFunctionPointerTypeSymbol } field || !field.ContainingType.OriginalDefinition.Is(carrier.OriginalDefinition)
                    || invocation.ArgumentList.Arguments.Count <= taskPosition
                    || invocation.ArgumentList.Arguments[taskPosition] is not { NameColon: null, Expression: IdentifierNameSyntax passed }
                    || model.GetSymbolInfo(passed, cancellationToken).Symbol is not IParameterSymbol q
                    || !q.ContainingSymbol.OriginalDefinition.Is(method)
                    || IsWritten(body, q.Name)
                    || (taskParameter != null && !taskParameter.Is(q)))
                {
                    return (false, null);
                }

                taskParameter = q;
            }

            return (true, taskParameter);
        }

        /// <summary>The call is a statement preceded in its block by `await x[.ConfigureAwait(..)];` where x is the argument, never assigned.</summary>
        private static bool AwaitedBefore(InvocationExpressionSyntax call, ArgumentSyntax? argument, SemanticModel model, CancellationToken cancellationToken)
        {
            if (argument?.Expression is not IdentifierNameSyntax passed
                || model.GetSymbolInfo(passed, cancellationToken).Symbol is not ({ } task and (IParameterSymbol or ILocalSymbol))
                || EnclosingFunction.Find(call) is not { } function
                || StatementOf(call, function) is not { Parent: BlockSyntax block } statement
                || IsWritten(function, passed.Identifier.ValueText))
            {
                return false;
            }

            for (var i = block.Statements.IndexOf(statement) - 1; i >= 0; i--)
            {
                var previous = block.Statements[i];
                if (previous is ExpressionStatementSyntax { Expression: AwaitExpressionSyntax { Expression: var awaited } })
                {
                    if (awaited is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure })
                    {
                        awaited = configure.Expression;
                    }

                    if (awaited is IdentifierNameSyntax awaitedName && model.GetSymbolInfo(awaitedName, cancellationToken).Symbol.Is(task))
                    {
                        return true;
                    }
                }

                if (previous is LabeledStatementSyntax || previous.DescendantNodes().OfType<LabeledStatementSyntax>().Any())
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>The statement of a block in <paramref name="function"/> that holds <paramref name="node"/> (`x.Invoke(t);`, `var r = x.Invoke(t);`, `return ..`).</summary>
        private static StatementSyntax? StatementOf(SyntaxNode node, SyntaxNode function)
        {
            for (var current = node.Parent; current != null && current != function; current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                {
                    return null;
                }

                if (current is StatementSyntax { Parent: BlockSyntax } statement)
                {
                    return statement;
                }
            }

            return null;
        }

        private static SyntaxNode? BodyOf(SyntaxNode? declaration) => declaration switch
        {
            BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
            LocalFunctionStatementSyntax localFunction => (SyntaxNode?)localFunction.Body ?? localFunction.ExpressionBody,
            _ => null,
        };

        /// <summary>Whether <paramref name="scope"/> assigns, increments or passes by ref/out a name spelled <paramref name="name"/> (by text: conservative).</summary>
        private static bool IsWritten(SyntaxNode scope, string name)
        {
            foreach (var node in scope.DescendantNodes())
            {
                var target = node switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left,
                    PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => prefix.Operand,
                    PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix => postfix.Operand,
                    ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } byRef => byRef.Expression,
                    _ => null,
                };
                if (target is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
