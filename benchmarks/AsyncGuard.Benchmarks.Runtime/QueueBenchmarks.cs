using System;
using System.Collections.Generic;
using System.Threading.Channels;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Nito.AsyncEx;

namespace AsyncGuard.Benchmarks.Runtime
{
    /// <summary>
    /// Enqueue + dequeue pairs, in steady state, and a priority queue fed random priorities. The channels get the
    /// settings that match what AsyncGuard's queues guarantee: any number of readers and writers, continuations
    /// never run inline (AllowSynchronousContinuations = false), a bounded writer waits when full. Differences that
    /// remain: AsyncGuard also counts unfinished work (MarkDone), and its priority queue is FIFO among equal
    /// priorities and stores an element beside its priority, while the prioritized channel orders the items
    /// themselves with no tie-break.
    /// </summary>
    [MemoryDiagnoser]
    [CategoriesColumn]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    public class QueueBenchmarks
    {
        private const int Bound = 1024;
        private const int PriorityBatch = 100;

        private readonly AsyncQueue<int> _queue = new AsyncQueue<int>();
        private readonly AsyncQueue<int> _boundedQueue = new AsyncQueue<int>(Bound);
        private readonly Channel<int> _unbounded = Channel.CreateUnbounded<int>(new UnboundedChannelOptions
        {
            SingleReader = false,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });

        private readonly Channel<int> _bounded = Channel.CreateBounded<int>(new BoundedChannelOptions(Bound)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });

        private readonly AsyncProducerConsumerQueue<int> _nito = new AsyncProducerConsumerQueue<int>();
        private readonly AsyncPriorityQueue<int, int> _priority = new AsyncPriorityQueue<int, int>();
        private readonly Channel<int> _prioritized = Channel.CreateUnboundedPrioritized(new UnboundedPrioritizedChannelOptions<int>
        {
            SingleReader = false,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
        private int[] _priorities = Array.Empty<int>();

        [GlobalSetup]
        public void Setup()
        {
            var rng = new Random(42);
            _priorities = new int[PriorityBatch];
            for (int i = 0; i < PriorityBatch; i++) _priorities[i] = rng.Next(1000);
        }

        // ---- a consumer is already waiting when the item arrives ----

        [Benchmark(Baseline = true), BenchmarkCategory("WaitingConsumer")]
        public async ValueTask Channel_Unbounded_WaitingConsumer()
        {
            ValueTask<int> read = _unbounded.Reader.ReadAsync();
            _unbounded.Writer.TryWrite(1);
            await read;
        }

        [Benchmark, BenchmarkCategory("WaitingConsumer")]
        public async ValueTask AsyncGuard_Queue_WaitingConsumer()
        {
            ValueTask<int> read = _queue.DequeueAsync();
            _queue.TryEnqueue(1);
            await read;
        }

        [Benchmark, BenchmarkCategory("WaitingConsumer")]
        public async ValueTask Channel_Bounded_WaitingConsumer()
        {
            ValueTask<int> read = _bounded.Reader.ReadAsync();
            await _bounded.Writer.WriteAsync(1);
            await read;
        }

        [Benchmark, BenchmarkCategory("WaitingConsumer")]
        public async ValueTask AsyncGuard_BoundedQueue_WaitingConsumer()
        {
            ValueTask<int> read = _boundedQueue.DequeueAsync();
            await _boundedQueue.EnqueueAsync(1);
            await read;
        }

        [Benchmark, BenchmarkCategory("WaitingConsumer")]
        public async Task Nito_WaitingConsumer()
        {
            Task<int> read = _nito.DequeueAsync();
            await _nito.EnqueueAsync(1);
            await read;
        }

        // ---- the item is already queued when the consumer asks ----

        [Benchmark(Baseline = true), BenchmarkCategory("ItemQueued")]
        public async ValueTask Channel_Unbounded_ItemQueued()
        {
            _unbounded.Writer.TryWrite(1);
            await _unbounded.Reader.ReadAsync();
        }

        [Benchmark, BenchmarkCategory("ItemQueued")]
        public async ValueTask AsyncGuard_Queue_ItemQueued()
        {
            _queue.TryEnqueue(1);
            await _queue.DequeueAsync();
        }

        [Benchmark, BenchmarkCategory("ItemQueued")]
        public async ValueTask Channel_Bounded_ItemQueued()
        {
            await _bounded.Writer.WriteAsync(1);
            await _bounded.Reader.ReadAsync();
        }

        [Benchmark, BenchmarkCategory("ItemQueued")]
        public async ValueTask AsyncGuard_BoundedQueue_ItemQueued()
        {
            await _boundedQueue.EnqueueAsync(1);
            await _boundedQueue.DequeueAsync();
        }

        [Benchmark, BenchmarkCategory("ItemQueued")]
        public async Task Nito_ItemQueued()
        {
            await _nito.EnqueueAsync(1);
            await _nito.DequeueAsync();
        }

        // ---- 100 random priorities in, 100 out ----

        [Benchmark(Baseline = true), BenchmarkCategory("Priority100")]
        public async ValueTask Channel_Prioritized_100()
        {
            int[] p = _priorities;
            for (int i = 0; i < p.Length; i++) _prioritized.Writer.TryWrite(p[i]);
            for (int i = 0; i < p.Length; i++) await _prioritized.Reader.ReadAsync();
        }

        [Benchmark, BenchmarkCategory("Priority100")]
        public async ValueTask AsyncGuard_PriorityQueue_100()
        {
            int[] p = _priorities;
            for (int i = 0; i < p.Length; i++) _priority.TryEnqueue(p[i], p[i]);
            for (int i = 0; i < p.Length; i++) await _priority.DequeueAsync();
        }
    }
}
