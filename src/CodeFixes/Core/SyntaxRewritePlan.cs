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

        private Dictionary<Type, object>? _state;

        public bool IsEmpty => _replacements.Count == 0;

        /// <summary>State shared by the diagnostics planned into this plan (names taken, fields converted), created on first use.</summary>
        public T State<T>(Func<T> create)
            where T : class
        {
            _state ??= new Dictionary<Type, object>();
            if (!_state.TryGetValue(typeof(T), out var state))
            {
                _state.Add(typeof(T), state = create());
            }

            return (T)state;
        }

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

        /// <summary>
        /// Applies every replacement. A replacement that would cut a piece of a `?.` chain off its `?` (`x?.M().Result` ->
        /// `x?await .M()`) is not applied: the compiler cannot bind such a tree (it throws instead of reporting an error),
        /// so no plan may produce one. The planners refuse those sites first; this is the last line for every fix.
        /// </summary>
        public SyntaxNode Apply(SyntaxNode root)
        {
            var result = root.ReplaceNodes(_replacements.Keys, (original, current) =>
            {
                var replaced = _replacements[original](current);
                return replaced != current && ConditionalAccesses.IsInsideChain(original) && !ConditionalAccesses.StartsWithBinding(replaced)
                    ? current
                    : replaced;
            });
            return ConditionalAccesses.HasDanglingBinding(result) && !ConditionalAccesses.HasDanglingBinding(root) ? root : result;
        }
    }
}
