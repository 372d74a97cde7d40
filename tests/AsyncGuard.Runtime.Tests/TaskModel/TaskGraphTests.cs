using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncGuard.Runtime.Tests.TaskModel
{
    public sealed class TaskGraphTests
    {
        private static readonly Task<int> s_zero = Task.FromResult(0);

        // Every body records that it started, then waits for its gate, which the test completes by hand. The awaits use
        // ConfigureAwait(false), the gates run continuations inline and the tests run off xunit's SynchronizationContext
        // (where .NET would post continuations instead of inlining them), so completing a gate settles its step and starts
        // the steps it made ready before SetResult returns: the order is exact, with no pause.
        private sealed class Script
        {
            private readonly Dictionary<string, TaskCompletionSource<int>> _gates = new Dictionary<string, TaskCompletionSource<int>>();
            private readonly List<string> _started = new List<string>();
            private int _running;

            public int MaxRunning { get; private set; }

            public string[] Started
            {
                get
                {
                    lock (_started)
                    {
                        return _started.ToArray();
                    }
                }
            }

            public TaskCompletionSource<int> Gate(string key)
            {
                lock (_gates)
                {
                    if (!_gates.TryGetValue(key, out TaskCompletionSource<int>? gate))
                    {
                        _gates[key] = gate = new TaskCompletionSource<int>();
                    }

                    return gate;
                }
            }

            public Func<TaskGraphStep<string, int>, CancellationToken, Task<int>> Body => async (step, ct) =>
            {
                lock (_started)
                {
                    _started.Add(step.Key);
                    MaxRunning = Math.Max(MaxRunning, ++_running);
                }

                TaskCompletionSource<int> gate = Gate(step.Key);
                try
                {
                    using (ct.Register(() => gate.TrySetCanceled(ct)))
                    {
                        return await gate.Task.ConfigureAwait(false);
                    }
                }
                finally
                {
                    lock (_started)
                    {
                        _running--;
                    }
                }
            };
        }

        [Fact]
        public Task Diamond_runs_each_step_once_its_dependencies_succeeded_and_the_join_reads_their_results() => Task.Run(Diamond_runs_each_step_once_its_dependencies_succeeded_and_the_join_reads_their_resultsCore); // off xunit's SynchronizationContext: continuations run inline

        private static async Task Diamond_runs_each_step_once_its_dependencies_succeeded_and_the_join_reads_their_resultsCore()
        {
            var script = new Script();
            var graph = new TaskGraph<string, int>();
            graph.Add("d", (step, ct) => Task.FromResult(step.GetDependencyResult("b") * 10 + step.GetDependencyResultAt(1)), dependsOn: new[] { "b", "c" });
            graph.Add("a", script.Body);
            graph.Add("b", script.Body, dependsOn: new[] { "a" });
            graph.Add("c", script.Body, dependsOn: new[] { "a" });

            Task<TaskGraphResult<string, int>> run = graph.RunAsync(CancellationToken.None);
            Assert.Equal(new[] { "a" }, script.Started);
            script.Gate("a").SetResult(1);
            Assert.Equal(new[] { "a", "b", "c" }, script.Started);
            script.Gate("c").SetResult(3);
            Assert.False(run.IsCompleted);
            script.Gate("b").SetResult(2);

            TaskGraphResult<string, int> result = await Bounded.Within(run);
            Assert.True(result.IsSucceeded);
            Assert.Equal(23, result["d"].Value);
            Assert.Equal(new[] { "d", "a", "b", "c" }, result.Select(p => p.Key));
            Assert.Equal(new[] { 23, 1, 2, 3 }, result.Select(p => p.Value.Value));
        }

        [Fact]
        public Task Under_a_concurrency_limit_the_highest_priority_ready_step_starts_first_and_equals_in_ready_order() => Task.Run(Under_a_concurrency_limit_the_highest_priority_ready_step_starts_first_and_equals_in_ready_orderCore); // off xunit's SynchronizationContext: continuations run inline

        private static async Task Under_a_concurrency_limit_the_highest_priority_ready_step_starts_first_and_equals_in_ready_orderCore()
        {
            var script = new Script();
            var graph = new TaskGraph<string, int>();
            graph.Add("root", script.Body);
            graph.Add("low", script.Body, dependsOn: new[] { "root" }, priority: 1);
            graph.Add("high1", script.Body, dependsOn: new[] { "root" }, priority: 5);
            graph.Add("mid", script.Body, dependsOn: new[] { "root" }, priority: 3);
            graph.Add("high2", script.Body, dependsOn: new[] { "root" }, priority: 5);
            graph.Add("late", script.Body, priority: 4); // ready from the start, behind root in the queue only by priority
            graph.Add("urgent", script.Body, dependsOn: new[] { "high1" }, priority: 9);

            Task<TaskGraphResult<string, int>> run = graph.RunAsync(maxConcurrency: 2);
            Assert.Equal(new[] { "late", "root" }, script.Started);
            script.Gate("root").SetResult(0);
            Assert.Equal(new[] { "late", "root", "high1" }, script.Started);
            script.Gate("late").SetResult(0);
            Assert.Equal(new[] { "late", "root", "high1", "high2" }, script.Started);
            script.Gate("high1").SetResult(0); // "urgent" becomes ready and jumps the queue
            Assert.Equal(new[] { "late", "root", "high1", "high2", "urgent" }, script.Started);
            script.Gate("urgent").SetResult(0);
            script.Gate("high2").SetResult(0);
            Assert.Equal(new[] { "late", "root", "high1", "high2", "urgent", "mid", "low" }, script.Started);
            script.Gate("mid").SetResult(0);
            script.Gate("low").SetResult(0);

            Assert.True((await Bounded.Within(run)).IsSucceeded);
            Assert.Equal(2, script.MaxRunning);
        }

        [Fact]
        public Task Serial_mode_runs_one_step_at_a_time_by_priority_then_in_the_order_added() => Task.Run(Serial_mode_runs_one_step_at_a_time_by_priority_then_in_the_order_addedCore); // off xunit's SynchronizationContext: continuations run inline

        private static async Task Serial_mode_runs_one_step_at_a_time_by_priority_then_in_the_order_addedCore()
        {
            var script = new Script();
            var graph = new TaskGraph<string, int>();
            foreach (var (key, priority) in new[] { ("a", 0), ("b", 2), ("c", 0), ("d", 2), ("e", 1) })
            {
                graph.Add(key, script.Body, priority: priority);
            }

            Task<TaskGraphResult<string, int>> run = graph.RunAsync(maxConcurrency: 1);
            foreach (string expected in new[] { "b", "d", "e", "a", "c" })
            {
                Assert.Equal(expected, script.Started.Last());
                script.Gate(expected).SetResult(0);
            }

            Assert.True((await Bounded.Within(run)).IsSucceeded);
            Assert.Equal(new[] { "b", "d", "e", "a", "c" }, script.Started);
            Assert.Equal(1, script.MaxRunning);
        }

        [Fact]
        public Task By_default_a_failure_cancels_the_running_steps_and_nothing_else_starts() => Task.Run(By_default_a_failure_cancels_the_running_steps_and_nothing_else_startsCore); // off xunit's SynchronizationContext: continuations run inline

        private static async Task By_default_a_failure_cancels_the_running_steps_and_nothing_else_startsCore()
        {
            var script = new Script();
            var graph = new TaskGraph<string, int>();
            graph.Add("a", script.Body);
            graph.Add("b", script.Body, dependsOn: new[] { "a" });
            graph.Add("c", script.Body);
            graph.Add("d", script.Body, dependsOn: new[] { "c" });

            Task<TaskGraphResult<string, int>> run = graph.RunAsync(CancellationToken.None);
            Assert.Equal(new[] { "a", "c" }, script.Started);
            var boom = new InvalidOperationException("boom");
            script.Gate("a").SetException(boom);

            TaskGraphResult<string, int> result = await Bounded.Within(run); // a failure does not make RunAsync throw
            Assert.Equal(new[] { "a", "c" }, script.Started);
            Assert.Same(boom, result["a"].Exception);
            Assert.True(result["a"].IsFaulted);
            Assert.True(result["b"].IsCanceled); // the dependent never started
            Assert.True(result["c"].IsCanceled); // the running sibling was cancelled through its token
            Assert.True(result["d"].IsCanceled);
            Assert.IsAssignableFrom<OperationCanceledException>(result["b"].Exception);
            Assert.False(result.IsSucceeded);
            Assert.Same(boom, Assert.Single(Assert.Throws<AggregateException>(() => result.ThrowIfFailed()).InnerExceptions));
        }

        [Fact]
        public Task In_collect_mode_a_failure_skips_its_dependents_and_the_rest_runs() => Task.Run(In_collect_mode_a_failure_skips_its_dependents_and_the_rest_runsCore); // off xunit's SynchronizationContext: continuations run inline

        private static async Task In_collect_mode_a_failure_skips_its_dependents_and_the_rest_runsCore()
        {
            var script = new Script();
            var graph = new TaskGraph<string, int>(TaskGraphMode.Collect);
            graph.Add("a", script.Body);
            graph.Add("b", script.Body, dependsOn: new[] { "a" });
            graph.Add("e", script.Body, dependsOn: new[] { "b" });
            graph.Add("c", script.Body);
            graph.Add("f", script.Body, dependsOn: new[] { "c", "b" });
            graph.Add("g", script.Body, dependsOn: new[] { "c" });

            Task<TaskGraphResult<string, int>> run = graph.RunAsync(CancellationToken.None);
            Assert.Equal(new[] { "a", "c" }, script.Started);
            script.Gate("a").SetException(new FormatException("bad"));
            script.Gate("c").SetResult(3);
            Assert.Equal(new[] { "a", "c", "g" }, script.Started);
            script.Gate("g").SetResult(7);

            TaskGraphResult<string, int> result = await Bounded.Within(run);
            Assert.Equal(
                new[] { TaskGraphStepStatus.Faulted, TaskGraphStepStatus.Skipped, TaskGraphStepStatus.Skipped, TaskGraphStepStatus.Succeeded, TaskGraphStepStatus.Skipped, TaskGraphStepStatus.Succeeded },
                result.Select(p => p.Value.Status));
            Assert.Null(result["f"].Exception);
            Assert.Equal(7, result["g"].Value);
            Assert.IsType<FormatException>(Assert.Single(Assert.Throws<AggregateException>(() => result.ThrowIfFailed()).InnerExceptions));
        }

        [Fact]
        public Task A_step_cancelled_by_something_else_than_the_run_counts_as_a_failure() => Task.Run(A_step_cancelled_by_something_else_than_the_run_counts_as_a_failureCore); // off xunit's SynchronizationContext: continuations run inline

        private static async Task A_step_cancelled_by_something_else_than_the_run_counts_as_a_failureCore()
        {
            var script = new Script();
            var graph = new TaskGraph<string, int>(TaskGraphMode.Collect);
            graph.Add("a", script.Body);
            graph.Add("b", script.Body, dependsOn: new[] { "a" });
            graph.Add("c", script.Body);

            Task<TaskGraphResult<string, int>> run = graph.RunAsync(CancellationToken.None);
            script.Gate("a").SetCanceled(); // e.g. its own timeout
            script.Gate("c").SetResult(1);

            TaskGraphResult<string, int> result = await Bounded.Within(run);
            Assert.True(result["a"].IsCanceled);
            Assert.True(result["b"].IsSkipped);
            Assert.True(result["c"].IsSucceeded);
        }

        [Fact]
        public Task Cancelling_the_run_cancels_the_running_steps_starts_nothing_more_and_throws() => Task.Run(Cancelling_the_run_cancels_the_running_steps_starts_nothing_more_and_throwsCore); // off xunit's SynchronizationContext: continuations run inline

        private static async Task Cancelling_the_run_cancels_the_running_steps_starts_nothing_more_and_throwsCore()
        {
            var script = new Script();
            var graph = new TaskGraph<string, int>(TaskGraphMode.Collect);
            graph.Add("a", script.Body);
            graph.Add("b", script.Body, dependsOn: new[] { "a" });
            graph.Add("c", script.Body);
            graph.Add("d", script.Body); // waits for a free slot
            using var cts = new CancellationTokenSource();

            Task<TaskGraphResult<string, int>> run = graph.RunAsync(maxConcurrency: 2, cts.Token);
            Assert.Equal(new[] { "a", "c" }, script.Started);
            script.Gate("c").SetResult(1);
            Assert.Equal(new[] { "a", "c", "d" }, script.Started);
            cts.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Bounded.Within(run));
            Assert.Equal(new[] { "a", "c", "d" }, script.Started);
            Assert.True(script.Gate("a").Task.IsCanceled);
            Assert.True(script.Gate("d").Task.IsCanceled);
        }

        [Fact]
        public async Task A_cancelled_run_waits_for_a_body_that_ignores_its_token()
        {
            var release = new TaskCompletionSource<int>();
            var graph = new TaskGraph<string, int>();
            graph.Add("stubborn", (step, ct) => release.Task);
            graph.Add("next", (step, ct) => throw new InvalidOperationException("must not start"), dependsOn: new[] { "stubborn" });
            using var cts = new CancellationTokenSource();

            Task<TaskGraphResult<string, int>> run = graph.RunAsync(cts.Token);
            cts.Cancel();
            Assert.False(run.IsCompleted);
            release.SetResult(1);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Bounded.Within(run));
        }

        [Fact]
        public void A_cycle_is_refused_before_anything_runs_and_named()
        {
            int ran = 0;
            var graph = new TaskGraph<string, int>();
            Func<TaskGraphStep<string, int>, CancellationToken, Task<int>> body = (step, ct) => { ran++; return s_zero; };
            graph.Add("start", body);
            graph.Add("a", body, dependsOn: new[] { "start", "c" });
            graph.Add("b", body, dependsOn: new[] { "a" });
            graph.Add("c", body, dependsOn: new[] { "b" });
            graph.Add("after", body, dependsOn: new[] { "c" });

            var error = Assert.Throws<InvalidOperationException>(() => { _ = graph.RunAsync(); });
            Assert.Contains("cycle", error.Message);
            Assert.Contains("'a' -> 'c' -> 'b' -> 'a'", error.Message);
            Assert.DoesNotContain("start", error.Message);
            Assert.DoesNotContain("after", error.Message);
            Assert.Equal(0, ran);

            var self = new TaskGraph<string, int>().Add("x", body, dependsOn: new[] { "x" });
            Assert.Contains("'x' -> 'x'", Assert.Throws<InvalidOperationException>(() => { _ = self.RunAsync(); }).Message);
            Assert.Equal(0, ran);
        }

        [Fact]
        public async Task An_unknown_dependency_is_refused_before_anything_runs_with_both_names()
        {
            int ran = 0;
            var graph = new TaskGraph<string, int>();
            graph.Add("first", (step, ct) => { ran++; return s_zero; });
            graph.Add("link", (step, ct) => { ran++; return s_zero; }, dependsOn: new[] { "first", "compile" });

            var error = Assert.Throws<InvalidOperationException>(() => { _ = graph.RunAsync(); });
            Assert.Contains("'link'", error.Message);
            Assert.Contains("'compile'", error.Message);
            Assert.Equal(0, ran);

            graph.Add("compile", (step, ct) => { ran++; return s_zero; }); // refused graphs have not run: fix and run again
            Assert.True((await Bounded.Within(graph.RunAsync())).IsSucceeded);
            Assert.Equal(3, ran);
        }

        [Fact]
        public async Task Misuse_is_refused_and_a_throwing_or_null_body_is_a_faulted_step()
        {
            var graph = new TaskGraph<string, int>(TaskGraphMode.Collect);
            graph.Add("throws", (step, ct) => throw new ArithmeticException("sync"));
            graph.Add("null", (step, ct) => null!);
            graph.Add("reads", (step, ct) => Task.FromResult(step.GetDependencyResult("throws")), dependsOn: new[] { "null" });
            Assert.Throws<ArgumentException>(() => graph.Add("null", (step, ct) => s_zero));
            Assert.Throws<ArgumentOutOfRangeException>(() => { _ = graph.RunAsync(maxConcurrency: 0); });

            TaskGraphResult<string, int> result = await Bounded.Within(graph.RunAsync());
            Assert.IsType<ArithmeticException>(result["throws"].Exception);
            Assert.IsType<InvalidOperationException>(result["null"].Exception);
            Assert.True(result["reads"].IsSkipped);
            Assert.Throws<InvalidOperationException>(() => { _ = graph.RunAsync(); });
            Assert.Throws<InvalidOperationException>(() => graph.Add("late", (step, ct) => s_zero));
            Assert.Throws<KeyNotFoundException>(() => result["nope"]);
        }

        [Fact]
        public async Task A_body_asking_for_a_key_it_does_not_depend_on_fails()
        {
            var graph = new TaskGraph<string, int>();
            graph.Add("a", (step, ct) => s_zero);
            graph.Add("b", (step, ct) => s_zero);
            graph.Add("c", (step, ct) => Task.FromResult(step.GetDependencyResult("b")), dependsOn: new[] { "a" });

            TaskGraphResult<string, int> result = await Bounded.Within(graph.RunAsync(maxConcurrency: 1));
            Assert.IsType<ArgumentException>(result["c"].Exception);
        }

        [Fact]
        public async Task A_run_whose_token_is_already_cancelled_starts_nothing()
        {
            int ran = 0;
            var graph = new TaskGraph<string, int>();
            graph.Add("a", (step, ct) => { ran++; return s_zero; });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Bounded.Within(graph.RunAsync(new CancellationToken(canceled: true))));
            Assert.Equal(0, ran);
        }

        [Fact]
        public async Task An_empty_graph_completes_at_once()
        {
            TaskGraphResult<string, int> result = await Bounded.Within(new TaskGraph<string, int>().RunAsync());
            Assert.Equal(0, result.Count);
            Assert.True(result.IsSucceeded);
        }

        [Fact]
        public async Task A_chain_of_100_000_synchronous_steps_runs_without_recursion_and_allocates_only_its_arrays()
        {
            const int n = 100_000;
            var graph = new TaskGraph<int, int>();
            graph.Add(0, (step, ct) => s_zero);
            for (int i = 1; i < n; i++)
            {
                graph.Add(i, (step, ct) => s_zero, dependsOn: new[] { i - 1 });
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            Task<TaskGraphResult<int, int>> run = graph.RunAsync(maxConcurrency: 1);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(run.IsCompleted); // every body completed synchronously: the whole run happened inside RunAsync
            TaskGraphResult<int, int> result = await Bounded.Within(run);
            Assert.True(result.IsSucceeded);

            // Per run: six int arrays over steps and edges (about 24 B per step here); nothing per step.
            Assert.True(allocated < 32L * n, $"{allocated} B for {n} steps");
        }

        [Fact]
        public async Task A_chain_of_100_000_steps_passes_its_value_along()
        {
            const int n = 100_000;
            var graph = new TaskGraph<int, int>();
            graph.Add(0, (step, ct) => s_zero);
            for (int i = 1; i < n; i++)
            {
                graph.Add(i, (step, ct) => Task.FromResult(step.GetDependencyResultAt(0) + 1), dependsOn: new[] { i - 1 });
            }

            TaskGraphResult<int, int> result = await Bounded.Within(graph.RunAsync(maxConcurrency: 4));
            Assert.Equal(n - 1, result[n - 1].Value);
        }

        [Fact]
        public async Task A_fan_of_100_000_asynchronous_steps_into_one_join_finishes_quickly()
        {
            const int n = 100_000;
            var graph = new TaskGraph<int, long>();
            var keys = new int[n];
            graph.Add(-1, (step, ct) => Task.FromResult(1L));
            for (int i = 0; i < n; i++)
            {
                keys[i] = i;
                graph.Add(i, async (step, ct) =>
                {
                    await Task.Yield();
                    return step.GetDependencyResultAt(0) + step.Key;
                }, dependsOn: new[] { -1 }, priority: i % 3);
            }

            graph.Add(n, (step, ct) =>
            {
                long sum = 0;
                for (int i = 0; i < step.DependencyCount; i++)
                {
                    sum += step.GetDependencyResultAt(i);
                }

                return Task.FromResult(sum);
            }, dependsOn: keys);

            TaskGraphResult<int, long> result = await Bounded.Within(graph.RunAsync(maxConcurrency: 8));
            Assert.True(result.IsSucceeded);
            Assert.Equal(n + ((long)n * (n - 1) / 2), result[n].Value);
        }
            [Theory]
        [InlineData(TaskGraphMode.Collect, 1)]
        [InlineData(TaskGraphMode.Collect, 3)]
        [InlineData(TaskGraphMode.Collect, 64)]
        [InlineData(TaskGraphMode.CancelOnFailure, 3)]
        public async Task A_random_graph_with_random_failures_keeps_every_rule(TaskGraphMode mode, int maxConcurrency)
        {
            const int n = 3000;
            var random = new Random(19 * maxConcurrency + (int)mode);
            var deps = new int[n][];
            var fails = new bool[n];
            var succeeded = new int[n];
            var started = new int[n];
            int running = 0, maxRunning = 0, violations = 0;
            var graph = new TaskGraph<int, int>(mode);
            for (int i = 0; i < n; i++)
            {
                deps[i] = Enumerable.Range(0, i == 0 ? 0 : random.Next(4)).Select(_ => random.Next(i)).ToArray();
                fails[i] = random.Next(50) == 0;
            }

            for (int i = n - 1; i >= 0; i--) // added in reverse: dependencies may come later
            {
                int me = i;
                graph.Add(me, async (step, ct) =>
                {
                    Interlocked.Increment(ref started[me]);
                    int now = Interlocked.Increment(ref running);
                    InterlockedMax(ref maxRunning, now);
                    foreach (int d in deps[me])
                    {
                        if (Volatile.Read(ref succeeded[d]) == 0)
                        {
                            Interlocked.Increment(ref violations);
                        }
                    }

                    try
                    {
                        if (me % 2 == 0)
                        {
                            await Task.Yield();
                        }

                        if (fails[me])
                        {
                            throw new InvalidOperationException("step " + me);
                        }

                        Volatile.Write(ref succeeded[me], 1);
                        return me;
                    }
                    finally
                    {
                        Interlocked.Decrement(ref running);
                    }
                }, dependsOn: deps[i], priority: random.Next(5));
            }

            TaskGraphResult<int, int> result = await Bounded.Within(graph.RunAsync(maxConcurrency));
            Assert.Equal(0, Volatile.Read(ref violations));
            Assert.True(maxRunning <= maxConcurrency, $"{maxRunning} ran at once");
            for (int i = 0; i < n; i++)
            {
                TaskGraphOutcome<int> outcome = result[i];
                Assert.True(started[i] <= 1);
                Assert.Equal(started[i] == 1 && !fails[i], outcome.IsSucceeded);
                Assert.Equal(started[i] == 1 && fails[i], outcome.IsFaulted);
                if (mode == TaskGraphMode.Collect)
                {
                    // Collect: a step is skipped exactly when one of its dependencies did not succeed.
                    bool allDependenciesSucceeded = deps[i].All(d => result[d].IsSucceeded);
                    Assert.Equal(!allDependenciesSucceeded, outcome.IsSkipped);
                    Assert.False(outcome.IsCanceled);
                }
                else
                {
                    Assert.False(outcome.IsSkipped);
                }
            }

            if (mode == TaskGraphMode.CancelOnFailure)
            {
                // The first failure stops the run: only the bodies already running can fail besides it.
                int faulted = result.Count(p => p.Value.IsFaulted);
                Assert.InRange(faulted, 1, maxConcurrency);
                Assert.Contains(result, p => p.Value.IsCanceled);
            }
        }

        [Theory]
        [InlineData(1)]
        [InlineData(500)]
        [InlineData(1900)]
        public async Task Cancelling_a_busy_run_at_a_racing_moment_ends_every_started_body_before_throwing(int cancelAfter)
        {
            const int n = 2000;
            using var cts = new CancellationTokenSource();
            int running = 0, completed = 0, startedTwice = 0;
            var started = new int[n];
            var graph = new TaskGraph<int, int>(TaskGraphMode.Collect);
            for (int i = 0; i < n; i++)
            {
                int me = i;
                graph.Add(me, async (step, ct) =>
                {
                    if (Interlocked.Increment(ref started[me]) > 1)
                    {
                        Interlocked.Increment(ref startedTwice);
                    }

                    Interlocked.Increment(ref running);
                    try
                    {
                        await Task.Yield();
                        if (Interlocked.Increment(ref completed) == cancelAfter)
                        {
                            cts.Cancel();
                        }

                        return me;
                    }
                    finally
                    {
                        Interlocked.Decrement(ref running);
                    }
                }, dependsOn: i < 10 ? null : new[] { i / 2, i - 7 }, priority: i % 4);
            }

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Bounded.Within(graph.RunAsync(maxConcurrency: 16, cts.Token)));
            Assert.Equal(0, Volatile.Read(ref running));
            Assert.Equal(0, startedTwice);
            Assert.True(started.Sum() < n, "the run did not stop early");
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
