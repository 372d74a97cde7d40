using System.Collections.Immutable;
using AsyncGuard.Analyzers.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Analyzers.Style
{
    /// <summary>AG0502 (info, off by default): a method that returns an awaitable has no Async suffix.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AG0502AsyncSuffixAnalyzer : DiagnosticAnalyzer
    {
        public const string Id = "AG0502";

        /// <summary>Property: the name the fix renames to.</summary>
        public const string NewNameProperty = AsyncNaming.NewNameProperty;

        public static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            Id,
            title: "Async method name should end with Async",
            messageFormat: "'{0}' returns an awaitable; name it '{1}'",
            category: RuleHelp.StyleCategory,
            defaultSeverity: DiagnosticSeverity.Info,
            isEnabledByDefault: false,
            description: "By .NET convention a method that returns an awaitable type ends with Async, so callers see at the call site that the result is to be awaited.",
            helpLinkUri: RuleHelp.LinkFor(Id));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(RuleHelp.GeneratedCode);
            context.RegisterCompilationStartAction(start =>
            {
                var types = AsyncTypes.Create(start.Compilation);
                if (types is null)
                {
                    return;
                }

                start.RegisterSymbolAction(c => Analyze(c, types), SymbolKind.Method);
            });
        }

        private static void Analyze(SymbolAnalysisContext context, AsyncTypes types)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (WellKnownApis.HasAsyncSuffix(method.Name) || method.MethodKind != MethodKind.Ordinary || method.ReturnsVoid
                || !types.IsAwaitable(method.ReturnType) || !AsyncNaming.NameIsOwn(method))
            {
                return;
            }

            var newName = method.Name + WellKnownApis.AsyncSuffix;
            var properties = ImmutableDictionary<string, string?>.Empty.Add(NewNameProperty, newName);
            context.ReportDiagnostic(Diagnostic.Create(Rule, method.Locations[0], properties, method.Name, newName));
        }
    }
}
