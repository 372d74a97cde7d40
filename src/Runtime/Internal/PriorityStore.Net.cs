// Compiled for net8.0 only (AsyncGuard.Runtime.csproj leaves *.Net.cs out of netstandard2.0).
using System.Runtime.InteropServices;

namespace AsyncGuard.Internal
{
    // The packed-key paths: int priorities in the default order.
    internal partial struct PriorityStore<TElement, TPriority>
    {
        // int priorities in the default order (the common case) keep (priority, arrival) in one long, so that
        // every comparison is a single one and the smallest of four children is found without a branch per child.
        // The type test is a constant per instantiation and folds away.
        private bool UsesPackedKeys => typeof(TPriority) == typeof(int) && _comparer is null;

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
    }
}
