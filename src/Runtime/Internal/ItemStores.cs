using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

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

    /// <summary>4-ary min-heap on (priority, arrival sequence): FIFO among equal priorities. Four children per node
    /// halve the depth of a binary heap, which pays off because sifting is dominated by moving entries.</summary>
    internal struct PriorityStore<TElement, TPriority> : IItemStore<(TElement Element, TPriority Priority), TElement>
    {
        private readonly IComparer<TPriority>? _comparer; // null: Comparer<TPriority>.Default, called directly so the JIT can devirtualize it
        private Entry[] _heap;
        private int _count;
        private long _sequence;

        public PriorityStore(IComparer<TPriority> comparer)
        {
            _comparer = ReferenceEquals(comparer, Comparer<TPriority>.Default) ? null : comparer;
            _heap = new Entry[8];
            _count = 0;
            _sequence = 0;
        }

        public int Count => _count;

        public void Add((TElement Element, TPriority Priority) item)
        {
            if (_count == _heap.Length)
            {
                Array.Resize(ref _heap, _heap.Length * 2);
            }

            var entry = new Entry(item.Element, item.Priority, _sequence++);
            int i = _count++;
            while (i > 0)
            {
                int parent = (i - 1) >> 2;
                if (!Less(in entry, in _heap[parent]))
                {
                    break;
                }

                _heap[i] = _heap[parent];
                i = parent;
            }

            _heap[i] = entry;
        }

        public bool IsConcurrent => false;

        public bool TryTake(out TElement element)
        {
            if (_count == 0)
            {
                element = default!;
                return false;
            }

            element = _heap[0].Element;
            int last = --_count;
            Entry moved = _heap[last];
            _heap[last] = default;
            if (last > 0)
            {
                int i = 0;
                while (true)
                {
                    int first = (i << 2) + 1;
                    if (first >= last)
                    {
                        break;
                    }

                    int best = first;
                    int end = Math.Min(first + 4, last);
                    for (int c = first + 1; c < end; c++)
                    {
                        if (Less(in _heap[c], in _heap[best]))
                        {
                            best = c;
                        }
                    }

                    if (!Less(in _heap[best], in moved))
                    {
                        break;
                    }

                    _heap[i] = _heap[best];
                    i = best;
                }

                _heap[i] = moved;
            }

            return true;
        }

        public TElement ToElement((TElement Element, TPriority Priority) item) => item.Element;

        private bool Less(in Entry a, in Entry b)
        {
            int c = _comparer is null
                ? Comparer<TPriority>.Default.Compare(a.Priority, b.Priority)
                : _comparer.Compare(a.Priority, b.Priority);
            return c < 0 || (c == 0 && a.Sequence < b.Sequence);
        }

        private readonly struct Entry
        {
            public Entry(TElement element, TPriority priority, long sequence)
            {
                Element = element;
                Priority = priority;
                Sequence = sequence;
            }

            public readonly TElement Element;
            public readonly TPriority Priority;
            public readonly long Sequence;
        }
    }
}
