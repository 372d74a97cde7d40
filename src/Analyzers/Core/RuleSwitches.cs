using System.Runtime.CompilerServices;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Which rules can report in a compilation, read the way the compiler's driver reads it before it runs an analyzer: the
    /// descriptor's default, then the command line (<c>/nowarn</c>, rule sets), a global analyzer config, and every file's
    /// <c>.editorconfig</c>. A rule off by default runs only where one of them turns it on (or where a bulk
    /// <c>dotnet_analyzer_diagnostic</c> severity might, which is read as "might report"); a rule on by default runs unless
    /// the compilation-wide settings turn it off and no file turns it back on. Erring towards running never changes what is
    /// reported (the driver still filters each diagnostic by its effective severity); it only costs the rule's time.
    /// Built once per compilation by the host: the compilation-wide answers first, then at most one pass over the files,
    /// only for the descriptors those left off (on a keystroke, per-descriptor passes cost as much as the host saves).
    /// </summary>
    internal sealed class RuleSwitches
    {
        internal const string BulkPrefix = "dotnet_analyzer_diagnostic.";

        /// <summary>The descriptors that can report, by ID (more than 64 descriptors; null when <see cref="_bits"/> answers).</summary>
        private readonly HashSet<string>? _on;

        /// <summary>Up to 64 descriptors: bit i set when descriptors[i] (as given to the constructor) can report.</summary>
        private readonly ulong _bits;

        private readonly ImmutableArray<DiagnosticDescriptor> _descriptors;
        private Dictionary<string, string>? _categoryKeys;

        public RuleSwitches(Compilation compilation, AnalyzerOptions options, ImmutableArray<DiagnosticDescriptor> descriptors, CancellationToken cancellationToken)
        {
            var provider = options.AnalyzerConfigOptionsProvider;
            if (descriptors.Length <= 64)
            {
                // An edit keeps the options objects and all trees but one: the last compilation's reading is reused
                // (Read), and only a tree it has not seen is read.
                // The bits themselves answer (no set of IDs is built per compilation).
                _bits = Read(Memos.GetOrCreateValue(compilation.Options), compilation, provider, descriptors, cancellationToken);
                _descriptors = descriptors;
                return;
            }

            _on = new HashSet<string>(StringComparer.Ordinal);
            var off = CompilationWide(compilation.Options, descriptors, cancellationToken, _on);
            if (off != null)
            {
                TurnedOnInFiles(compilation, provider, compilation.Options.SyntaxTreeOptionsProvider, off, cancellationToken);
            }
        }

        /// <summary>
        /// Accepted static state: the last reading per compilation options object (weak, goes with it), derived only from
        /// the options, providers and trees it names and checked against them before reuse.
        /// </summary>
        private static readonly ConditionalWeakTable<CompilationOptions, Latest<Reading>> Memos = new ConditionalWeakTable<CompilationOptions, Latest<Reading>>();

        /// <summary>
        /// The descriptors the compilation-wide settings leave on (added to <paramref name="on"/>); the others, or null
        /// when none is left off.
        /// </summary>
        private static List<DiagnosticDescriptor>? CompilationWide(CompilationOptions compilationOptions, ImmutableArray<DiagnosticDescriptor> descriptors, CancellationToken cancellationToken, HashSet<string> on)
        {
            var trees = compilationOptions.SyntaxTreeOptionsProvider;
            List<DiagnosticDescriptor>? off = null;
            foreach (var descriptor in descriptors)
            {
                var value = descriptor.IsEnabledByDefault ? ReportDiagnostic.Default : ReportDiagnostic.Suppress;
                if (compilationOptions.SpecificDiagnosticOptions.TryGetValue(descriptor.Id, out var specific))
                {
                    value = specific;
                }
                else if (trees != null && trees.TryGetGlobalDiagnosticValue(descriptor.Id, cancellationToken, out var global))
                {
                    value = global;
                }

                if (value != ReportDiagnostic.Suppress)
                {
                    on.Add(descriptor.Id);
                }
                else
                {
                    (off ??= new List<DiagnosticDescriptor>()).Add(descriptor);
                }
            }

            return off;
        }

        /// <summary>The reading of one compilation: its inputs, what each of its trees turns on, and the answer as bits over the descriptors.</summary>
        private sealed class Reading(AnalyzerConfigOptionsProvider provider, ImmutableArray<DiagnosticDescriptor> descriptors, ulong wanted, ImmutableArray<SyntaxTree> trees, ulong[] treeBits, ulong on)
        {
            public readonly AnalyzerConfigOptionsProvider Provider = provider;
            public readonly ImmutableArray<DiagnosticDescriptor> Descriptors = descriptors;

            /// <summary>Left off compilation-wide: what a file can still turn on (everything else is on for every file).</summary>
            public readonly ulong Wanted = wanted;
            public readonly ImmutableArray<SyntaxTree> Trees = trees;
            public readonly ulong[] TreeBits = treeBits;
            public readonly ulong On = on;
        }

        private static ulong Read(Latest<Reading> memo, Compilation compilation, AnalyzerConfigOptionsProvider provider, ImmutableArray<DiagnosticDescriptor> descriptors, CancellationToken cancellationToken)
        {
            var last = memo.Value;
            if (last == null || !ReferenceEquals(last.Provider, provider) || last.Descriptors != descriptors)
            {
                last = null;
            }

            ulong wanted;
            if (last != null)
            {
                wanted = last.Wanted;
            }
            else
            {
                // Every descriptor is on compilation-wide, turned on for every file by a global bulk key, or left to the files.
                var off = CompilationWide(compilation.Options, descriptors, cancellationToken, new HashSet<string>(StringComparer.Ordinal));
                if (off != null && new RuleSwitches().TryBulk(provider.GlobalOptions, off))
                {
                    off = null;
                }

                wanted = 0;
                foreach (var descriptor in off ?? (IEnumerable<DiagnosticDescriptor>)Array.Empty<DiagnosticDescriptor>())
                {
                    wanted |= 1UL << descriptors.IndexOf(descriptor);
                }
            }

            var trees = compilation.SyntaxTrees is ImmutableArray<SyntaxTree> array ? array : compilation.SyntaxTrees.ToImmutableArray();
            var treeOptions = compilation.Options.SyntaxTreeOptionsProvider;
            var bits = new ulong[wanted == 0 ? 0 : trees.Length];
            ulong fromFiles = 0;
            if (wanted != 0)
            {
                bool aligned = last != null && last.TreeBits.Length == trees.Length && last.Trees.Length == trees.Length;
                for (int i = 0; i < trees.Length; i++)
                {
                    bits[i] = aligned && ReferenceEquals(last!.Trees[i], trees[i])
                        ? last.TreeBits[i]
                        : TreeSwitches.For(trees[i], treeOptions, provider, descriptors, cancellationToken);
                    fromFiles |= bits[i];
                }
            }

            var all = descriptors.Length == 64 ? ulong.MaxValue : (1UL << descriptors.Length) - 1;
            var reading = new Reading(provider, descriptors, wanted, trees, bits, (all & ~wanted) | (fromFiles & wanted));
            memo.Value = reading;
            return reading.On;
        }

        private RuleSwitches()
        {
            _on = new HashSet<string>(StringComparer.Ordinal);
        }

        /// <summary>
        /// The bits of <paramref name="some"/> among <paramref name="all"/> (the descriptors the host gives the constructor),
        /// for <see cref="AnyMayReport(ulong)"/>; 0 when there are more than 64 (then <see cref="AnyMayReport(ImmutableArray{DiagnosticDescriptor})"/> answers).
        /// </summary>
        public static ulong MaskOf(ImmutableArray<DiagnosticDescriptor> all, ImmutableArray<DiagnosticDescriptor> some)
        {
            // By ID, as the set of IDs answers: every descriptor of `all` with the ID of one of `some`.
            ulong mask = 0;
            if (all.Length <= 64)
            {
                foreach (var descriptor in some)
                {
                    for (int i = 0; i < all.Length; i++)
                    {
                        if (string.Equals(all[i].Id, descriptor.Id, StringComparison.Ordinal))
                        {
                            mask |= 1UL << i;
                        }
                    }
                }
            }

            return mask;
        }

        /// <summary>Whether a descriptor of <paramref name="mask"/> (<see cref="MaskOf"/> over the constructor's descriptors) can report.</summary>
        public bool AnyMayReport(ulong mask) => (_bits & mask) != 0;

        /// <summary>Whether any of <paramref name="descriptors"/> (given to the constructor too) can report.</summary>
        public bool AnyMayReport(ImmutableArray<DiagnosticDescriptor> descriptors)
        {
            if (_on is null)
            {
                return AnyMayReport(MaskOf(_descriptors, descriptors));
            }

            foreach (var descriptor in descriptors)
            {
                if (_on.Contains(descriptor.Id))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Off for the compilation: on in some file's .editorconfig, or under a bulk severity that might reach it (more than 64 descriptors).</summary>
        private void TurnedOnInFiles(Compilation compilation, AnalyzerConfigOptionsProvider provider, SyntaxTreeOptionsProvider? trees, List<DiagnosticDescriptor> off, CancellationToken cancellationToken)
        {
            if (TryBulk(provider.GlobalOptions, off))
            {
                return;
            }

            foreach (var tree in compilation.SyntaxTrees)
            {
                if (trees != null)
                {
                    for (int i = off.Count - 1; i >= 0; i--)
                    {
                        if (trees.TryGetDiagnosticValue(tree, off[i].Id, cancellationToken, out var perTree) && perTree != ReportDiagnostic.Suppress)
                        {
                            _on!.Add(off[i].Id);
                            off.RemoveAt(i);
                        }
                    }
                }

                if (off.Count == 0 || TryBulk(provider.GetOptions(tree), off))
                {
                    return;
                }
            }
        }

        /// <summary>
        /// Turns on what <c>dotnet_analyzer_diagnostic.severity</c> or a category's key (anything but <c>none</c>) may reach,
        /// taking it out of <paramref name="off"/>; true when nothing is left off.
        /// </summary>
        private bool TryBulk(AnalyzerConfigOptions options, List<DiagnosticDescriptor> off)
        {
            if (IsOn(options, BulkPrefix + "severity"))
            {
                foreach (var descriptor in off)
                {
                    _on!.Add(descriptor.Id);
                }

                off.Clear();
                return true;
            }

            string? checkedCategory = null;
            bool categoryOn = false;
            for (int i = off.Count - 1; i >= 0; i--)
            {
                var category = off[i].Category;
                if (!string.Equals(category, checkedCategory, StringComparison.Ordinal))
                {
                    checkedCategory = category;
                    categoryOn = IsOn(options, CategoryKey(category));
                }

                if (categoryOn)
                {
                    _on!.Add(off[i].Id);
                    off.RemoveAt(i);
                }
            }

            return off.Count == 0;
        }

        /// <summary>The category's bulk key, made once per category and compilation (asked for every file).</summary>
        private string CategoryKey(string category)
        {
            _categoryKeys ??= new Dictionary<string, string>(StringComparer.Ordinal);
            if (!_categoryKeys.TryGetValue(category, out var key))
            {
                _categoryKeys[category] = key = BulkPrefix + "category-" + category + ".severity";
            }

            return key;
        }

        internal static bool IsOn(AnalyzerConfigOptions options, string key) =>
            options.TryGetValue(key, out var severity) && !string.Equals(severity.Trim(), "none", StringComparison.OrdinalIgnoreCase);
    }
}
