#if NET
using System.Runtime.InteropServices;
#endif

namespace AsyncGuard.Internal
{
    /// <summary>4-ary min-heap on (priority, arrival sequence): FIFO among equal priorities. Four children per node
    /// halve the depth of a binary heap, which pays off because sifting is dominated by moving entries. The net8.0-only
    /// packed-key paths are in PriorityStore.Net.cs.</summary>
    internal partial struct PriorityStore<TElement, TPriority> : IItemStore<(TElement Element, TPriority Priority), TElement>
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

        private readonly struct Entry(TElement element, TPriority priority, long key)
        {
            public readonly TElement Element = element;
            public readonly TPriority Priority = priority;

            // The arrival number, the tie-break among equal priorities; with packed keys (priority << 32) | arrival.
            public readonly long Key = key;
        }
    }
}
