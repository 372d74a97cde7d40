using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncGuard.Runtime.Tests
{
    /// <summary>What the library shows outside: no internal interface on a public type, and a debugger display on every primitive.</summary>
    public sealed class PublicSurfaceTests
    {
        private static readonly Assembly s_runtime = typeof(AsyncLock).Assembly;

        [Fact]
        public void No_public_type_implements_a_non_public_interface()
        {
            var leaks = s_runtime.GetExportedTypes()
                .SelectMany(t => t.GetInterfaces().Where(i => !i.IsPublic && !i.IsNestedPublic).Select(i => $"{t.Name}: {i.Name}"))
                .ToList();
            Assert.Empty(leaks);
        }

        public static TheoryData<object, string> Primitives()
        {
            var locked = new AsyncLock();
            locked.TryLock(out _);
            var semaphore = new AsyncSemaphore(2, 3);
            var queue = new AsyncQueue<int>(4);
            queue.TryEnqueue(1);
            var stack = new AsyncStack<int>();
            stack.TryPush(1);
            stack.TryPush(2);
            var priority = new AsyncPriorityQueue<string, int>();
            priority.Complete();
            var barrier = new AsyncBarrier(3);
            _ = barrier.SignalAndWaitAsync();
            var disposed = new AsyncManualResetEvent(initialState: true);
            disposed.Dispose();
            return new TheoryData<object, string>
            {
                { locked, "Held = True, Waiters = 0" },
                { new AsyncLock(detectReentrancy: true), "Held = False, Waiters = 0, DetectReentrancy" },
                { semaphore, "Count = 2 of 3, Waiters = 0" },
                { disposed, "IsSet = True, Waiters = 0, Disposed" },
                { new AsyncAutoResetEvent(), "IsSet = False, Waiters = 0" },
                { barrier, "Phase = 0, Arrived = 1 of 3, Waiters = 1" },
                { new AsyncCondition(), "Waiters = 0, LockHeld = False" },
                { new AsyncReaderWriterLock(), "Readers = 0, Writer = False, Upgradeable = False, Waiters = read 0, write 0, upgrade 0, upgradeable 0" },
                { queue, "Count = 1 of 4, Unfinished = 1, Waiting consumers = 0, producers = 0" },
                { stack, "Count = 2, Unfinished = 2, Waiting consumers = 0, producers = 0" },
                { priority, "Count = 0, Unfinished = 0, Waiting consumers = 0, producers = 0, Completed" },
                { new TaskGroup(), "Running = 0, Mode = CancelOnFailure, Failures = 0" },
                { new TimeoutScope(Timeout.InfiniteTimeSpan), "Expired = False, Cancelled = False" },
            };
        }

        [Fact]
        public async Task AsyncLazy_shows_whether_it_started()
        {
            // Not theory data: xunit prints a theory's arguments by reading their public properties, and reading Task starts the lazy.
            var lazy = new AsyncLazy<int>(() => Task.FromResult(1));
            Every_primitive_shows_its_state_in_the_debugger(lazy, "Not started");
            Assert.Equal(1, await lazy);
            Every_primitive_shows_its_state_in_the_debugger(lazy, "Started, RanToCompletion");
        }

        [Theory]
        [MemberData(nameof(Primitives))]
        public void Every_primitive_shows_its_state_in_the_debugger(object primitive, string expected)
        {
            Type type = primitive.GetType();
            var attribute = type.GetCustomAttribute<DebuggerDisplayAttribute>();
            Assert.NotNull(attribute);
            Assert.Equal("{DebuggerDisplay,nq}", attribute!.Value);
            PropertyInfo? property = type.GetProperty("DebuggerDisplay", BindingFlags.Instance | BindingFlags.NonPublic);
            Assert.NotNull(property);
            Assert.Equal(expected, property!.GetValue(primitive));
        }
    }
}
