using System.Collections.Concurrent;

namespace AsyncGuard.Internal
{
    /// <summary>Item storage behind a queue; always used under the queue's lock. Implemented by mutable structs.</summary>
    internal interface IItemStore<TItem, TElement>
    {
        int Count { get; }

        /// <summary>True when <see cref="TryTake"/> may also be called without the lock (only while no producer can wait).</summary>
        bool IsConcurrent { get; }

        void Add(TItem item);

        bool TryTake(out TElement element);

        /// <summary>What a consumer receives when an item is handed to it without being stored.</summary>
        TElement ToElement(TItem item);
    }

    /// <summary>
    /// FIFO store on a <see cref="ConcurrentQueue{T}"/>, so consumers of an unbounded queue can take items without
    /// the queue's lock (adds still happen under it, which keeps the waiting-consumer hand-off race-free).
    /// </summary>
    internal struct FifoStore<T> : IItemStore<T, T>
    {
        private ConcurrentQueue<T> _items;

        public FifoStore(ConcurrentQueue<T> items) => _items = items;

        public int Count => _items.Count;

        public bool IsConcurrent => true;

        public void Add(T item) => _items.Enqueue(item);

        public bool TryTake(out T element) => _items.TryDequeue(out element!);

        public T ToElement(T item) => item;
    }

    /// <summary>LIFO array stack.</summary>
    internal struct LifoStore<T> : IItemStore<T, T>
    {
        private T[] _items;
        private int _count;

        public int Count => _count;

        public void Add(T item)
        {
            if (_items is null || _count == _items.Length)
            {
                Array.Resize(ref _items, _items is null ? 8 : _items.Length * 2);
            }

            _items[_count++] = item;
        }

        public bool IsConcurrent => false;

        public bool TryTake(out T element)
        {
            if (_count == 0)
            {
                element = default!;
                return false;
            }

            element = _items[--_count];
            _items[_count] = default!;
            return true;
        }

        public T ToElement(T item) => item;
    }
}
