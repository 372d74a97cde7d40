namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// A site that already carries a suppression of an equivalent rule of another analyzer (vs-threading, Meziantou,
    /// NetAnalyzers, AsyncFixer) is a deliberate decision the team made once: honour it instead of asking again.
    /// Recognised: `#pragma warning disable PEER` covering the site, `[SuppressMessage("..", "PEER..")]` on an
    /// enclosing member or type, and assembly- or module-level ones (GlobalSuppressions.cs) whose Target is an
    /// enclosing member, type or namespace. `dotnet_diagnostic.AGxxxx.honor_peer_suppressions = false` reports anyway.
    /// Checked only for a diagnostic about to be reported; pragmas are read only when the tree has directives.
    /// </summary>
    internal sealed partial class PeerSuppressions
    {
        /// <summary>The peers' equivalents of each rule, as in the README's rule table.</summary>
        private static readonly ImmutableDictionary<string, ImmutableArray<string>> Peers = new Dictionary<string, ImmutableArray<string>>
        {
            ["AG0101"] = ImmutableArray.Create("VSTHRD002", "VSTHRD103", "MA0042", "CA1849", "AsyncFixer02"),
            ["AG0102"] = ImmutableArray.Create("VSTHRD103", "MA0042", "CA1849", "AsyncFixer02"),
            ["AG0103"] = ImmutableArray.Create("VSTHRD002", "MA0045", "CA1849", "AsyncFixer02"),
            // The compiler's CS4014 is the same finding in async functions; written around a statement elsewhere it states the intent.
            ["AG0201"] = ImmutableArray.Create("CS4014", "VSTHRD110", "MA0134"),
            // Forwarding the token (issue 16, deb9): NetAnalyzers' CA2016 and Meziantou's MA0040 / MA0032.
            ["AG0301"] = ImmutableArray.Create("CA2016", "MA0040", "MA0032"),
        }.ToImmutableDictionary(StringComparer.Ordinal);

        private readonly Compilation _compilation;
        /// <summary>SuppressMessageAttribute, looked up on the first check (a diagnostic about to be reported), not per compilation start.</summary>
        private INamedTypeSymbol? SuppressMessageType => _types.TypeNamed("System.Diagnostics.CodeAnalysis.SuppressMessageAttribute");
        private readonly Lazy<ImmutableArray<(string Id, string? Scope, string? Target)>> _global;

        private readonly AsyncTypes _types;

        private PeerSuppressions(AsyncTypes types)
        {
            _types = types;
            _compilation = types.Compilation;
            _global = new Lazy<ImmutableArray<(string, string?, string?)>>(ReadGlobalSuppressions, LazyThreadSafetyMode.PublicationOnly);
        }

        /// <summary>
        /// One per compilation, shared by the rules that honour peers (<see cref="AsyncTypes.PeerSuppressions"/>; no static
        /// state); the assembly attributes are read only when first needed.
        /// </summary>
        public static PeerSuppressions Create(AsyncTypes types) => new PeerSuppressions(types);

        /// <summary>The .editorconfig key that turns the check off for one rule.</summary>
        public static string OptionFor(string ruleId) => RuleOptions.Key(ruleId, "honor_peer_suppressions");

        public static ImmutableArray<string> PeersOf(string ruleId) =>
            Peers.TryGetValue(ruleId, out var peers) ? peers : ImmutableArray<string>.Empty;

        /// <summary>Whether a diagnostic of <paramref name="ruleId"/> at <paramref name="node"/> is covered by a peer's suppression.</summary>
        public bool IsSuppressed(string ruleId, SyntaxNode node, SemanticModel model, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            var peers = PeersOf(ruleId);
            if (peers.IsEmpty)
            {
                return false;
            }

            var tree = node.SyntaxTree;
            if (!RuleOptions.GetBool(options, tree, OptionFor(ruleId), defaultValue: true))
            {
                return false;
            }

            // Issue 16 (deb9): ReSharper's comment suppressions of its equivalent inspection, and CA2012 around a ValueTask wait.
            if (IsSuppressedByInspectionComment(ruleId, node, cancellationToken))
            {
                return true;
            }

            peers = WithValueTaskPeers(ruleId, peers, node, model, cancellationToken);

            // The enclosing symbol is asked for (a binder walk) only when an attribute could be there: a declaration around the
            // node carries attributes or has other parts (partial), or the assembly or module carries peer suppressions.
            return IsSuppressedByPragma(tree.GetRoot(cancellationToken), node.SpanStart, peers)
                || (SuppressMessageType != null
                    && (MayCarryAttributes(node) || !_global.Value.IsEmpty)
                    && IsSuppressedByAttribute(model.GetEnclosingSymbol(node.SpanStart, cancellationToken), peers, cancellationToken));
        }

        /// <summary>
        /// Whether a symbol enclosing <paramref name="node"/> may have attributes: one of the declarations around it (member,
        /// type, accessor, local function, lambda) has an attribute list, or is partial (its other parts may have them).
        /// False means none of the enclosing symbols has a [SuppressMessage] of its own.
        /// </summary>
        private static bool MayCarryAttributes(SyntaxNode node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case MemberDeclarationSyntax member when member.AttributeLists.Count > 0 || member.Modifiers.Any(SyntaxKind.PartialKeyword):
                    case AccessorDeclarationSyntax { AttributeLists.Count: > 0 }:
                    case LocalFunctionStatementSyntax { AttributeLists.Count: > 0 }:
                    case LambdaExpressionSyntax { AttributeLists.Count: > 0 }:
                        return true;
                }
            }

            return false;
        }

        /// <summary>`#pragma warning disable PEER` before the position, not restored since.</summary>
        private static bool IsSuppressedByPragma(SyntaxNode root, int position, ImmutableArray<string> peers)
        {
            if (!root.ContainsDirectives)
            {
                return false;
            }

            HashSet<string>? disabled = null;
            foreach (var pragma in PragmasPerTree.GetValue(root.SyntaxTree, ReadPragmas))
            {
                if (pragma.Position >= position)
                {
                    break;
                }

                foreach (var code in pragma.Codes)
                {
                    var id = PeerId(code, peers);
                    if (id is null)
                    {
                        continue;
                    }

                    if (pragma.Disable)
                    {
                        (disabled ??= new HashSet<string>(StringComparer.Ordinal)).Add(id);
                    }
                    else
                    {
                        disabled?.Remove(id);
                    }
                }
            }

            return disabled is { Count: > 0 };
        }

        /// <summary>
        /// The file's active `#pragma warning` directives, in order: read once per tree and kept with it (accepted static
        /// state, weak, derived from the immutable tree alone), so a file with many candidate findings and many `#if`
        /// directives is not walked again for each.
        /// </summary>
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxTree, Pragma[]> PragmasPerTree =
            new System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxTree, Pragma[]>();

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxTree, Pragma[]>.CreateValueCallback ReadPragmas = tree =>
        {
            List<Pragma>? found = null;
            // Only the subtrees that hold directives are entered (GetNextDirective would walk every token of the file).
            foreach (var trivia in tree.GetRoot().DescendantTrivia(static node => node.ContainsDirectives))
            {
                if (trivia.IsKind(SyntaxKind.PragmaWarningDirectiveTrivia) && trivia.GetStructure() is PragmaWarningDirectiveTriviaSyntax { IsActive: true } pragma)
                {
                    var codes = new string[pragma.ErrorCodes.Count];
                    for (int i = 0; i < codes.Length; i++)
                    {
                        codes[i] = pragma.ErrorCodes[i].ToString();
                    }

                    (found ??= new List<Pragma>()).Add(new Pragma(pragma.SpanStart, pragma.DisableOrRestoreKeyword.IsKind(SyntaxKind.DisableKeyword), codes));
                }
            }

            return found?.ToArray() ?? new Pragma[0];
        };

        private readonly struct Pragma(int position, bool disable, string[] codes)
        {
            public int Position { get; } = position;

            public bool Disable { get; } = disable;

            public string[] Codes { get; } = codes;
        }

        /// <summary>[SuppressMessage] on the enclosing members and types, then the assembly- and module-level ones aimed at them.</summary>
        private bool IsSuppressedByAttribute(ISymbol? enclosing, ImmutableArray<string> peers, CancellationToken cancellationToken)
        {
            if (SuppressMessageType is null)
            {
                return false;
            }

            for (var symbol = enclosing; symbol != null && symbol.Kind != SymbolKind.Namespace; symbol = symbol.ContainingSymbol)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var attribute in symbol.GetAttributes())
                {
                    if (attribute.AttributeClass.Is(SuppressMessageType)
                        && attribute.ConstructorArguments.Length == 2
                        && attribute.ConstructorArguments[1].Value is string checkId
                        && PeerId(checkId, peers) != null)
                    {
                        return true;
                    }
                }
            }

            var global = _global.Value;
            if (global.IsEmpty)
            {
                return false;
            }

            foreach (var (id, scope, target) in global)
            {
                if (!peers.Contains(id))
                {
                    continue;
                }

                if (target is null)
                {
                    // No target: the whole module (Scope = "module" or none).
                    if (scope is null || string.Equals(scope, "module", StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }

                    continue;
                }

                if (Targets(enclosing, scope, target))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether a global suppression's Target (a documentation ID, `~` optional) names an enclosing member, type or namespace.</summary>
        private static bool Targets(ISymbol? enclosing, string? scope, string target)
        {
            var wanted = target.StartsWith("~", StringComparison.Ordinal) ? target.Substring(1) : target;
            var descendants = string.Equals(scope, "namespaceanddescendants", StringComparison.OrdinalIgnoreCase);
            for (var symbol = enclosing; symbol != null; symbol = symbol.ContainingSymbol)
            {
                if (symbol is INamespaceSymbol { IsGlobalNamespace: true })
                {
                    break;
                }

                if (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction })
                {
                    continue;
                }

                var id = symbol.GetDocumentationCommentId();
                if (id is null)
                {
                    continue;
                }

                if (symbol is INamespaceSymbol)
                {
                    // A namespace covers its types only with Scope = "namespaceanddescendants".
                    if (descendants && string.Equals(id, wanted, StringComparison.Ordinal))
                    {
                        return true;
                    }

                    continue;
                }

                // Suppressions generated by the IDE add the return type to a method's ID: `~M:N.C.M(System.Int32)~System.String`.
                if (string.Equals(id, wanted, StringComparison.Ordinal)
                    || (symbol is IMethodSymbol && wanted.Length > id.Length && wanted[id.Length] == '~' && wanted.StartsWith(id, StringComparison.Ordinal)))
                {
                    return true;
                }
            }

            return false;
        }

        private ImmutableArray<(string Id, string? Scope, string? Target)> ReadGlobalSuppressions()
        {
            var builder = ImmutableArray.CreateBuilder<(string, string?, string?)>();
            Add(_compilation.Assembly.GetAttributes(), builder);
            Add(_compilation.SourceModule.GetAttributes(), builder);
            return builder.ToImmutable();
        }

        private void Add(ImmutableArray<AttributeData> attributes, ImmutableArray<(string, string?, string?)>.Builder builder)
        {
            foreach (var attribute in attributes)
            {
                if (!attribute.AttributeClass.Is(SuppressMessageType)
                    || attribute.ConstructorArguments.Length != 2
                    || attribute.ConstructorArguments[1].Value is not string checkId)
                {
                    continue;
                }

                var id = PeerId(checkId, AllPeers);
                if (id is null)
                {
                    continue;
                }

                string? scope = null;
                string? target = null;
                foreach (var named in attribute.NamedArguments)
                {
                    switch (named.Key)
                    {
                        case "Scope":
                            scope = named.Value.Value as string;
                            break;
                        case "Target":
                            target = named.Value.Value as string;
                            break;
                    }
                }

                builder.Add((id, scope, target));
            }
        }

        private static readonly ImmutableArray<string> AllPeers =
            ImmutableArray.Create("VSTHRD002", "VSTHRD103", "MA0042", "MA0045", "CA1849", "AsyncFixer02", "CS4014", "VSTHRD110", "MA0134",
                "CA2016", "MA0040", "MA0032", "CA2012");

        /// <summary>The peer ID a check ID names ("VSTHRD002", "VSTHRD002:Avoid problematic synchronous waits"), if any.</summary>
        private static string? PeerId(string checkId, ImmutableArray<string> peers)
        {
            var colon = checkId.IndexOf(':');
            var id = (colon >= 0 ? checkId.Substring(0, colon) : checkId).Trim();
            foreach (var peer in peers)
            {
                if (string.Equals(id, peer, StringComparison.OrdinalIgnoreCase))
                {
                    return peer;
                }
            }

            return null;
        }
    }
}
