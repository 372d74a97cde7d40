using System.Linq;
using AsyncGuard.Analyzers.Primitives;
using Microsoft.CodeAnalysis.Formatting;

namespace AsyncGuard.CodeFixes.Primitives
{
    /// <summary>AG0401: wrap the statements up to the Release in try/finally, or move an acquisition out of the try it opens.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AG0401ReleaseInFinallyCodeFixProvider)), Shared]
    public sealed class AG0401ReleaseInFinallyCodeFixProvider : PlanCodeFixProvider
    {
        private const string WrapTitle = "Release in a finally block";
        private const string MoveTitle = "Acquire before the try";

        public AG0401ReleaseInFinallyCodeFixProvider()
            : base(AG0401ReleaseInFinallyAnalyzer.Id)
        {
        }

        /// <summary>
        /// The edits of one block are applied together, earlier ones first; an edit that overlaps one already taken waits
        /// for the next Fix All round.
        /// </summary>
        private protected override string? Plan(DocumentRewrite input, Diagnostic diagnostic, string? variant, SyntaxRewritePlan plan)
        {
            if (Find(input.Root, input.Model, diagnostic, input.CancellationToken) is not { } edit)
            {
                return null;
            }

            var byBlock = plan.State(() => new Dictionary<BlockSyntax, List<Edit>>());
            if (!byBlock.TryGetValue(edit.Block, out var edits))
            {
                byBlock.Add(edit.Block, edits = new List<Edit>());
                plan.Replace(edit.Block, current => Rewrite((BlockSyntax)current, Choose(edits)));
            }

            edits.Add(edit);
            return edit.Move ? MoveTitle : WrapTitle;
        }

        /// <summary>One planned edit: in <see cref="Block"/>, statement <see cref="Index"/> is the acquisition (Wrap) or the try (Move).</summary>
        private readonly struct Edit(BlockSyntax block, int index, int releaseIndex, bool move)
        {
            public BlockSyntax Block { get; } = block;

            public int Index { get; } = index;

            public int ReleaseIndex { get; } = releaseIndex;

            public bool Move { get; } = move;
        }

        private static Edit? Find(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken ct)
        {
            var types = AsyncTypes.For(model.Compilation);
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var statement = node.FirstAncestorOrSelf<ExpressionStatementSyntax>();
            if (types is null || statement?.Parent is not BlockSyntax block
                || !AG0401ReleaseInFinallyAnalyzer.TryGetAcquisition(statement, out _, out var receiver))
            {
                return null;
            }

            int index = block.Statements.IndexOf(statement);
            if (diagnostic.Properties.TryGetValue(AG0401ReleaseInFinallyAnalyzer.ShapeProperty, out var shape) && shape == AG0401ReleaseInFinallyAnalyzer.MoveShape)
            {
                return block.Parent is TryStatementSyntax { Parent: BlockSyntax outer } tryStatement
                    ? new Edit(outer, outer.Statements.IndexOf(tryStatement), -1, move: true)
                    : (Edit?)null;
            }

            for (int i = index + 1; i < block.Statements.Count; i++)
            {
                if (block.Statements[i] is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax release }
                    && AG0401ReleaseInFinallyAnalyzer.IsReleaseOf(release, receiver, model, types, ct))
                {
                    return StatementRanges.CanNest(block, index + 1, i - 1, i, model, ct) ? new Edit(block, index, i, move: false) : (Edit?)null;
                }
            }

            return null; // the Release is not a statement of the same block: no safe mechanical rewrite
        }

        private static List<Edit> Choose(List<Edit> edits)
        {
            var chosen = new List<Edit>();
            int end = -1;
            foreach (var edit in edits.OrderBy(e => e.Index))
            {
                if (edit.Index > end)
                {
                    chosen.Add(edit);
                    end = edit.Move ? edit.Index : edit.ReleaseIndex;
                }
            }

            return chosen;
        }

        private static BlockSyntax Rewrite(BlockSyntax block, List<Edit> edits)
        {
            var statements = block.Statements;
            var result = new List<StatementSyntax>();
            int next = 0;
            foreach (var edit in edits)
            {
                for (; next < edit.Index; next++)
                {
                    result.Add(statements[next]);
                }

                if (edit.Move)
                {
                    var tryStatement = (TryStatementSyntax)statements[edit.Index];
                    var acquisition = tryStatement.Block.Statements[0];
                    result.Add(acquisition.WithLeadingTrivia(tryStatement.GetLeadingTrivia()).WithAdditionalAnnotations(Formatter.Annotation));
                    result.Add(tryStatement.WithBlock(tryStatement.Block.WithStatements(tryStatement.Block.Statements.RemoveAt(0))).WithAdditionalAnnotations(Formatter.Annotation));
                    next = edit.Index + 1;
                }
                else
                {
                    result.Add(statements[edit.Index]);
                    var guarded = new List<StatementSyntax>();
                    for (int i = edit.Index + 1; i < edit.ReleaseIndex; i++)
                    {
                        guarded.Add(statements[i]);
                    }

                    var release = statements[edit.ReleaseIndex];
                    var leading = guarded.Count > 0 ? guarded[0].GetLeadingTrivia() : release.GetLeadingTrivia();
                    if (guarded.Count > 0)
                    {
                        guarded[0] = guarded[0].WithLeadingTrivia(SyntaxFactory.ElasticMarker);
                    }

                    var tryStatement = SyntaxFactory.TryStatement(
                            SyntaxFactory.Block(guarded),
                            default,
                            SyntaxFactory.FinallyClause(SyntaxFactory.Block(release.WithoutTrivia())))
                        .WithLeadingTrivia(leading)
                        .WithTrailingTrivia(release.GetTrailingTrivia())
                        .WithAdditionalAnnotations(Formatter.Annotation);
                    result.Add(tryStatement);
                    next = edit.ReleaseIndex + 1;
                }
            }

            for (; next < statements.Count; next++)
            {
                result.Add(statements[next]);
            }

            return block.WithStatements(SyntaxFactory.List(result));
        }
    }
}
