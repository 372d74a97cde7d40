using System.Runtime.CompilerServices;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// Equality by object identity, for caches whose keys are canonical objects (a type's OriginalDefinition): no symbol
    /// hashing or comparison on the hot path.
    /// </summary>
    internal sealed class ByReference<T> : IEqualityComparer<T>
        where T : class
    {
        public static readonly ByReference<T> Instance = new ByReference<T>();

        private ByReference()
        {
        }

        public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

        public int GetHashCode(T obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
