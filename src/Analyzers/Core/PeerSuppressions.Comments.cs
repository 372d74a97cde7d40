
namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Issue 16 (deb9): two more ways a site says the team already decided. ReSharper / Rider suppress an inspection with a
    /// comment, not a pragma: `// ReSharper disable once ID` in front of the statement (or member) holding the site, or
    /// `// ReSharper disable ID` earlier in the file and no `// ReSharper restore ID` since. And NetAnalyzers' CA2012 ("use
    /// ValueTasks correctly") is the peer of a wait that consumes a `ValueTask` synchronously (`vt.GetAwaiter().GetResult()`,
    /// `vt.Result`): suppressing it there states the synchronous consumption is deliberate. CA2012 counts for nothing else.
    /// Both are asked only for a diagnostic about to be reported, after the rule's own option said peers are honoured.
    /// </summary>
    internal sealed partial class PeerSuppressions
    {
        /// <summary>ReSharper inspections equivalent to a rule (`// ReSharper disable once MethodSupportsCancellation`).</summary>
        private static readonly ImmutableDictionary<string, ImmutableArray<string>> Inspections = new Dictionary<string, ImmutableArray<string>>
        {
            ["AG0301"] = ImmutableArray.Create("MethodSupportsCancellation"),
        }.ToImmutableDictionary(StringComparer.Ordinal);

        /// <summary>The rules whose waits can consume a ValueTask: CA2012 is their peer there.</summary>
        private static readonly ImmutableArray<string> ValueTaskPeers = ImmutableArray.Create("CA2012");

        public static ImmutableArray<string> InspectionsOf(string ruleId) =>
            Inspections.TryGetValue(ruleId, out var inspections) ? inspections : ImmutableArray<string>.Empty;

        private ImmutableArray<string> WithValueTaskPeers(string ruleId, ImmutableArray<string> peers, SyntaxNode node, SemanticModel model, CancellationToken cancellationToken) =>
            ruleId is "AG0101" or "AG0103" && ConsumesValueTask(node, model, cancellationToken) ? peers.AddRange(ValueTaskPeers) : peers;

        /// <summary>`GetResult()` of a ValueTask awaiter (configured or not), or `Result` of a `ValueTask&lt;T&gt;`.</summary>
        private bool ConsumesValueTask(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            var name = node switch
            {
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.Identifier.ValueText,
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                _ => null,
            };
            if (name is not ("GetResult" or "Result"))
            {
                return false;
            }

            var type = model.GetSymbolInfo(node, cancellationToken).Symbol switch
            {
                IMethodSymbol { Name: "GetResult" } method => method.ContainingType,
                IPropertySymbol { Name: "Result" } property => property.ContainingType,
                _ => null,
            };
            var types = _types;
            return type?.OriginalDefinition is { } definition
                && (definition.Is(types.ValueTaskOfT)
                    || definition.Is(types.ValueTaskAwaiter)
                    || definition.Is(types.ValueTaskAwaiterOfT)
                    || definition.Is(types.ConfiguredValueTaskAwaiter)
                    || definition.Is(types.ConfiguredValueTaskAwaiterOfT));
        }

        /// <summary>A ReSharper comment suppression of the rule's equivalent inspection covering <paramref name="node"/>.</summary>
        private static bool IsSuppressedByInspectionComment(string ruleId, SyntaxNode node, CancellationToken cancellationToken)
        {
            var inspections = InspectionsOf(ruleId);
            return !inspections.IsEmpty && (IsSuppressedOnce(node, inspections) || IsSuppressedByRegion(node, inspections, cancellationToken));
        }

        /// <summary>`// ReSharper disable once ID` in the leading trivia of the statement (or member) that holds the node.</summary>
        private static bool IsSuppressedOnce(SyntaxNode node, ImmutableArray<string> inspections)
        {
            SyntaxNode? holder = null;
            for (var current = node; current != null; current = current.Parent)
            {
                if (current is StatementSyntax and not BlockSyntax || current is MemberDeclarationSyntax)
                {
                    holder = current;
                    break;
                }
            }

            if (holder is null)
            {
                return false;
            }

            foreach (var trivia in holder.GetLeadingTrivia())
            {
                if (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia)
                    && Parse(trivia.ToString()) is { Once: true } comment && comment.Disable && Names(comment.Ids, inspections))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>`// ReSharper disable ID` before the node with no `// ReSharper restore ID` between.</summary>
        private static bool IsSuppressedByRegion(SyntaxNode node, ImmutableArray<string> inspections, CancellationToken cancellationToken)
        {
            var position = node.SpanStart;
            var disabled = false;
            foreach (var comment in RegionComments(node.SyntaxTree, cancellationToken))
            {
                if (comment.Position >= position)
                {
                    break;
                }

                if (Names(comment.Ids, inspections))
                {
                    disabled = comment.Disable;
                }
            }

            return disabled;
        }

        /// <summary>
        /// The file's `// ReSharper disable|restore` comments (not `once`), in order: read once per tree and kept with it,
        /// so a file with many candidate findings is not walked again for each. A file whose text never says "ReSharper"
        /// has none and is not walked at all.
        /// </summary>
        private static RegionComment[] RegionComments(SyntaxTree tree, CancellationToken cancellationToken)
        {
            if (RegionsPerTree.TryGetValue(tree, out var known))
            {
                return known;
            }

            var found = NoRegions;
            if (tree.GetText(cancellationToken).ToString().IndexOf("ReSharper", StringComparison.Ordinal) >= 0)
            {
                var list = new List<RegionComment>();
                foreach (var trivia in tree.GetRoot(cancellationToken).DescendantTrivia())
                {
                    if (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) && Parse(trivia.ToString()) is { Once: false } comment)
                    {
                        list.Add(new RegionComment(trivia.SpanStart, comment.Disable, comment.Ids));
                    }
                }

                found = list.ToArray();
            }

            return RegionsPerTree.GetValue(tree, _ => found);
        }

        /// <summary>Accepted static state: comments read from an immutable tree, kept weakly with it.</summary>
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxTree, RegionComment[]> RegionsPerTree =
            new System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxTree, RegionComment[]>();

        private static readonly RegionComment[] NoRegions = new RegionComment[0];

        private readonly struct RegionComment(int position, bool disable, string[] ids)
        {
            public int Position { get; } = position;

            public bool Disable { get; } = disable;

            public string[] Ids { get; } = ids;
        }

        private static bool Names(string[] ids, ImmutableArray<string> inspections)
        {
            foreach (var id in ids)
            {
                foreach (var inspection in inspections)
                {
                    if (string.Equals(id, inspection, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>`// ReSharper disable [once] A, B` or `// ReSharper restore A, B`; null for any other comment.</summary>
        private static (bool Disable, bool Once, string[] Ids)? Parse(string comment)
        {
            var text = comment.StartsWith("//", StringComparison.Ordinal) ? comment.Substring(2).Trim() : comment.Trim();
            const string Prefix = "ReSharper ";
            if (!text.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return null;
            }

            text = text.Substring(Prefix.Length).TrimStart();
            bool disable;
            if (text.StartsWith("disable ", StringComparison.Ordinal))
            {
                disable = true;
                text = text.Substring("disable ".Length).TrimStart();
            }
            else if (text.StartsWith("restore ", StringComparison.Ordinal))
            {
                disable = false;
                text = text.Substring("restore ".Length).TrimStart();
            }
            else
            {
                return null;
            }

            var once = false;
            if (disable && text.StartsWith("once ", StringComparison.Ordinal))
            {
                once = true;
                text = text.Substring("once ".Length);
            }

            var ids = text.Split(',');
            for (var i = 0; i < ids.Length; i++)
            {
                // The first word of each part: `MethodSupportsCancellation -- why` names one inspection.
                var part = ids[i].Trim();
                var end = 0;
                while (end < part.Length && !char.IsWhiteSpace(part[end]))
                {
                    end++;
                }

                ids[i] = part.Substring(0, end);
            }

            return (disable, once, ids);
        }
    }
}
