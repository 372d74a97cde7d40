using Microsoft.CodeAnalysis.CodeActions;

namespace AsyncGuard.CodeFixes.Core
{
    /// <summary>
    /// The one pipeline of every AsyncGuard fix. A subclass writes only <see cref="Plan"/>: the edits of one diagnostic,
    /// planned on the original tree. The base prepares each document once, plans each diagnostic and applies the plan in
    /// one pass, for the single fix and Fix All (document, project, solution) alike. The equivalence key is the rule's ID,
    /// or "&lt;ID&gt;:&lt;variant&gt;" for each variant a subclass offers (<see cref="VariantsOf"/>): Fix All applies the
    /// chosen action's variant. A fix whose edits reach other documents (make async up the callers, renames) overrides
    /// <see cref="FixSolutionAsync"/>; its Fix All is then one solution change, so shared callers change once.
    /// </summary>
    public abstract class PlanCodeFixProvider : CodeFixProvider
    {
        private static readonly string?[] s_single = { null };
        private readonly ImmutableArray<string> _ids;

        private protected PlanCodeFixProvider(string ruleId, params string[] alsoFixes)
        {
            RuleId = ruleId;
            _ids = ImmutableArray.Create(ruleId).AddRange(alsoFixes);
        }

        public sealed override ImmutableArray<string> FixableDiagnosticIds => _ids;

        private protected string RuleId { get; }

        /// <summary>Whether the fix changes other documents than the diagnostic's: it then overrides <see cref="FixSolutionAsync"/>.</summary>
        private protected virtual bool IsSolutionWide => false;

        public sealed override FixAllProvider GetFixAllProvider() => IsSolutionWide
            ? new SolutionFixAll(this)
            : FixAllProvider.Create((context, document, diagnostics) =>
                FixDocumentAsync(document, diagnostics, VariantOf(context.CodeActionEquivalenceKey), context.CancellationToken)!);

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var document = context.Document;
            var input = await DocumentRewrite.CreateAsync(document, context.CancellationToken).ConfigureAwait(false);
            if (input is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                foreach (var variant in VariantsOf(diagnostic))
                {
                    var title = Plan(input, diagnostic, variant, new SyntaxRewritePlan());
                    if (title is null || (IsSolutionWide && !await IsOfferedAsync(input, diagnostic, variant).ConfigureAwait(false)))
                    {
                        continue;
                    }

                    var chosen = variant;
                    var key = chosen is null ? RuleId : RuleId + ":" + chosen;
                    context.RegisterCodeFix(
                        IsSolutionWide
                            ? CodeAction.Create(title, ct => FixSolutionAsync(new SolutionRewrite(document.Project.Solution), new[] { (document.Id, diagnostic) }, chosen, ct), key)
                            : CodeAction.Create(title, ct => FixDocumentAsync(document, ImmutableArray.Create(diagnostic), chosen, ct), key),
                        diagnostic);
                }
            }
        }

        /// <summary>The variants offered for a diagnostic, one action each; by default the one fix, keyed by the rule's ID.</summary>
        private protected virtual IEnumerable<string?> VariantsOf(Diagnostic diagnostic) => s_single;

        /// <summary>
        /// Plans the fix of one diagnostic (in the given variant; null for the default one) into <paramref name="plan"/>;
        /// returns its title, or null when no sound fix exists. Planned into a fresh plan when only the title is wanted.
        /// </summary>
        private protected abstract string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan);

        /// <summary>Solution-wide fixes: whether a diagnostic <see cref="Plan"/> accepts is offered the variant's fix (its reference checks).</summary>
        private protected virtual Task<bool> IsOfferedAsync(DocumentRewrite input, Diagnostic diagnostic, string? variant) => Task.FromResult(true);

        /// <summary>
        /// Solution-wide fixes: fixes the batch (one diagnostic for the single fix, every one in scope for Fix All) in one
        /// solution change. By default each diagnostic is planned into its document's plan and every plan applied.
        /// </summary>
        private protected virtual async Task<Solution> FixSolutionAsync(
            SolutionRewrite rewrite, IReadOnlyList<(DocumentId Document, Diagnostic Diagnostic)> batch, string? variant, CancellationToken cancellationToken)
        {
            foreach (var (documentId, diagnostic) in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await rewrite.GetAsync(documentId, cancellationToken).ConfigureAwait(false) is { } input)
                {
                    Plan(input, diagnostic, variant, input.Plan);
                }
            }

            return rewrite.Apply();
        }

        /// <summary>The title of a solution-wide Fix All in the given variant.</summary>
        private protected virtual string FixAllTitle(string? variant) => "Fix all " + RuleId;

        private string? VariantOf(string? equivalenceKey) =>
            equivalenceKey != null && equivalenceKey.Length > RuleId.Length + 1 && equivalenceKey.StartsWith(RuleId + ":", System.StringComparison.Ordinal)
                ? equivalenceKey.Substring(RuleId.Length + 1)
                : null;

        /// <summary>Fixes the given diagnostics of one document in one rewrite pass.</summary>
        private async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? variant, CancellationToken cancellationToken)
        {
            var input = await DocumentRewrite.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            if (input is null)
            {
                return document;
            }

            foreach (var diagnostic in diagnostics)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Plan(input, diagnostic, variant, input.Plan);
            }

            return input.Apply();
        }

        /// <summary>Fix All of a solution-wide fix in document, project or solution: the diagnostics of the scope in one batch.</summary>
        private sealed class SolutionFixAll : FixAllProvider
        {
            private readonly PlanCodeFixProvider _fix;

            public SolutionFixAll(PlanCodeFixProvider fix) => _fix = fix;

            public override Task<CodeAction?> GetFixAsync(FixAllContext context)
            {
                var variant = _fix.VariantOf(context.CodeActionEquivalenceKey);
                return Task.FromResult<CodeAction?>(CodeAction.Create(
                    _fix.FixAllTitle(variant),
                    async ct =>
                    {
                        var batch = new List<(DocumentId, Diagnostic)>();
                        switch (context.Scope)
                        {
                            case FixAllScope.Document when context.Document != null:
                                foreach (var diagnostic in await context.GetDocumentDiagnosticsAsync(context.Document).ConfigureAwait(false))
                                {
                                    batch.Add((context.Document.Id, diagnostic));
                                }

                                break;
                            case FixAllScope.Project:
                                await AddProjectAsync(context, context.Project, batch).ConfigureAwait(false);
                                break;
                            case FixAllScope.Solution:
                                foreach (var project in context.Solution.Projects)
                                {
                                    await AddProjectAsync(context, project, batch).ConfigureAwait(false);
                                }

                                break;
                        }

                        return await _fix.FixSolutionAsync(new SolutionRewrite(context.Solution), batch, variant, ct).ConfigureAwait(false);
                    },
                    context.CodeActionEquivalenceKey));
            }

            private static async Task AddProjectAsync(FixAllContext context, Project project, List<(DocumentId, Diagnostic)> batch)
            {
                foreach (var diagnostic in await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false))
                {
                    if (diagnostic.Location.SourceTree is { } tree && project.GetDocument(tree) is { } document)
                    {
                        batch.Add((document.Id, diagnostic));
                    }
                }
            }
        }
    }
}
