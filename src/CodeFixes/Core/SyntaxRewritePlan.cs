using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace AsyncGuard.CodeFixes.Core
{
    /// <summary>
    /// Collects node replacements decided on the original tree (with its semantic model) and applies them in
    /// one ReplaceNodes pass: each callback gets its node with the already rewritten descendants, so nested
    /// edits from many diagnostics (Fix All) compose without conflicts.
    /// </summary>
    internal sealed class SyntaxRewritePlan
    {
        private readonly Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>> _replacements = new Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>();

        public bool IsEmpty => _replacements.Count == 0;

        public bool Contains(SyntaxNode node) => _replacements.ContainsKey(node);

        /// <summary>Registers a replacement for an original node; a second registration for the same node is ignored.</summary>
        public void Replace(SyntaxNode original, Func<SyntaxNode, SyntaxNode> rewrite)
        {
            if (!_replacements.ContainsKey(original))
            {
                _replacements.Add(original, rewrite);
            }
        }

        /// <summary>Chains a further rewrite after any registered for the same node.</summary>
        public void Then(SyntaxNode original, Func<SyntaxNode, SyntaxNode> rewrite)
        {
            if (_replacements.TryGetValue(original, out var first))
            {
                _replacements[original] = current => rewrite(first(current));
            }
            else
            {
                _replacements.Add(original, rewrite);
            }
        }

        public SyntaxNode Apply(SyntaxNode root) =>
            root.ReplaceNodes(_replacements.Keys, (original, current) => _replacements[original](current));
    }
}
