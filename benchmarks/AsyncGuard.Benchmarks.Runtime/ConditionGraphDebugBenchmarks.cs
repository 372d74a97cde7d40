using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using NitoCondition = Nito.AsyncEx.AsyncConditionVariable;
using NitoLock = Nito.AsyncEx.AsyncLock;

namespace AsyncGuard.Benchmarks.Runtime
{
    /// <summary>
    /// Issue 19: AsyncCondition's wait/notify hand-off beside Nito.AsyncEx's AsyncConditionVariable (neither
    /// Microsoft.VisualStudio.Threading nor DotNext.Threading has a condition variable). One operation: holding the lock,
    /// start a wait (which releases the lock), take the lock, notify, release it, then await the wait (which takes the lock
    /// back) and release. Both libraries resume the waiter asynchronously, so the row includes one thread-pool hop.
    /// </summary>
    [MemoryDiagnoser]
    public class ConditionBenchmarks
    {
        private readonly AsyncCondition _condition = new AsyncCondition();
        private readonly NitoLock _nitoLock = new NitoLock();
        private readonly NitoCondition _nitoCondition;

        public ConditionBenchmarks() => _nitoCondition = new NitoCondition(_nitoLock);

        [Benchmark(Baseline = true)]
        public async Task Nito_WaitNotify()
        {
            using (await _nitoLock.LockAsync())
            {
                Task waiting = _nitoCondition.WaitAsync();
                using (await _nitoLock.LockAsync())
                {
                    _nitoCondition.Notify();
                }

                await waiting;
            }
        }

        [Benchmark]
        public async Task AsyncGuard_WaitNotify()
        {
            using (await _condition.LockAsync())
            {
                ValueTask waiting = _condition.WaitAsync();
                using (await _condition.LockAsync())
                {
                    _condition.Notify();
                }

                await waiting;
            }
        }
    }

    /// <summary>
    /// Issue 19: TaskGraph on a chain of 1,000 steps shaped as diamonds (a -> b, c -> d -> e, f -> g ...), every body an
    /// already-completed task, beside a hand-written baseline that knows the levels and awaits Task.WhenAll level by level.
    /// The graph also builds the steps (Add, cycle check) inside the measured operation; the baseline's levels are prebuilt.
    /// </summary>
    [MemoryDiagnoser]
    public class TaskGraphBenchmarks
    {
        private const int Steps = 1000;
        private static readonly Task<int> s_done = Task.FromResult(1);
        private readonly List<int[]> _levels = new List<int[]>();
        private readonly int[][] _dependencies = new int[Steps][];
        private Func<TaskGraphStep<int, int>, CancellationToken, Task<int>> s_body = null!;
        private Func<int, Task<int>> _work = null!;

        /// <summary>False: every body is an already-completed task (pure scheduling cost). True: every body awaits Task.Yield once.</summary>
        [Params(false, true)]
        public bool Yielding { get; set; }

        private static async Task<int> YieldOnce()
        {
            await Task.Yield();
            return 1;
        }

        [GlobalSetup]
        public void Setup()
        {
            _work = Yielding ? static _ => YieldOnce() : static _ => s_done;
            s_body = Yielding ? static (_, _) => YieldOnce() : static (_, _) => s_done;

            // Levels alternate one step and two steps: 1, 2, 1, 2, ... (667 levels for 1,000 steps).
            int next = 0;
            int[]? previous = null;
            while (next < Steps)
            {
                int width = previous is null || previous.Length == 2 || Steps - next == 1 ? 1 : 2;
                var level = new int[width];
                for (int i = 0; i < width; i++)
                {
                    level[i] = next;
                    _dependencies[next] = previous ?? Array.Empty<int>();
                    next++;
                }

                _levels.Add(level);
                previous = level;
            }
        }

        [Benchmark(Baseline = true)]
        public async Task WhenAllByLevels()
        {
            var tasks = new Task<int>[2];
            foreach (int[] level in _levels)
            {
                for (int i = 0; i < level.Length; i++)
                {
                    tasks[i] = _work(level[i]);
                }

                if (level.Length == 1)
                {
                    await tasks[0].ConfigureAwait(false);
                }
                else
                {
                    await Task.WhenAll(tasks[0], tasks[1]).ConfigureAwait(false);
                }
            }
        }

        [Benchmark]
        public async Task TaskGraph_Unbounded()
        {
            var graph = new TaskGraph<int, int>();
            for (int i = 0; i < Steps; i++)
            {
                graph.Add(i, s_body, _dependencies[i]);
            }

            (await graph.RunAsync().ConfigureAwait(false)).ThrowIfFailed();
        }

        [Benchmark]
        public int TaskGraph_BuildOnly()
        {
            var graph = new TaskGraph<int, int>();
            for (int i = 0; i < Steps; i++)
            {
                graph.Add(i, s_body, _dependencies[i]);
            }

            return graph.Count;
        }

        [Benchmark]
        public async Task TaskGraph_MaxConcurrency2()
        {
            var graph = new TaskGraph<int, int>();
            for (int i = 0; i < Steps; i++)
            {
                graph.Add(i, s_body, _dependencies[i]);
            }

            (await graph.RunAsync(maxConcurrency: 2).ConfigureAwait(false)).ThrowIfFailed();
        }
    }

    /// <summary>
    /// Issue 19 item 4: the uncontended fast paths with the debug mode off (the default: one static field read) and on (every
    /// acquisition records its holder with a captured stack). The queue has no debug hook on its fast path; it is here to
    /// show that.
    /// </summary>
    [MemoryDiagnoser]
    public class DebugModeBenchmarks
    {
        private readonly AsyncLock _lock = new AsyncLock();
        private readonly AsyncSemaphore _semaphore = new AsyncSemaphore(1);
        private readonly AsyncQueue<int> _queue = new AsyncQueue<int>();

        public enum DebugMode
        {
            Off,
            On,
            OnWithoutFileAndLine,
        }

        [Params(DebugMode.Off, DebugMode.On, DebugMode.OnWithoutFileAndLine)]
        public DebugMode Debug { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            if (Debug == DebugMode.Off)
            {
                AsyncGuardDebug.Disable();
            }
            else
            {
                AsyncGuardDebug.Enable(new AsyncGuardDebugOptions { CaptureFileAndLine = Debug == DebugMode.On });
            }
        }

        [GlobalCleanup]
        public void Cleanup() => AsyncGuardDebug.Disable();

        [Benchmark]
        public async ValueTask Lock_Uncontended()
        {
            using (await _lock.LockAsync())
            {
            }
        }

        [Benchmark]
        public async ValueTask Semaphore_Uncontended()
        {
            await _semaphore.WaitAsync();
            _semaphore.Release();
        }

        [Benchmark]
        public async ValueTask<int> Queue_Uncontended()
        {
            _queue.TryEnqueue(1);
            return await _queue.DequeueAsync();
        }
    }
}
