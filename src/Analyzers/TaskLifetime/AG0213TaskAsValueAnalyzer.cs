namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0213: a task that has a result (Task&lt;T&gt;, ValueTask&lt;T&gt;) used as a value where the result was meant:
    /// formatted into a string (interpolation hole, string concatenation, string.Format/Concat, Console and TextWriter
    /// Write*, StringBuilder Append*/Insert, the message arguments of Microsoft.Extensions.Logging's LoggerExtensions),
    /// or compared with ==/!= to an operand its result converts to (`Task.WhenAny(a, b) == a`). A cast to object
    /// (`(object)task`) says the task itself is meant and stays silent; so do tasks without a result.
    /// </summary>
    public sealed class AG0213TaskAsValueAnalyzer() : AsyncGuardAnalyzer(Rule)
    {
        public const string Id = "AG0213";

        public static readonly DiagnosticDescriptor Rule = RuleHelp.Descriptor(
            Id, RuleHelp.TaskLifetimeCategory, DiagnosticSeverity.Warning, RuleTraits.DefiniteBug,
            title: "Task used as a value where its result was meant",
            messageFormat: "'{0}' is a {1}, not its result: {2}; await it",
            description: "A Task<T> or ValueTask<T> formatted into a string prints its type name (\"System.Threading.Tasks.Task`1[...]\"), and one compared with == is compared by reference with a value that can never be the task: the await was forgotten. Await the task to use its result; cast it to object where the task itself is meant.");

        internal const string FormattedUse = "formatting it writes the task's type name";
        internal const string ComparedUse = "comparing it compares the task object with a result";

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
        {
            var sinks = new FormattingSinks(types);
            // Interpolation holes from the operation tree (plain, and handler appends that bound or did not), not by asking the
            // semantic model for each hole's type: that query rebinds the lambda around a hole (`Select(x => $"{x.Id}")`).
            start.RegisterOperationAction(c => AnalyzeInterpolation(c, types), OperationKind.Interpolation, OperationKind.InterpolatedStringAppendFormatted, OperationKind.InterpolatedStringAppendInvalid);
            start.RegisterOperationAction(c => AnalyzeBinary(c, types), OperationKind.Binary);
            start.RegisterOperationAction(c => AnalyzeCompoundAssignment(c, types), OperationKind.CompoundAssignment);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, types, sinks), OperationKind.Invocation);
        }

        /// <summary>T of Task&lt;T&gt; (or a type derived from it) and of ValueTask&lt;T&gt;; null for anything else.</summary>
        internal static ITypeSymbol? ResultTypeOf(ITypeSymbol? type, AsyncTypes types)
        {
            // Only a struct (ValueTask<T>) or a class (Task<T> and its subclasses) can qualify, and no special type does
            // (int, string, object...): most operands are answered here without a symbol comparison.
            if (type is null || type.SpecialType != SpecialType.None || type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
            {
                return null;
            }

            if (types.IsValueTaskOfT(type))
            {
                return ((INamedTypeSymbol)type).TypeArguments[0];
            }

            for (var t = type as INamedTypeSymbol; t != null; t = t.BaseType)
            {
                if (types.IsTaskOfT(t))
                {
                    return t.TypeArguments[0];
                }
            }

            return null;
        }

        private static void AnalyzeInterpolation(OperationAnalysisContext context, AsyncTypes types)
        {
            if (context.Operation.Syntax is not InterpolationSyntax { Expression: { } expression })
            {
                return;
            }

            // The hole's value: the interpolation's expression, or the value handed to the handler's AppendFormatted.
            var value = context.Operation switch
            {
                IInterpolationOperation interpolation => interpolation.Expression,
                IInterpolatedStringAppendOperation { AppendCall: IInvocationOperation { Arguments.Length: > 0 } call } => call.Arguments[0].Value,
                _ => null,
            };

            // The type of the hole's expression as written (its own type, before a conversion to object); where the operation
            // found is not that expression's (a parenthesized hole, a handler call that did not bind), the semantic model's.
            var operand = value is null ? null : StripImplicit(value);
            var type = operand != null && operand.Syntax == expression
                ? operand.Type
                : context.Operation.SemanticModel?.GetTypeInfo(expression, context.CancellationToken).Type;
            if (ResultTypeOf(type, types) != null)
            {
                Report(context.ReportDiagnostic, expression, type!, FormattedUse);
            }
        }

        private static void AnalyzeBinary(OperationAnalysisContext context, AsyncTypes types)
        {
            var binary = (IBinaryOperation)context.Operation;
            switch (binary.OperatorKind)
            {
                case BinaryOperatorKind.Add when binary.Type?.SpecialType == SpecialType.System_String:
                    ReportFormatted(context, binary.LeftOperand, types);
                    ReportFormatted(context, binary.RightOperand, types);
                    break;
                case BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals:
                    var left = StripImplicit(binary.LeftOperand);
                    var right = StripImplicit(binary.RightOperand);
                    if (!ReportCompared(context, left, right, types))
                    {
                        ReportCompared(context, right, left, types);
                    }

                    break;
            }
        }

        private static void AnalyzeCompoundAssignment(OperationAnalysisContext context, AsyncTypes types)
        {
            var assignment = (ICompoundAssignmentOperation)context.Operation;
            if (assignment.OperatorKind == BinaryOperatorKind.Add && assignment.Target.Type?.SpecialType == SpecialType.System_String)
            {
                ReportFormatted(context, assignment.Value, types);
            }
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, AsyncTypes types, FormattingSinks sinks)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (!sinks.Formats(invocation.TargetMethod))
            {
                return;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is not { } parameter)
                {
                    continue;
                }

                if (parameter.IsParams && argument.Value is IArrayCreationOperation { Initializer: { } initializer })
                {
                    foreach (var element in initializer.ElementValues)
                    {
                        ReportFormatted(context, element, types);
                    }
                }
                else if (parameter.IsParams && argument.Value is ICollectionExpressionOperation collection)
                {
                    // `params ReadOnlySpan<object?>` (string.Format and Console.WriteLine on .NET 9 and later).
                    foreach (var element in collection.Elements)
                    {
                        ReportFormatted(context, element, types);
                    }
                }
                else if (parameter.Type.SpecialType == SpecialType.System_Object)
                {
                    ReportFormatted(context, argument.Value, types);
                }
            }
        }

        private static void ReportFormatted(OperationAnalysisContext context, IOperation value, AsyncTypes types)
        {
            var operand = StripImplicit(value);
            if (operand.Type is { } type && ResultTypeOf(type, types) != null && operand.Syntax is ExpressionSyntax expression)
            {
                Report(context.ReportDiagnostic, expression, type, FormattedUse);
            }
        }

        /// <summary>
        /// `task == other` where the task's result converts implicitly to the other operand's type (and the other is not
        /// the same task type or the null literal): the result was meant (`await Task.WhenAny(a, b) == a`).
        /// </summary>
        private static bool ReportCompared(OperationAnalysisContext context, IOperation task, IOperation other, AsyncTypes types)
        {
            if (task.Type is not { } type || ResultTypeOf(type, types) is not { } result
                || other.Type is not { TypeKind: not TypeKind.Error } otherType
                || other.ConstantValue is { HasValue: true, Value: null }
                || type.Is(otherType)
                || task.Syntax is not ExpressionSyntax expression
                || !context.Compilation.ClassifyCommonConversion(result, otherType).IsImplicit)
            {
                return false;
            }

            Report(context.ReportDiagnostic, expression, type, ComparedUse);
            return true;
        }

        private static void Report(System.Action<Diagnostic> report, ExpressionSyntax expression, ITypeSymbol type, string use) =>
            report(Diagnostic.Create(Rule, expression.GetLocation(), expression.ToString(), type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), use));

        private static IOperation StripImplicit(IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        /// <summary>The methods that format their object arguments into text, resolved once per compilation.</summary>
        private sealed class FormattingSinks
        {
            // Resolved on first need (a call of a sink's name), not at compilation start: most compilations of an edit
            // never ask, and each lookup searches every referenced assembly.
            private readonly Lazy<INamedTypeSymbol?> _console;
            private readonly Lazy<INamedTypeSymbol?> _textWriter;
            private readonly Lazy<INamedTypeSymbol?> _stringBuilder;
            private readonly Lazy<INamedTypeSymbol?> _loggerExtensions;

            public FormattingSinks(AsyncTypes types)
            {
                _console = Lookup(types, "System.Console");
                _textWriter = Lookup(types, "System.IO.TextWriter");
                _stringBuilder = Lookup(types, "System.Text.StringBuilder");
                _loggerExtensions = Lookup(types, "Microsoft.Extensions.Logging.LoggerExtensions");
            }

            private static Lazy<INamedTypeSymbol?> Lookup(AsyncTypes types, string metadataName) =>
                new Lazy<INamedTypeSymbol?>(() => types.TypeNamed(metadataName), LazyThreadSafetyMode.PublicationOnly);

            public bool Formats(IMethodSymbol method)
            {
                // The method's name first (no other symbol is touched): every sink below but LoggerExtensions' has one of these
                // names, and LoggerExtensions is a static class, so a call of any other name needs a look at its type only
                // when the method is static (most calls are not).
                var name = method.Name;
                if (!(name is "Format" or "Concat" or "Write" or "WriteLine" or "Append" or "AppendLine" or "AppendFormat" or "Insert")
                    && !method.IsStatic)
                {
                    return false;
                }

                var type = method.ContainingType;
                if (type is null)
                {
                    return false;
                }

                if (type.SpecialType == SpecialType.System_String)
                {
                    return name is "Format" or "Concat";
                }

                // Console / TextWriter, StringBuilder and LoggerExtensions are distinct types: at most one test below can
                // hold for a type, so each is asked only for the names it formats with (a type's name is checked before its
                // symbol is looked up).
                if (name is "Write" or "WriteLine"
                    && ((type.Name == "Console" && type.Is(_console.Value)) || (_textWriter.Value is { } textWriter && type.InheritsOrImplements(textWriter))))
                {
                    return true;
                }

                if (name is "Append" or "AppendLine" or "AppendFormat" or "Insert")
                {
                    if (type.Name == "StringBuilder" && type.Is(_stringBuilder.Value))
                    {
                        return true;
                    }
                }

                return type.Name == "LoggerExtensions" && _loggerExtensions.Value is { } loggerExtensions && type.Is(loggerExtensions);
            }
        }
    }
}
