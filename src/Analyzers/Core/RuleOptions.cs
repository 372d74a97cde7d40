namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// The one reader of the rules' .editorconfig options (`dotnet_diagnostic.AGxxxx.name = value`, documented on each
    /// rule's docs/rules page). Values are trimmed and compared without case; a value that does not parse reads as the
    /// default, so a typo never turns a check on or off by accident.
    /// </summary>
    internal static class RuleOptions
    {
        /// <summary>The key of <paramref name="name"/> for <paramref name="ruleId"/>: `dotnet_diagnostic.AGxxxx.name`.</summary>
        public static string Key(string ruleId, string name) => "dotnet_diagnostic." + ruleId + "." + name;

        /// <summary>A `true` / `false` option of the file; <paramref name="defaultValue"/> when absent or not a boolean.</summary>
        public static bool GetBool(AnalyzerConfigOptions options, string key, bool defaultValue = false)
        {
            if (!options.TryGetValue(key, out var value) || value is null)
            {
                return defaultValue;
            }

            value = value.Trim();
            return string.Equals(value, "true", StringComparison.OrdinalIgnoreCase)
                || (!string.Equals(value, "false", StringComparison.OrdinalIgnoreCase) && defaultValue);
        }

        /// <inheritdoc cref="GetBool(AnalyzerConfigOptions, string, bool)"/>
        public static bool GetBool(AnalyzerOptions options, SyntaxTree tree, string key, bool defaultValue = false) =>
            GetBool(options.AnalyzerConfigOptionsProvider.GetOptions(tree), key, defaultValue);

        /// <inheritdoc cref="GetBool(AnalyzerConfigOptions, string, bool)"/>
        public static bool GetBool(AnalyzerOptions options, SyntaxTree tree, string ruleId, string name, bool defaultValue = false) =>
            GetBool(options, tree, Key(ruleId, name), defaultValue);

        /// <summary>Whether the option is set to <paramref name="expected"/> (trimmed, any case): for options with named values.</summary>
        public static bool Is(AnalyzerConfigOptions options, string key, string expected) =>
            options.TryGetValue(key, out var value) && value != null
            && string.Equals(value.Trim(), expected, StringComparison.OrdinalIgnoreCase);

        /// <summary>`key = a, b; c` as trimmed, non-empty entries; null when absent or blank.</summary>
        public static string[]? GetList(AnalyzerConfigOptions options, string key)
        {
            if (!options.TryGetValue(key, out var value) || string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            var parts = value.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < parts.Length; i++)
            {
                parts[i] = parts[i].Trim();
            }

            return parts;
        }
    }
}
