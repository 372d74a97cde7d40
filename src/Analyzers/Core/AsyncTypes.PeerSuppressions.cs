namespace AsyncGuard.Analyzers.Core
{
    /// <summary>The peer-suppression reader of one compilation (AG0101, AG0103, AG0201), created on first use.</summary>
    internal sealed partial class AsyncTypes
    {
        private PeerSuppressions? _peerSuppressions;

        /// <summary>Created on first use, once per compilation (a racing thread's second instance is dropped: all share one).</summary>
        public PeerSuppressions PeerSuppressions => _peerSuppressions ?? Shared(ref _peerSuppressions, PeerSuppressions.Create(this));
    }
}
