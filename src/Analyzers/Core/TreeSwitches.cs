using System.Runtime.CompilerServices;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Which of the host's descriptors one file turns on (<see cref="RuleSwitches"/>): its own severity for the rule, or a
    /// bulk <c>dotnet_analyzer_diagnostic</c> key that may reach it, as bits over the descriptor list. Kept with the tree
    /// and the two option providers it was read from, so the next compilation of an edit reads only the edited file.
    /// Accepted static state: a weak table whose answers are derived from the tree and the providers it names, and go
    /// with the tree.
    /// </summary>
    internal sealed class TreeSwitches
    {
        private static readonly ConditionalWeakTable<SyntaxTree, Latest<TreeSwitches>> PerTree = new ConditionalWeakTable<SyntaxTree, Latest<TreeSwitches>>();

        private readonly SyntaxTreeOptionsProvider? _trees;
        private readonly AnalyzerConfigOptionsProvider _provider;
        private readonly ImmutableArray<DiagnosticDescriptor> _descriptors;
        private readonly ulong _on;

        private TreeSwitches(SyntaxTreeOptionsProvider? trees, AnalyzerConfigOptionsProvider provider, ImmutableArray<DiagnosticDescriptor> descriptors, ulong on)
        {
            _trees = trees;
            _provider = provider;
            _descriptors = descriptors;
            _on = on;
        }

        /// <summary>The bits of the descriptors <paramref name="tree"/> turns on (at most 64 descriptors).</summary>
        public static ulong For(SyntaxTree tree, SyntaxTreeOptionsProvider? trees, AnalyzerConfigOptionsProvider provider, ImmutableArray<DiagnosticDescriptor> descriptors, CancellationToken cancellationToken)
        {
            var holder = PerTree.GetOrCreateValue(tree);
            var known = holder.Value;
            if (known != null && ReferenceEquals(known._trees, trees) && ReferenceEquals(known._provider, provider) && known._descriptors == descriptors)
            {
                return known._on;
            }

            var read = new TreeSwitches(trees, provider, descriptors, Read(tree, trees, provider, descriptors, cancellationToken));
            holder.Value = read;
            return read._on;
        }

        private static ulong Read(SyntaxTree tree, SyntaxTreeOptionsProvider? trees, AnalyzerConfigOptionsProvider provider, ImmutableArray<DiagnosticDescriptor> descriptors, CancellationToken cancellationToken)
        {
            var options = provider.GetOptions(tree);
            if (RuleSwitches.IsOn(options, RuleSwitches.BulkPrefix + "severity"))
            {
                return descriptors.Length == 64 ? ulong.MaxValue : (1UL << descriptors.Length) - 1;
            }

            ulong on = 0;
            string? checkedCategory = null;
            bool categoryOn = false;
            for (int i = 0; i < descriptors.Length; i++)
            {
                var descriptor = descriptors[i];
                if (!string.Equals(descriptor.Category, checkedCategory, StringComparison.Ordinal))
                {
                    checkedCategory = descriptor.Category;
                    categoryOn = RuleSwitches.IsOn(options, RuleSwitches.BulkPrefix + "category-" + checkedCategory + ".severity");
                }

                if (categoryOn
                    || (trees != null && trees.TryGetDiagnosticValue(tree, descriptor.Id, cancellationToken, out var perTree) && perTree != ReportDiagnostic.Suppress))
                {
                    on |= 1UL << i;
                }
            }

            return on;
        }
    }
}
