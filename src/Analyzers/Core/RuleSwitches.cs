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
        private const string BulkPrefix = "dotnet_analyzer_diagnostic.";

        private readonly HashSet<string> _on = new HashSet<string>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _categoryKeys = new Dictionary<string, string>(StringComparer.Ordinal);

        public RuleSwitches(Compilation compilation, AnalyzerOptions options, ImmutableArray<DiagnosticDescriptor> descriptors, CancellationToken cancellationToken)
        {
            var compilationOptions = compilation.Options;
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
                    _on.Add(descriptor.Id);
                }
                else
                {
                    (off ??= new List<DiagnosticDescriptor>()).Add(descriptor);
                }
            }

            if (off != null)
            {
                TurnedOnInFiles(compilation, options, trees, off, cancellationToken);
            }
        }

        /// <summary>Whether any of <paramref name="descriptors"/> (given to the constructor too) can report.</summary>
        public bool AnyMayReport(ImmutableArray<DiagnosticDescriptor> descriptors)
        {
            foreach (var descriptor in descriptors)
            {
                if (_on.Contains(descriptor.Id))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Off for the compilation: on in some file's .editorconfig, or under a bulk severity that might reach it.</summary>
        private void TurnedOnInFiles(Compilation compilation, AnalyzerOptions options, SyntaxTreeOptionsProvider? trees, List<DiagnosticDescriptor> off, CancellationToken cancellationToken)
        {
            var provider = options.AnalyzerConfigOptionsProvider;
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
                            _on.Add(off[i].Id);
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
                    _on.Add(descriptor.Id);
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
                    _on.Add(off[i].Id);
                    off.RemoveAt(i);
                }
            }

            return off.Count == 0;
        }

        /// <summary>The category's bulk key, made once per category and compilation (asked for every file).</summary>
        private string CategoryKey(string category)
        {
            if (!_categoryKeys.TryGetValue(category, out var key))
            {
                _categoryKeys[category] = key = BulkPrefix + "category-" + category + ".severity";
            }

            return key;
        }

        private static bool IsOn(AnalyzerConfigOptions options, string key) =>
            options.TryGetValue(key, out var severity) && !string.Equals(severity.Trim(), "none", StringComparison.OrdinalIgnoreCase);
    }
}
