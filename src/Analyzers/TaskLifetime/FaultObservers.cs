namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0210 (issue 16, fourteenth pass, deb16): a dropped <c>ContinueWith</c> whose continuation only observes the
    /// antecedent's fault: <c>task.ContinueWith(t => GC.KeepAlive(t.Exception), TaskContinuationOptions.OnlyOnFaulted);</c>
    /// (Pipelines.Sockets.Unofficial, StackExchange.Redis), also <c>_ = t.Exception</c>, a return of <c>t.Exception</c>,
    /// <c>t.Exception?.Handle(_ =&gt; true)</c> (nineteenth pass: csharp-driver, MassTransit),
    /// either under <c>if (t != null)</c>, and the same body reached through a method group or a <c>static readonly</c>
    /// delegate field of the compilation initialized with one. Reading <c>Exception</c> only marks the fault observed (so
    /// it never reaches <c>TaskScheduler.UnobservedTaskException</c>); no code waits for the continuation's task. So
    /// whichever scheduler is current, the call does the same: the scheduler decides where next to nothing runs, like the
    /// empty continuations of <see cref="EmptyContinuations"/>. Still reported: any other statement (logging, a callback,
    /// a rethrow), an async delegate, a delegate of another assembly, a virtual method, a field that is not
    /// <c>static readonly</c>, and a continuation whose task is kept, returned, awaited or waited on.
    /// Option <see cref="ReportOption"/> reports these calls again.
    /// </summary>
    internal static class FaultObservers
    {
        /// <summary>.editorconfig key: `true` reports dropped continuations that only observe the antecedent's exception.</summary>
        public const string ReportOption = "dotnet_diagnostic.AG0210.report_fault_observers";

        public static bool IsDroppedObserver(IInvocationOperation invocation, CancellationToken cancellationToken)
        {
            if (invocation.TargetMethod.Name != "ContinueWith" || !EmptyContinuations.IsDropped(invocation))
            {
                return false;
            }

            return EmptyContinuations.AcceptedDelegates(invocation,
                value => ObservesOnly(Invocations.WithoutImplicitConversions(value), invocation.SemanticModel, cancellationToken)) == 1;
        }

        private static bool ObservesOnly(IOperation value, SemanticModel? model, CancellationToken cancellationToken)
        {
            switch (value)
            {
                case IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Symbol: { IsAsync: false, Parameters.Length: > 0 } lambda, Body: { } body } }:
                    return ObservesOnly(body, lambda.Parameters[0]);
                case IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: { } method, Instance: null } }:
                    return MethodObservesOnly(method, model, cancellationToken);
                case IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field }:
                    return FieldObservesOnly(field, model, cancellationToken);
                default:
                    return false;
            }
        }

        /// <summary>A <c>static readonly</c> delegate field of the compilation initialized with a method group that observes only.</summary>
        private static bool FieldObservesOnly(IFieldSymbol field, SemanticModel? model, CancellationToken cancellationToken)
        {
            if (model is null || field.DeclaringSyntaxReferences.Length != 1
                || field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer: { } initializer }
                || !model.Compilation.ContainsSyntaxTree(initializer.SyntaxTree))
            {
                return false;
            }

            // The file of a field or method of the compilation, only for a call AG0210 is about to report; one per call.
            var fieldModel = SemanticModels.For(model, initializer.SyntaxTree);
            return fieldModel.GetOperation(initializer, cancellationToken) is IFieldInitializerOperation { Value: { } made }
                && Invocations.WithoutImplicitConversions(made) is IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: { } method, Instance: null } }
                && MethodObservesOnly(method, fieldModel, cancellationToken);
        }

        /// <summary>A static, non-async method of the compilation whose body only observes its first parameter's exception.</summary>
        private static bool MethodObservesOnly(IMethodSymbol method, SemanticModel? model, CancellationToken cancellationToken)
        {
            method = method.ReducedFrom ?? method;
            if (model is null || !method.IsStatic || method.IsAsync || method.IsExtern || method.Parameters.Length == 0
                || method.DeclaringSyntaxReferences.Length != 1
                || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration
                || !model.Compilation.ContainsSyntaxTree(declaration.SyntaxTree))
            {
                return false;
            }

            var methodModel = SemanticModels.For(model, declaration.SyntaxTree);
            SyntaxNode? bodySyntax = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
            return bodySyntax is not null
                && methodModel.GetOperation(bodySyntax, cancellationToken) is { } body
                && ObservesOnly(body is IMethodBodyOperation { BlockBody: { } block } ? block : body is IMethodBodyOperation { ExpressionBody: { } expression } ? expression : body, method.Parameters[0]);
        }

        /// <summary>Every statement of <paramref name="body"/> only observes <paramref name="antecedent"/>'s exception; at least one does.</summary>
        private static bool ObservesOnly(IOperation body, IParameterSymbol antecedent)
        {
            var observes = 0;
            foreach (var statement in Statements(body))
            {
                switch (statement)
                {
                    case IReturnOperation { ReturnedValue: null, IsImplicit: true }:
                        continue;
                    case IReturnOperation { ReturnedValue: { } returned } when IsException(returned, antecedent):
                    case IExpressionStatementOperation { Operation: { } expression } when IsObservation(expression, antecedent):
                        observes++;
                        continue;
                    case IConditionalOperation { WhenFalse: null, Condition: { } condition, WhenTrue: { } whenTrue }
                            when IsNotNullTest(condition, antecedent) && ObservesOnly(whenTrue, antecedent):
                        observes++;
                        continue;
                    default:
                        return false;
                }
            }

            return observes > 0;
        }

        private static System.Collections.Generic.IEnumerable<IOperation> Statements(IOperation body) =>
            body is IBlockOperation block ? block.Operations : new[] { body };

        /// <summary><c>GC.KeepAlive(t.Exception)</c> or <c>_ = t.Exception</c>.</summary>
        private static bool IsObservation(IOperation expression, IParameterSymbol antecedent) => expression switch
        {
            IInvocationOperation { TargetMethod: { Name: "KeepAlive", ContainingType: { Name: "GC", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }, Arguments.Length: 1 } keep
                => IsException(keep.Arguments[0].Value, antecedent),
            ISimpleAssignmentOperation { Target: IDiscardOperation, Value: { } value } => IsException(value, antecedent),
            // t.Exception?.Handle(_ => true) / t.Exception.Handle(_ => true): every inner exception marked handled, nothing else.
            IConditionalAccessOperation { Operation: { } receiver, WhenNotNull: IInvocationOperation handle } => IsException(receiver, antecedent) && HandlesAll(handle),
            IInvocationOperation { Instance: { } receiver } handle => IsException(receiver, antecedent) && HandlesAll(handle),
            _ => false,
        };

        /// <summary><c>AggregateException.Handle(..)</c> given a non-async lambda whose only result is the constant <c>true</c>.</summary>
        private static bool HandlesAll(IInvocationOperation handle) =>
            handle is { TargetMethod: { Name: "Handle", ContainingType: { Name: "AggregateException", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }, Arguments.Length: 1 }
            && Invocations.WithoutImplicitConversions(handle.Arguments[0].Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Symbol.IsAsync: false, Body.Operations: { Length: 1 } operations } }
            && operations[0] is IReturnOperation { ReturnedValue.ConstantValue: { HasValue: true, Value: true } };

        /// <summary><c>t.Exception</c> of the task parameter (under implicit conversions).</summary>
        private static bool IsException(IOperation value, IParameterSymbol antecedent) =>
            Invocations.WithoutImplicitConversions(value) is IPropertyReferenceOperation
            {
                Property: { Name: "Exception", ContainingType: { Name: "Task", ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } } },
                Instance: IParameterReferenceOperation { Parameter: { } parameter },
            }
            && parameter.Is(antecedent);

        /// <summary><c>t != null</c>, <c>t is not null</c>.</summary>
        private static bool IsNotNullTest(IOperation condition, IParameterSymbol antecedent)
        {
            switch (condition)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } binary:
                    var (left, right) = (Invocations.WithoutImplicitConversions(binary.LeftOperand), Invocations.WithoutImplicitConversions(binary.RightOperand));
                    return (left is IParameterReferenceOperation { Parameter: { } l } && l.Is(antecedent) && right.ConstantValue is { HasValue: true, Value: null })
                        || (right is IParameterReferenceOperation { Parameter: { } r } && r.Is(antecedent) && left.ConstantValue is { HasValue: true, Value: null });
                case IIsPatternOperation { Value: { } tested, Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation { Value: { } constant } } }:
                    return Invocations.WithoutImplicitConversions(tested) is IParameterReferenceOperation { Parameter: { } p } && p.Is(antecedent)
                        && Invocations.WithoutImplicitConversions(constant).ConstantValue is { HasValue: true, Value: null };
                default:
                    return false;
            }
        }
    }
}
