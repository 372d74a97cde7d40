using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace ProjectCorpus.Library
{
    public partial class Store
    {
        // Spans, ref locals and readers live across the place where a wait is: no await may go there.
        internal int SpanAcross(string text, Task<int> pending)
        {
            ReadOnlySpan<char> span = text.AsSpan();
            var waited = pending.Result;
            return span.Length + waited;
        }

        internal int SpanBefore(string text, Task<int> pending)
        {
            ReadOnlySpan<char> span = text.AsSpan();
            var length = span.Length;
            return length + pending.Result;
        }

        internal Task<int> RefLocalAcross(int[] values, Task<int> pending)
        {
            ref int first = ref values[0];
            first = pending.Result;
            first++;
            return Task.FromResult(first);
        }

        internal Task<int> ReaderAcross(byte[] json, Task pending)
        {
            var reader = new Utf8JsonReader(json);
            pending.Wait();
            return Task.FromResult(reader.Read() ? 1 : 0);
        }

        internal Task<int> StackallocAcross(Task<int> pending)
        {
            Span<byte> buffer = stackalloc byte[8];
            buffer[0] = (byte)pending.Result;
            return Task.FromResult((int)buffer[0] + buffer.Length);
        }

        internal int ForEachSpan(string text, Task pending)
        {
            var count = 0;
            foreach (var c in text.AsSpan())
            {
                pending.Wait();
                count += c;
            }

            return count;
        }

        internal int SpanReceiver(string text, Task<char> pending) => text.AsSpan().IndexOf(pending.Result);
    }

    internal unsafe sealed class Boxes
    {
        internal int Unsafe(Task<int> pending)
        {
            int value = pending.Result;
            int* pointer = &value;
            return *pointer;
        }

        internal Task<object?> Boxed(int x)
        {
            delegate*<int, object?> box = &BoxResult;
            Thread.Sleep(x);
            return Task.FromResult(box(x));

            static object? BoxResult(int value) => value;
        }
    }

    public abstract class Reader
    {
        internal abstract ValueTask<object?> ReadAsync(int x);
    }

    public sealed class FastReader : Reader
    {
        internal sealed override unsafe ValueTask<object?> ReadAsync(int x)
        {
            delegate*<int, object?> box = &BoxResult;
            Thread.Sleep(x);
            return new ValueTask<object?>(box(x));

            static object? BoxResult(int value) => value;
        }
    }

    public sealed class BlockReader
    {
        public ValueTask<int> Read(Task<int> pending)
        {
            unsafe
            {
                int local = 1;
                int* p = &local;
                local = *p + pending.Result;
            }

            return new ValueTask<int>(1);
        }
    }
}
