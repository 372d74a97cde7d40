using System;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace AsyncGuard.Benchmarks.Runtime
{
    /// <summary>A TaskGroup's cost over plain Task.WhenAll for children that complete asynchronously (one Task.Yield each).</summary>
    [MemoryDiagnoser]
    public class TaskGroupBenchmarks
    {
        private static readonly Func<CancellationToken, Task> s_child = static async _ => await Task.Yield();

        [Params(1, 1000)]
        public int Children { get; set; }

        [Benchmark(Baseline = true)]
        public Task WhenAll()
        {
            var tasks = new Task[Children];
            for (int i = 0; i < tasks.Length; i++)
            {
                tasks[i] = s_child(CancellationToken.None);
            }

            return Task.WhenAll(tasks);
        }

        [Benchmark]
        public async Task TaskGroup()
        {
            await using var group = new TaskGroup();
            for (int i = 0; i < Children; i++)
            {
                _ = group.Start(s_child);
            }
        }
    }

    /// <summary>Gather (per-task outcomes, never throws) and AsyncTasks.WaitAllAsync (all failures) against Task.WhenAll.</summary>
    [MemoryDiagnoser]
    public class GatherBenchmarks
    {
        [Params(1, 1000)]
        public int Tasks { get; set; }

        private static async Task<int> Child(int i)
        {
            await Task.Yield();
            return i;
        }

        private Task<int>[] Start()
        {
            var tasks = new Task<int>[Tasks];
            for (int i = 0; i < tasks.Length; i++)
            {
                tasks[i] = Child(i);
            }

            return tasks;
        }

        [Benchmark(Baseline = true)]
        public Task<int[]> TaskWhenAll() => Task.WhenAll(Start());

        [Benchmark]
        public Task<TaskOutcome<int>[]> Gather() => AsyncTasks.Gather(Start());

        [Benchmark]
        public Task<int[]> AsyncTasksWaitAllAsync() => AsyncTasks.WaitAllAsync(Start());
    }
}
