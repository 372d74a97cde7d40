using System;
using System.Collections.Generic;

namespace AsyncGuard.Internal
{
    /// <summary>Item storage behind a queue; always used under the queue's lock. Implemented by mutable structs.</summary>
    internal interface IItemStore<TItem, TElement>
    {
        int Count { get; }

        void Add(TItem item);

        TElement Take();

        /// <summary>What a consumer receives when an item is handed to it without being stored.</summary>
        TElement ToElement(TItem item);
    }

    /// <summary>FIFO ring buffer.</summary>
    internal struct FifoStore<T> : IItemStore<T, T>
    {
        private T[] _items;
        private int _head;
        private int _count;

        public int Count => _count;

        public void Add(T item)
        {
            if (_items is null || _count == _items.Length)
            {
                Grow();
            }

            int tail = _head + _count;
            if (tail >= _items!.Length)
            {
                tail -= _items.Length;
            }

            _items[tail] = item;
            _count++;
        }

        public T Take()
        {
            T item = _items[_head];
            _items[_head] = default!; // let the GC have it
            if (++_head == _items.Length)
            {
                _head = 0;
            }

            _count--;
            return item;
        }

        public T ToElement(T item) => item;

        private void Grow()
        {
            var bigger = new T[_items is null ? 8 : _items.Length * 2];
            for (int i = 0; i < _count; i++)
            {
                bigger[i] = _items![(_head + i) % _items.Length];
            }

            _items = bigger;
            _head = 0;
        }
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

        public T Take()
        {
            T item = _items[--_count];
            _items[_count] = default!;
            return item;
        }

        public T ToElement(T item) => item;
    }

    /// <summary>Binary min-heap on (priority, arrival sequence): FIFO among equal priorities.</summary>
    internal struct PriorityStore<TElement, TPriority> : IItemStore<(TElement Element, TPriority Priority), TElement>
    {
        private readonly IComparer<TPriority> _comparer;
        private Entry[] _heap;
        private int _count;
        private long _sequence;

        public PriorityStore(IComparer<TPriority> comparer)
        {
            _comparer = comparer;
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
                int parent = (i - 1) >> 1;
                if (!Less(in entry, in _heap[parent]))
                {
                    break;
                }

                _heap[i] = _heap[parent];
                i = parent;
            }

            _heap[i] = entry;
        }

        public TElement Take()
        {
            TElement result = _heap[0].Element;
            int last = --_count;
            Entry moved = _heap[last];
            _heap[last] = default;
            if (last > 0)
            {
                int i = 0;
                while (true)
                {
                    int child = (2 * i) + 1;
                    if (child >= last)
                    {
                        break;
                    }

                    if (child + 1 < last && Less(in _heap[child + 1], in _heap[child]))
                    {
                        child++;
                    }

                    if (!Less(in _heap[child], in moved))
                    {
                        break;
                    }

                    _heap[i] = _heap[child];
                    i = child;
                }

                _heap[i] = moved;
            }

            return result;
        }

        public TElement ToElement((TElement Element, TPriority Priority) item) => item.Element;

        private bool Less(in Entry a, in Entry b)
        {
            int c = _comparer.Compare(a.Priority, b.Priority);
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

            public TElement Element { get; }

            public TPriority Priority { get; }

            public long Sequence { get; }
        }
    }
}
