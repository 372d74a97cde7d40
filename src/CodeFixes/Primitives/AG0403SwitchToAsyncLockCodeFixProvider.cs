using AsyncGuard.Analyzers.Primitives;

namespace AsyncGuard.CodeFixes.Primitives
{
    /// <summary>
    /// AG0403: where the AsyncGuard runtime is referenced, turn the private monitor field into an AsyncLock and every
    /// place of its type that takes it into <c>using (await _gate.LockAsync(token))</c>. Offered only when every use of
    /// the field can be converted (see <see cref="AsyncLockConversion"/>): two locks for one field would not exclude each other.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0403SwitchToAsyncLockCodeFixProvider)), Shared]
    public sealed class AG0403SwitchToAsyncLockCodeFixProvider : PlanCodeFixProvider
    {
        public AG0403SwitchToAsyncLockCodeFixProvider()
            : base(AG0403ThreadAffineLockAcrossAwaitAnalyzer.Id)
        {
        }

        /// <summary>Each field is converted once, however many diagnostics name it.</summary>
        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            var conversion = input.Types.AsyncGuardLock is null
                ? null
                : AsyncLockConversion.TryCreate(input.Root, diagnostic, input.Model, input.Types, input.CancellationToken);
            if (conversion is null)
            {
                return null;
            }

            if (plan.State(() => new HashSet<ISymbol>(SymbolEqualityComparer.Default)).Add(conversion.Field))
            {
                conversion.Plan(plan, input.Model, input.Types, input.CancellationToken);
            }

            return "Switch '" + conversion.Field.Name + "' to AsyncLock";
        }
    }
}
