using System.Linq;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Cancellation;
using AsyncGuard.Analyzers.Primitives;
using AsyncGuard.Analyzers.Style;
using AsyncGuard.Analyzers.TaskLifetime;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// The one analyzer the compiler loads (issue 17, the keystroke): it hosts every rule. Each rule stays its own short
    /// sealed class (found by its ID, tested alone, still a complete <see cref="DiagnosticAnalyzer"/>), but the driver sees a
    /// single analyzer, so it walks each declaration's nodes and operations once for all rules instead of once per rule
    /// (thirty-five walks per edited document were most of the package's cost per keystroke). One compilation-start action
    /// fetches the shared <see cref="AsyncTypes"/> and lets each rule that can report in this compilation register its
    /// actions; a rule whose every diagnostic is off everywhere (<see cref="RuleSwitches"/>) registers nothing, as the
    /// driver would have skipped its analyzer.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AsyncGuardRules : DiagnosticAnalyzer
    {
        /// <summary>Every rule of the package, in ID order (tests/…/Infrastructure/RuleHostTests checks the list is complete).</summary>
        internal static readonly ImmutableArray<AsyncGuardAnalyzer> Rules = ImmutableArray.Create<AsyncGuardAnalyzer>(
            new AG0101BlockingWaitAnalyzer(),
            new AG0102AsyncAlternativeAnalyzer(),
            new AG0103SyncOverAsyncAnalyzer(),
            new AG0104DualPathMismatchAnalyzer(),
            new AG0201UnobservedTaskAnalyzer(),
            new AG0202AsyncVoidAnalyzer(),
            new AG0203AsyncLambdaToVoidDelegateAnalyzer(),
            new AG0204TaskEscapesScopeAnalyzer(),
            new AG0205UsingUnawaitedTaskAnalyzer(),
            new AG0206NestedTaskAnalyzer(),
            new AG0207TaskReturnsNullAnalyzer(),
            new AG0208ValueTaskMisuseAnalyzer(),
            new AG0209TaskCompletionSourceInlineAnalyzer(),
            new AG0210AmbientSchedulerAnalyzer(),
            new AG0211AwaitNullConditionalAnalyzer(),
            new AG0212LongRunningAsyncAnalyzer(),
            new AG0213TaskAsValueAnalyzer(),
            new AG0214DeferredTasksEnumeratedTwiceAnalyzer(),
            new AG0301ForwardTokenAnalyzer(),
            new AG0302EnumerateWithTokenAnalyzer(),
            new AG0303AcceptTokenAnalyzer(),
            new AG0304DisposeTokenSourceAnalyzer(),
            new AG0305DisposeTokenRegistrationAnalyzer(),
            new AG0306UnusedTokenParameterAnalyzer(),
            new AG0401ReleaseInFinallyAnalyzer(),
            new AG0402DisposeReleaserAnalyzer(),
            new AG0403ThreadAffineLockAcrossAwaitAnalyzer(),
            new AG0404AsyncLazyAnalyzer(),
            new AG0405SemaphoreAsMutexAnalyzer(),
            new AG0501ConfigureAwaitAnalyzer(),
            new AG0502AsyncSuffixAnalyzer(),
            new AG0503NoAsyncSuffixAnalyzer(),
            new AG0504NeedlessAsyncAnalyzer(),
            new AG0505DeferredValidationAnalyzer(),
            new AG0506TokenParameterLastAnalyzer());

        // Rules on by default first: the driver asks whether any descriptor is enabled, and stops at the first that is.
        private static readonly ImmutableArray<DiagnosticDescriptor> Supported = Rules
            .SelectMany(r => r.SupportedDiagnostics).Distinct()
            .OrderBy(d => d.IsEnabledByDefault ? 0 : 1).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();

        /// <summary>Each rule's descriptors as bits over <see cref="Supported"/> (<see cref="RuleSwitches.MaskOf"/>; all 0 above 64 descriptors).</summary>
        private static readonly ImmutableArray<ulong> RuleMasks = Rules.Select(r => RuleSwitches.MaskOf(Supported, r.SupportedDiagnostics)).ToImmutableArray();

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(RuleHelp.GeneratedCode);
            context.RegisterCompilationStartAction(start =>
            {
                if (AsyncTypes.CreateFor(start.Compilation) is not { } types)
                {
                    return;
                }

                var switches = new RuleSwitches(start.Compilation, start.Options, Supported, start.CancellationToken);
                var byMask = Supported.Length <= 64;
                for (int i = 0; i < Rules.Length; i++)
                {
                    if (byMask ? switches.AnyMayReport(RuleMasks[i]) : switches.AnyMayReport(Rules[i].SupportedDiagnostics))
                    {
                        Rules[i].Start(start, types);
                    }
                }
            });
        }
    }
}
