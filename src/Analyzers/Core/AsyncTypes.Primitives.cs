namespace AsyncGuard.Analyzers.Core
{
    /// <summary>Symbols of the primitives rules (AG04xx), resolved on first use. Runtime types are found by metadata name only.</summary>
    internal sealed partial class AsyncTypes
    {
        private INamedTypeSymbol? _semaphoreSlimType;
        private INamedTypeSymbol? _asyncGuardSemaphore;
        private INamedTypeSymbol? _asyncGuardLock;
        private INamedTypeSymbol? _asyncGuardLazy;
        private INamedTypeSymbol? _lazyOfT;
        private INamedTypeSymbol? _vsThreadingSemaphore;
        private INamedTypeSymbol? _monitorType;
        private INamedTypeSymbol? _mutexType;
        private INamedTypeSymbol? _readerWriterLockSlimType;
        private INamedTypeSymbol? _spinLockType;
        private INamedTypeSymbol? _threadingLockType;

        public INamedTypeSymbol? SemaphoreSlimType => _semaphoreSlimType ??= TypeNamed("System.Threading.SemaphoreSlim");

        /// <summary>AsyncGuard.AsyncSemaphore of the AsyncGuard runtime, when referenced.</summary>
        public INamedTypeSymbol? AsyncGuardSemaphore => _asyncGuardSemaphore ??= TypeNamed("AsyncGuard.AsyncSemaphore");

        /// <summary>AsyncGuard.AsyncLock of the AsyncGuard runtime, when referenced.</summary>
        public INamedTypeSymbol? AsyncGuardLock => _asyncGuardLock ??= TypeNamed("AsyncGuard.AsyncLock");

        /// <summary>AsyncGuard.AsyncLazy&lt;T&gt; of the AsyncGuard runtime, when referenced.</summary>
        public INamedTypeSymbol? AsyncGuardLazy => _asyncGuardLazy ??= TypeNamed("AsyncGuard.AsyncLazy`1");

        /// <summary>System.Lazy&lt;T&gt;.</summary>
        public INamedTypeSymbol? LazyOfT => _lazyOfT ??= TypeNamed("System.Lazy`1");

        public INamedTypeSymbol? VsThreadingSemaphore => _vsThreadingSemaphore ??= TypeNamed("Microsoft.VisualStudio.Threading.AsyncSemaphore");

        public INamedTypeSymbol? MonitorType => _monitorType ??= TypeNamed("System.Threading.Monitor");

        public INamedTypeSymbol? MutexType => _mutexType ??= TypeNamed("System.Threading.Mutex");

        public INamedTypeSymbol? ReaderWriterLockSlimType => _readerWriterLockSlimType ??= TypeNamed("System.Threading.ReaderWriterLockSlim");

        public INamedTypeSymbol? SpinLockType => _spinLockType ??= TypeNamed("System.Threading.SpinLock");

        /// <summary>System.Threading.Lock (.NET 9+).</summary>
        public INamedTypeSymbol? ThreadingLockType => _threadingLockType ??= TypeNamed("System.Threading.Lock");

        /// <summary>SemaphoreSlim or AsyncGuard.AsyncSemaphore: counted, released by Release().</summary>
        public bool IsReleasableSemaphore(ITypeSymbol? type) => type != null && (type.Is(SemaphoreSlimType) || type.Is(AsyncGuardSemaphore));

        /// <summary>A type whose lock method returns a releaser to dispose: AsyncGuard.AsyncLock / AsyncSemaphore, vs-threading AsyncSemaphore.</summary>
        public bool IsReleaserOwner(ITypeSymbol? type) =>
            type != null && (type.Is(AsyncGuardLock) || type.Is(AsyncGuardSemaphore) || type.Is(VsThreadingSemaphore));
    }
}
