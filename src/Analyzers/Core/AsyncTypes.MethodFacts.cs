namespace AsyncGuard.Analyzers.Core
{
    /// <summary>Facts about the compilation's source methods (issue 16, fourteenth pass), created on first use.</summary>
    internal sealed partial class AsyncTypes
    {
        private MethodFacts? _methodFacts;

        /// <summary>Created on first use, once per compilation (a racing thread's second instance is dropped: all share one).</summary>
        public MethodFacts MethodFacts => _methodFacts ?? Shared(ref _methodFacts, new MethodFacts(Compilation));
    }
}
