namespace AsyncGuard.Analyzers.Core
{
    /// <summary>The dual sync/async path model of one compilation (AG0101, AG0102, AG0103, AG0104), created on first use.</summary>
    internal sealed partial class AsyncTypes
    {
        private DualPaths? _dualPaths;

        /// <summary>Created on first use, once per compilation (a racing thread's second instance is dropped: all share one).</summary>
        public DualPaths DualPaths => _dualPaths ?? Shared(ref _dualPaths, new DualPaths(this));
    }
}
