using System.Collections.Immutable;
using AsyncGuard.Analyzers.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.Analyzers.TaskLifetime
{
    /// <summary>
    /// AG0209: `new TaskCompletionSource(..)` without TaskCreationOptions.RunContinuationsAsynchronously (info), and the
    /// TaskContinuationOptions value passed by mistake, which binds to the `object state` constructor (warning).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AG0209TaskCompletionSourceInlineAnalyzer : DiagnosticAnalyzer
    {
        public const string Id = "AG0209";

        /// <summary>Property set on the warning: the argument is a TaskContinuationOptions value taken as the state.</summary>
        public const string MistakeProperty = "ContinuationOptionsAsState";

        public static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            Id,
            title: "TaskCompletionSource continuations run inline",
            messageFormat: "'{0}' is created without TaskCreationOptions.RunContinuationsAsynchronously: awaiting code runs inline on the thread that completes it",
            category: RuleHelp.TaskLifetimeCategory,
            defaultSeverity: DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            description: "Continuations of a TaskCompletionSource's task run synchronously inside SetResult/SetException unless it is created with TaskCreationOptions.RunContinuationsAsynchronously: the completing thread runs foreign code while it may hold locks, which leads to reentrancy bugs and deadlocks.",
            helpLinkUri: RuleHelp.LinkFor(Id));

        // The release file holds one row per ID (the Info default of the rule); this second descriptor of the same ID
        // is deliberately a warning, which release tracking cannot express.
#pragma warning disable RS2001
        public static readonly DiagnosticDescriptor ContinuationOptionsRule = new DiagnosticDescriptor(
            Id,
            title: "TaskContinuationOptions passed to a TaskCompletionSource",
            messageFormat: "'{0}' is passed as the TaskCompletionSource's state object, not as an option; use TaskCreationOptions.{1}",
            category: RuleHelp.TaskLifetimeCategory,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "TaskCompletionSource has no constructor taking TaskContinuationOptions: the value binds to the `object state` overload and has no effect. Use the TaskCreationOptions member of the same name.",
            helpLinkUri: RuleHelp.LinkFor(Id));
#pragma warning restore RS2001

        /// <summary>
        /// .editorconfig key: `true` reports the TaskContinuationOptions mistake even where NetAnalyzers' CA2247 (on by
        /// default, the same finding) is not turned off. Without it the mistake is reported only where CA2247 is configured
        /// to none or silent: one finding, one diagnostic.
        /// </summary>
        public const string ReportContinuationOptionsOption = "dotnet_diagnostic.AG0209.report_continuation_options";

        /// <summary>
        /// .editorconfig key: `true` also reports a completion source that proxies another task (completed only inside
        /// that task's ExecuteSynchronously continuations); silent by default.
        /// </summary>
        public const string ReportContinuationProxiesOption = "dotnet_diagnostic.AG0209.report_continuation_proxies";

        /// <summary>TaskCreationOptions.RunContinuationsAsynchronously (and the TaskContinuationOptions member of the same value).</summary>
        private const int RunContinuationsAsynchronously = 64;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, ContinuationOptionsRule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(RuleHelp.GeneratedCode);
            context.RegisterCompilationStartAction(start =>
            {
                var types = AsyncTypes.Create(start.Compilation);
                if (types is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => Analyze(c, types), OperationKind.ObjectCreation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, AsyncTypes types)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Type is not { Name: "TaskCompletionSource" } type || !types.IsTaskCompletionSource(type) || creation.Constructor is null)
            {
                return;
            }

            foreach (var argument in creation.Arguments)
            {
                var parameterType = argument.Parameter?.Type;
                var value = argument.Value;
                if (parameterType.Is(types.TaskCreationOptions))
                {
                    // A non-constant value may well carry the flag: only constants are judged.
                    if (!value.ConstantValue.HasValue || value.ConstantValue.Value is not int flags || (flags & RunContinuationsAsynchronously) != 0)
                    {
                        return;
                    }
                }
                else if (parameterType?.SpecialType == SpecialType.System_Object
                    && value is IConversionOperation { Operand: { } operand }
                    && operand.Type.Is(types.TaskContinuationOptions))
                {
                    // CA2247 reports the same mistake by default: then this is silent, the info included (one finding, one diagnostic).
                    if (!ReportsMistake(context, creation.Syntax.SyntaxTree))
                    {
                        return;
                    }

                    var properties = ImmutableDictionary<string, string?>.Empty.Add(MistakeProperty, "true");
                    context.ReportDiagnostic(Diagnostic.Create(ContinuationOptionsRule, operand.Syntax.GetLocation(), properties, operand.Syntax.ToString(), MemberName(operand)));
                    return;
                }
            }

            // Nothing runs inline where no continuation exists (the task is only waited on synchronously), and a proxy of
            // another task completed inside that task's ExecuteSynchronously continuation runs its awaiters where the
            // antecedent's would run anyway.
            switch (CompletionSourceUses.Classify(creation, types, context.CancellationToken))
            {
                case CompletionSourceUse.ReadSynchronously:
                    return;
                case CompletionSourceUse.ContinuationProxy when !IsOn(context, creation.Syntax.SyntaxTree, ReportContinuationProxiesOption):
                    return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation(), type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
        }

        private static bool IsOn(OperationAnalysisContext context, SyntaxTree tree, string option) =>
            context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(option, out var value)
            && string.Equals(value?.Trim(), "true", System.StringComparison.OrdinalIgnoreCase);

        private static bool ReportsMistake(OperationAnalysisContext context, SyntaxTree tree)
        {
            if (context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(ReportContinuationOptionsOption, out var value)
                && string.Equals(value?.Trim(), "true", System.StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            // CA2247 turned off (or hidden) for this tree, globally, or in the compilation options: AG0209 takes the finding.
            var options = context.Compilation.Options;
            ReportDiagnostic severity;
            var provider = options.SyntaxTreeOptionsProvider;
            if ((provider != null && (provider.TryGetDiagnosticValue(tree, "CA2247", context.CancellationToken, out severity)
                    || provider.TryGetGlobalDiagnosticValue("CA2247", context.CancellationToken, out severity)))
                || options.SpecificDiagnosticOptions.TryGetValue("CA2247", out severity))
            {
                return severity is ReportDiagnostic.Suppress or ReportDiagnostic.Hidden;
            }

            return false;
        }

        private static string MemberName(IOperation operand) =>
            operand is IFieldReferenceOperation field ? field.Field.Name : "RunContinuationsAsynchronously";
    }
}
