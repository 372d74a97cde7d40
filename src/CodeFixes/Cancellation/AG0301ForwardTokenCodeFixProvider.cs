using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using AsyncGuard.Analyzers.Cancellation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncGuard.CodeFixes.Cancellation
{
    /// <summary>AG0301: pass the available token, one fix per token, nearest first.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0301ForwardTokenCodeFixProvider)), Shared]
    public sealed class AG0301ForwardTokenCodeFixProvider : CodeFixProvider
    {
        /// <summary>Equivalence keys are "AG0301:n", n the token's rank; Fix All passes each call its token of that rank.</summary>
        private const string KeyPrefix = AG0301ForwardTokenAnalyzer.Id + ":";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(AG0301ForwardTokenAnalyzer.Id);

        public override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create((context, document, diagnostics) =>
                TokenForwarding.FixAsync(document, diagnostics, RankOf(context.CodeActionEquivalenceKey), context.CancellationToken)!);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var tokens = TokenForwarding.TokensOf(diagnostic);
                for (var rank = 0; rank < tokens.Length; rank++)
                {
                    if (!await TokenForwarding.CanFixAsync(context.Document, diagnostic, rank, context.CancellationToken).ConfigureAwait(false))
                    {
                        continue;
                    }

                    var chosen = rank;
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            $"Pass '{tokens[rank]}'",
                            ct => TokenForwarding.FixAsync(context.Document, ImmutableArray.Create(diagnostic), chosen, ct),
                            equivalenceKey: KeyPrefix + rank),
                        diagnostic);
                }
            }
        }

        private static int RankOf(string? equivalenceKey) =>
            equivalenceKey != null && equivalenceKey.StartsWith(KeyPrefix, System.StringComparison.Ordinal)
            && int.TryParse(equivalenceKey.Substring(KeyPrefix.Length), out var rank) ? rank : 0;
    }
}
