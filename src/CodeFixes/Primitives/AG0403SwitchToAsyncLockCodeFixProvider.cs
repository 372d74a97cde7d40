using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Analyzers.Core;
using AsyncGuard.Analyzers.Primitives;
using AsyncGuard.CodeFixes.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncGuard.CodeFixes.Primitives
{
    /// <summary>
    /// AG0403: where the AsyncGuard runtime is referenced, turn the private monitor field into an AsyncLock and every
    /// place of its type that takes it into <c>using (await _gate.LockAsync(token))</c>. Offered only when every use of
    /// the field can be converted (see <see cref="AsyncLockConversion"/>): two locks for one field would not exclude each other.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0403SwitchToAsyncLockCodeFixProvider)), Shared]
    public sealed class AG0403SwitchToAsyncLockCodeFixProvider : DocumentRewriteCodeFixProvider
    {
        public AG0403SwitchToAsyncLockCodeFixProvider()
            : base(AG0403ThreadAffineLockAcrossAwaitAnalyzer.Id)
        {
        }

        private protected override Task<string?> GetTitleAsync(
            Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var types = AsyncTypes.Create(model.Compilation);
            var conversion = types?.AsyncGuardLock is null
                ? null
                : AsyncLockConversion.TryCreate(root, diagnostic, model, types, cancellationToken);
            return Task.FromResult<string?>(conversion is null ? null : "Switch '" + conversion.Field.Name + "' to AsyncLock");
        }

        /// <summary>One plan for the document: each field is converted once, however many diagnostics name it.</summary>
        private protected override async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken ct)
        {
            var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(ct).ConfigureAwait(false);
            var types = model is null ? null : AsyncTypes.Create(model.Compilation);
            if (root is null || model is null || types?.AsyncGuardLock is null)
            {
                return document;
            }

            var plan = new SyntaxRewritePlan();
            var done = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var diagnostic in diagnostics)
            {
                var conversion = AsyncLockConversion.TryCreate(root, diagnostic, model, types, ct);
                if (conversion != null && done.Add(conversion.Field))
                {
                    conversion.Plan(plan, model, types, ct);
                }
            }

            return plan.IsEmpty ? document : document.WithSyntaxRoot(plan.Apply(root));
        }
    }
}
