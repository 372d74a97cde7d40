using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncGuard.Runtime.Tests.TaskModel
{
    public sealed class EventLoopTests
    {
        [Fact]
        public void ContinuationsReturnToTheCallingThread()
        {
            int thread = Environment.CurrentManagedThreadId;
            var seen = new List<int>();
            int result = EventLoop.Run(async () =>
            {
                seen.Add(Environment.CurrentManagedThreadId);
                await Task.Delay(10);
                seen.Add(Environment.CurrentManagedThreadId);
                await Task.Run(() => { });
                seen.Add(Environment.CurrentManagedThreadId);
                Assert.True(EventLoop.IsRunning);
                return 5;
            });
            Assert.Equal(5, result);
            Assert.All(seen, id => Assert.Equal(thread, id));
            Assert.False(EventLoop.IsRunning);
        }

        [Fact]
        public void ContinuationsRunInFifoOrder()
        {
            var log = new List<string>();
            EventLoop.Run(async () =>
            {
                async Task Worker(string name)
                {
                    for (int i = 0; i < 3; i++)
                    {
                        log.Add(name + i);
                        await Task.Yield();
                    }
                }

                await Task.WhenAll(Worker("a"), Worker("b"), Worker("c"));
            });
            Assert.Equal(new[] { "a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2" }, log);
        }

        [Fact]
        public void ExceptionsPropagateUnwrapped()
        {
            Assert.Throws<InvalidOperationException>(() => EventLoop.Run(async () => { await Task.Yield(); throw new InvalidOperationException(); }));
            Assert.Throws<FormatException>(() => EventLoop.Run<int>(() => throw new FormatException()));
            Assert.Throws<TaskCanceledException>(() => EventLoop.Run(() => Task.Delay(-1, new CancellationToken(true))));
        }

        [Fact]
        public void AnAsyncVoidFailureEndsTheRun()
        {
            Assert.Throws<ArithmeticException>(() => EventLoop.Run(async () =>
            {
                Boom();
                await Task.Delay(Timeout.Infinite, new CancellationTokenSource(5000).Token);
            }));

            static async void Boom()
            {
                await Task.Yield();
                throw new ArithmeticException();
            }
        }

        [Fact]
        public void TheContextIsRestored()
        {
            SynchronizationContext? before = SynchronizationContext.Current;
            EventLoop.Run(() => Task.CompletedTask);
            Assert.Same(before, SynchronizationContext.Current);
        }
    }
}
