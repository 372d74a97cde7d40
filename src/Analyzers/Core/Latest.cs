namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// The latest value published for a key of a weak table (a reference set, a tree's switches): read and replaced whole,
    /// so a reader sees either the previous value or the new one, never a half-made one.
    /// </summary>
    internal sealed class Latest<T>
        where T : class
    {
        private volatile T? _value;

        public T? Value
        {
            get => _value;
            set => _value = value;
        }
    }
}
