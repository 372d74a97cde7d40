namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0207: `return null` / `=> null` / `default` from a Task or Task&lt;T&gt; function that is not async, also through a
    /// branch of `?:`, an arm of a switch expression or a `?.`; silent where the function is declared to return `Task?`, and
    /// for a `?.` on a readonly field the class only ever sets to a `new` object (<see cref="NeverNullFields"/>).
    /// </summary>
    public sealed class AG0207TaskReturnsNullAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0207";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.TaskLifetimeCategory, DiagnosticSeverity.Warning, RuleTraits.DefiniteBug,
            title: "Task-returning method returns null",
            messageFormat: "This returns a null '{0}': awaiting it throws NullReferenceException; return a completed task",
            description: "A method that returns Task without being async hands its caller the task object itself; a null task makes `await` throw NullReferenceException. Return Task.CompletedTask or Task.FromResult(..) instead.");

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types) =>
            start.RegisterOperationAction(c => Analyze(c, types), OperationKind.Return);

        private static void Analyze(OperationAnalysisContext context, AsyncTypes types)
        {
            var returned = ((IReturnOperation)context.Operation).ReturnedValue;
            // Task and Task<T> are both named Task: the name first (most returns are of other types), then the value's
            // shape, then the symbol comparisons.
            if (returned is null || returned.Type is not INamedTypeSymbol { Name: "Task" } type || !MayBeNull(returned) || !(types.IsTask(type) || types.IsTaskOfT(type)))
            {
                return;
            }

            // The null sources first (a walk of the returned value's operations): most `?:`, switch and `??` returns have none,
            // and then neither the enclosing function nor its declared symbol is looked up.
            var sources = new List<IOperation>(NullSources(returned));
            if (sources.Count == 0)
            {
                return;
            }

            // In an async function null/default is the result value, not the task.
            var function = EnclosingFunction.Find(returned.Syntax);
            if (function is null || AsyncModifier.IsAsync(function))
            {
                return;
            }

            // `Task? F()`: null is part of the declared contract, the caller checks it.
            if (DeclaresNullableReturn(function, returned.SemanticModel, context.CancellationToken))
            {
                return;
            }

            // `_field?.M()` on a readonly field this class only ever sets to a `new` object: never null (NeverNullFields).
            sources.RemoveAll(source => source is IConditionalAccessOperation access && NeverNullFields.IsNeverNull(access, context.CancellationToken));

            foreach (var source in sources)
            {
                // `null!`: the suppression has no operation of its own, but belongs to what is replaced.
                var syntax = source.Syntax;
                while (syntax.Parent is PostfixUnaryExpressionSyntax suppression && suppression.IsKind(SyntaxKind.SuppressNullableWarningExpression))
                {
                    syntax = suppression;
                }

                context.ReportDiagnostic(Diagnostic.Create(Rule, syntax.GetLocation(), returned.Type!.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
            }
        }

        /// <summary>Cheap first test: a constant null, or one of the shapes that can carry one (`?:`, `switch`, `??`, `?.`).</summary>
        private static bool MayBeNull(IOperation operation)
        {
            // A constant decides alone (as before issue 16, the null test is the first and cheapest): a non-null constant is
            // never a Task, and nothing under it can be null.
            var constant = operation.ConstantValue;
            if (constant.HasValue)
            {
                return constant.Value is null;
            }

            // A call, a `new`, an await, a lambda... (under parentheses and casts) is neither a constant nor one of the shapes.
            if (!MayBeShape(operation.Syntax))
            {
                return false;
            }

            var value = Unwrap(operation);
            return IsNullConstant(operation) || IsNullConstant(value)
                || value is IConditionalOperation or ISwitchExpressionOperation or ICoalesceOperation or IConditionalAccessOperation;
        }

        private static bool MayBeShape(SyntaxNode syntax) =>
            (syntax is ExpressionSyntax expression ? expression.WalkDownParentheses(throughCasts: true, throughSuppressions: true) : syntax)
                is not (InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or AwaitExpressionSyntax or AnonymousFunctionExpressionSyntax
                    or InterpolatedStringExpressionSyntax or ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax
                    or ElementAccessExpressionSyntax or ThisExpressionSyntax or TypeOfExpressionSyntax or AnonymousObjectCreationExpressionSyntax);

        private static IOperation Unwrap(IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    // The null test before the conversion's kind (reading Conversion builds it).
                    case IConversionOperation conversion when !IsNullConstant(operation) && !conversion.Conversion.IsUserDefined:
                        operation = conversion.Operand;
                        break;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        break;
                    default:
                        return operation;
                }
            }
        }

        /// <summary>
        /// The places a null reaches the return from: a constant null, a branch of `?:`, an arm of a switch expression,
        /// the right of `??`, and a `?.` (null when its receiver is).
        /// </summary>
        internal static IEnumerable<IOperation> NullSources(IOperation returned)
        {
            var pending = new Stack<IOperation>();
            pending.Push(returned);
            while (pending.Count > 0)
            {
                var operation = pending.Pop();
                if (IsNullConstant(operation))
                {
                    yield return operation;
                    continue;
                }

                switch (Unwrap(operation))
                {
                    case var constant when IsNullConstant(constant):
                        yield return constant;
                        break;
                    case IConditionalOperation { WhenFalse: { } whenFalse, IsRef: false } conditional:
                        pending.Push(whenFalse);
                        pending.Push(conditional.WhenTrue);
                        break;
                    case ISwitchExpressionOperation switchExpression:
                        for (var i = switchExpression.Arms.Length - 1; i >= 0; i--)
                        {
                            pending.Push(switchExpression.Arms[i].Value);
                        }

                        break;
                    case ICoalesceOperation coalesce:
                        pending.Push(coalesce.WhenNull);
                        break;
                    case IConditionalAccessOperation conditionalAccess:
                        yield return conditionalAccess;
                        break;
                }
            }
        }

        /// <summary>Whether the function is declared to return `Task?` / `Task&lt;T&gt;?` (also a lambda converted to `Func&lt;Task?&gt;`).</summary>
        private static bool DeclaresNullableReturn(SyntaxNode function, SemanticModel? model, System.Threading.CancellationToken cancellationToken)
        {
            if (model is null)
            {
                return false;
            }

            var symbol = function is AnonymousFunctionExpressionSyntax lambda
                ? model.GetSymbolInfo(lambda, cancellationToken).Symbol
                : model.GetDeclaredSymbol(function, cancellationToken);
            return symbol switch
            {
                IMethodSymbol method => method.ReturnNullableAnnotation == NullableAnnotation.Annotated,
                IPropertySymbol property => property.NullableAnnotation == NullableAnnotation.Annotated,
                _ => false,
            };
        }

        /// <summary>`null`, `default`, `default(Task)`, `null!`, `(Task)null`: a constant null reaching the return.</summary>
        private static bool IsNullConstant(IOperation operation) =>
            operation.ConstantValue.HasValue && operation.ConstantValue.Value is null;
    }
}
