using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
#if NET
using System.Runtime.InteropServices;
#endif

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
        // With packed keys the arrival number lives in the low 32 bits of the key; at this many arrivals the
        // numbers are reissued (see RenumberArrivals).
        internal const long ArrivalLimit = 1L << 32;

        private readonly IComparer<TPriority>? _comparer; // null: Comparer<TPriority>.Default
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

        public bool IsConcurrent => false;

        /// <summary>The arrival number the next item gets; tests set it to reach <see cref="ArrivalLimit"/>.</summary>
        internal long NextSequence
        {
            get => _sequence;
            set => _sequence = value;
        }

#if NET
        // int priorities in the default order (the common case) keep (priority, arrival) in one long, so that
        // every comparison is a single one and the smallest of four children is found without a branch per child.
        // The type test is a constant per instantiation and folds away.
        private bool UsesPackedKeys => typeof(TPriority) == typeof(int) && _comparer is null;
#endif

        public void Add((TElement Element, TPriority Priority) item)
        {
            // The sifts work on locals: the store is a struct inside the queue, so its fields are reached through
            // a byref the JIT must reload after every store into the array.
            int i = _count;
            if (i == _heap.Length)
            {
                Array.Resize(ref _heap, _heap.Length * 2);
            }

#if NET
            if (UsesPackedKeys)
            {
                if (_sequence == ArrivalLimit)
                {
                    RenumberArrivals();
                }

                _count = i + 1;
                long key = ((long)(int)(object)item.Priority! << 32) | (uint)_sequence++;
                SiftUpPacked(ref MemoryMarshal.GetArrayDataReference(_heap), i, new Entry(item.Element, item.Priority, key));
                return;
            }
#endif

            _count = i + 1;
            var entry = new Entry(item.Element, item.Priority, _sequence++);
            if (_comparer is null)
            {
                SiftUp(_heap, i, entry, default(DefaultOrder));
            }
            else
            {
                SiftUp(_heap, i, entry, new CustomOrder(_comparer));
            }
        }

        public bool TryTake(out TElement element)
        {
            int last = _count - 1;
            if (last < 0)
            {
                element = default!;
                return false;
            }

            Entry[] heap = _heap;
            element = heap[0].Element;
            _count = last;
            if (last > 0)
            {
#if NET
                if (UsesPackedKeys)
                {
                    SiftDownPacked(heap, last, heap[last]);
                }
                else
#endif
                if (_comparer is null)
                {
                    SiftDown(heap, last, heap[last], default(DefaultOrder));
                }
                else
                {
                    SiftDown(heap, last, heap[last], new CustomOrder(_comparer));
                }
            }

#if NET
            if (RuntimeHelpers.IsReferenceOrContainsReferences<Entry>())
#endif
            {
                heap[last] = default; // drop the references the vacated slot held
            }

            return true;
        }

        public TElement ToElement((TElement Element, TPriority Priority) item) => item.Element;

        // Generic over a struct order so each comparer kind gets its own specialized, inlined loop.
        private static void SiftUp<TOrder>(Entry[] heap, int i, Entry entry, TOrder order)
            where TOrder : struct, IOrder
        {
            while (i > 0)
            {
                int parent = (i - 1) >> 2;
                Entry up = heap[parent];
                if (!Less(in entry, in up, order))
                {
                    break;
                }

                heap[i] = up;
                i = parent;
            }

            heap[i] = entry;
        }

        // Refills the root's hole with `moved` within heap[0..count). Bottom-up: the hole first sinks to a leaf
        // along the smallest children (no comparison with `moved`, which came from the bottom and usually belongs
        // there), then `moved` rises from that leaf; this saves about one comparison per level.
        private static void SiftDown<TOrder>(Entry[] heap, int count, Entry moved, TOrder order)
            where TOrder : struct, IOrder
        {
            int i = 0;
            int first;
            while ((first = (i << 2) + 1) < count)
            {
                int best = first;
                Entry bestEntry = heap[first];
                int end = first + 4 < count ? first + 4 : count;
                for (int c = first + 1; c < end; c++)
                {
                    Entry candidate = heap[c];
                    if (Less(in candidate, in bestEntry, order))
                    {
                        best = c;
                        bestEntry = candidate;
                    }
                }

                heap[i] = bestEntry;
                i = best;
            }

            SiftUp(heap, i, moved, order);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)] // its long branch folds away only once inlined
        private static bool Less<TOrder>(in Entry a, in Entry b, TOrder order)
            where TOrder : struct, IOrder
        {
#if NET
            // long priorities in the default order are compared directly: Compare's -1/0/1 result costs extra
            // branches in the hottest loop. The type tests fold away, and so does the boxing (only on the modern
            // JIT, hence the net8.0-only code).
            if (typeof(TOrder) == typeof(DefaultOrder) && typeof(TPriority) == typeof(long))
            {
                long x = (long)(object)a.Priority!, y = (long)(object)b.Priority!;
                return x < y || (x == y && a.Key < b.Key);
            }
#endif

            int c = order.Compare(a.Priority, b.Priority);
            return c < 0 || (c == 0 && a.Key < b.Key);
        }

#if NET
        // The packed-key sifts index through a ref to the array's first entry: every index is below the count,
        // which never exceeds the array's length, so the bounds checks the JIT cannot drop here are not needed.
        private static void SiftUpPacked(ref Entry heap, int i, Entry entry)
        {
            long key = entry.Key;
            while (i > 0)
            {
                int parent = (i - 1) >> 2;
                ref Entry up = ref Unsafe.Add(ref heap, parent);
                if (key >= up.Key)
                {
                    break;
                }

                Unsafe.Add(ref heap, i) = up;
                i = parent;
            }

            Unsafe.Add(ref heap, i) = entry;
        }

        // Bottom-up as SiftDown; a node with four children picks the smallest by a tournament of two pairs.
        private static void SiftDownPacked(Entry[] array, int count, Entry moved)
        {
            ref Entry heap = ref MemoryMarshal.GetArrayDataReference(array);
            int i = 0;
            int first;
            while ((first = (i << 2) + 1) + 3 < count)
            {
                long k0 = Unsafe.Add(ref heap, first).Key, k1 = Unsafe.Add(ref heap, first + 1).Key;
                long k2 = Unsafe.Add(ref heap, first + 2).Key, k3 = Unsafe.Add(ref heap, first + 3).Key;
                int a = k1 < k0 ? first + 1 : first;
                long ka = k1 < k0 ? k1 : k0;
                int b = k3 < k2 ? first + 3 : first + 2;
                long kb = k3 < k2 ? k3 : k2;
                int best = kb < ka ? b : a;
                Unsafe.Add(ref heap, i) = Unsafe.Add(ref heap, best);
                i = best;
            }

            if (first < count)
            {
                // The last parent, with one to three children; their children would lie past the count.
                int best = first;
                long bestKey = Unsafe.Add(ref heap, first).Key;
                for (int c = first + 1; c < count; c++)
                {
                    long k = Unsafe.Add(ref heap, c).Key;
                    if (k < bestKey)
                    {
                        best = c;
                        bestKey = k;
                    }
                }

                Unsafe.Add(ref heap, i) = Unsafe.Add(ref heap, best);
                i = best;
            }

            SiftUpPacked(ref heap, i, moved);
        }

        // Reissues arrival numbers 0..count-1 in key order when the 32 bits for them run out (after 2^32 adds).
        // Entries sorted by key form a valid heap, and numbering them in that order keeps each priority's FIFO order.
        private void RenumberArrivals()
        {
            Array.Sort(_heap, 0, _count, KeyOrder.Instance);
            for (int j = 0; j < _count; j++)
            {
                Entry e = _heap[j];
                _heap[j] = new Entry(e.Element, e.Priority, (e.Key & ~0xFFFFFFFFL) | (uint)j);
            }

            _sequence = _count;
        }

        private sealed class KeyOrder : IComparer<Entry>
        {
            internal static readonly KeyOrder Instance = new KeyOrder();

            public int Compare(Entry x, Entry y) => x.Key.CompareTo(y.Key);
        }
#endif

        private interface IOrder
        {
            int Compare(TPriority a, TPriority b);
        }

        private readonly struct DefaultOrder : IOrder
        {
            public int Compare(TPriority a, TPriority b) => Comparer<TPriority>.Default.Compare(a, b);
        }

        private readonly struct CustomOrder : IOrder
        {
            private readonly IComparer<TPriority> _comparer;

            public CustomOrder(IComparer<TPriority> comparer) => _comparer = comparer;

            public int Compare(TPriority a, TPriority b) => _comparer.Compare(a, b);
        }

        private readonly struct Entry
        {
            public Entry(TElement element, TPriority priority, long key)
            {
                Element = element;
                Priority = priority;
                Key = key;
            }

            public readonly TElement Element;
            public readonly TPriority Priority;

            // The arrival number, the tie-break among equal priorities; with packed keys (priority << 32) | arrival.
            public readonly long Key;
        }
    }
}
