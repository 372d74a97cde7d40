using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncGuard.Runtime.Tests
{
    // Issue 19 item 5: Complete(error) tells consumers why production stopped; Complete(error, immediate: true) is
    // asyncio's shutdown(immediate=True).
    public sealed class QueueCompletionTests
    {
        [Fact]
        public async Task Complete_with_an_error_lets_consumers_drain_then_tells_them_why()
        {
            var q = new AsyncQueue<int>();
            var error = new IOException("the source went away");
            Assert.True(q.TryEnqueue(1));
            Task completion = q.Completion;
            q.Complete(error);
            Assert.True(q.IsCompleted);
            Assert.Equal(1, await q.DequeueAsync()); // what was stored is still delivered

            var consumerError = await Assert.ThrowsAsync<QueueCompletedException>(() => q.DequeueAsync().AsTask());
            Assert.Same(error, consumerError.InnerException);
            var producerError = await Assert.ThrowsAsync<QueueCompletedException>(() => q.EnqueueAsync(2).AsTask());
            Assert.Same(error, producerError.InnerException);
            Assert.False(q.TryEnqueue(2));
            Assert.Same(error, await Assert.ThrowsAsync<IOException>(() => completion.WithTimeout()));
            Assert.Same(error, await Assert.ThrowsAsync<IOException>(() => q.Completion.WithTimeout()));
            Assert.Same(error, await Assert.ThrowsAsync<IOException>(async () =>
            {
                await foreach (int _ in q.ReadAllAsync())
                {
                }
            }));

            q.Complete(new FormatException()); // the first error is kept
            Assert.Same(error, (await Assert.ThrowsAsync<QueueCompletedException>(() => q.DequeueAsync().AsTask())).InnerException);
        }

        [Fact]
        public async Task Waiting_consumers_and_readers_fail_with_the_error_at_once()
        {
            var q = new AsyncQueue<string>();
            var error = new InvalidDataException("bad input");
            ValueTask<string> waiting = q.DequeueAsync();
            await using IAsyncEnumerator<string> reader = q.ReadAllAsync().GetAsyncEnumerator();
            ValueTask<bool> next = reader.MoveNextAsync();
            TestUtil.AssertPending(waiting);
            TestUtil.AssertPending(next);
            q.Complete(error);
            Assert.True(waiting.IsCompleted, "Complete fails a waiting consumer before it returns");
            Assert.Same(error, (await Assert.ThrowsAsync<QueueCompletedException>(() => waiting.WithTimeout())).InnerException);
            Assert.Same(error, await Assert.ThrowsAsync<InvalidDataException>(() => next.WithTimeout()));
        }

        [Fact]
        public async Task Plain_complete_still_ends_the_stream_quietly()
        {
            var q = new AsyncQueue<int>();
            q.TryEnqueue(7);
            q.Complete(null);
            var seen = new List<int>();
            await foreach (int v in q.ReadAllAsync())
            {
                seen.Add(v);
            }

            Assert.Equal(new[] { 7 }, seen);
            await q.Completion.WithTimeout();
            Assert.Null((await Assert.ThrowsAsync<QueueCompletedException>(() => q.DequeueAsync().AsTask())).InnerException);
        }

        [Fact]
        public async Task Immediate_complete_drops_stored_items_and_fails_producers_and_consumers_at_once()
        {
            var q = new AsyncQueue<int>(capacity: 2);
            Assert.True(q.TryEnqueue(1));
            Assert.True(q.TryEnqueue(2));
            ValueTask producer = q.EnqueueAsync(3);
            ValueTask allDone = q.WaitAllDoneAsync();
            TestUtil.AssertPending(producer);
            TestUtil.AssertPending(allDone);
            Assert.Equal(2, q.UnfinishedCount);

            q.Complete(null, immediate: true);

            Assert.Equal(0, q.Count);
            Assert.Equal(0, q.UnfinishedCount); // dropped items count as done (asyncio's shutdown(immediate=True))
            Assert.True(producer.IsCompleted && allDone.IsCompleted);
            await Assert.ThrowsAsync<QueueCompletedException>(() => producer.WithTimeout());
            await allDone.WithTimeout();
            ValueTask<int> consumer = q.DequeueAsync();
            Assert.True(consumer.IsCompleted);
            await Assert.ThrowsAsync<QueueCompletedException>(() => consumer.WithTimeout());
            Assert.False(q.TryDequeue(out _));
            await q.Completion.WithTimeout();
        }

        [Fact]
        public async Task Immediate_complete_after_a_plain_one_drops_what_is_left_and_keeps_the_first_error()
        {
            var q = new AsyncQueue<int>();
            q.TryEnqueue(1);
            q.TryEnqueue(2);
            var first = new TimeoutException("upstream timed out");
            q.Complete(first);
            Assert.Equal(1, await q.DequeueAsync());
            q.MarkDone();
            q.Complete(new FormatException(), immediate: true);
            Assert.Equal(0, q.Count);
            Assert.Equal(0, q.UnfinishedCount);
            Assert.Same(first, (await Assert.ThrowsAsync<QueueCompletedException>(() => q.DequeueAsync().AsTask())).InnerException);
            Assert.Same(first, await Assert.ThrowsAsync<TimeoutException>(() => q.Completion.WithTimeout()));
        }

        [Fact]
        public async Task Immediate_complete_with_items_in_process_leaves_their_MarkDone_to_the_consumer()
        {
            var q = new AsyncQueue<int>();
            q.TryEnqueue(1);
            q.TryEnqueue(2);
            Assert.Equal(1, await q.DequeueAsync()); // taken, not yet done
            q.Complete(null, immediate: true);      // drops 2
            Assert.Equal(1, q.UnfinishedCount);
            ValueTask allDone = q.WaitAllDoneAsync();
            TestUtil.AssertPending(allDone);
            q.MarkDone();
            await allDone.WithTimeout();
        }

        [Fact]
        public async Task Stack_and_priority_queue_complete_with_an_error_too()
        {
            var error = new ArithmeticException();
            var stack = new AsyncStack<int>();
            ValueTask<int> pop = stack.PopAsync();
            stack.Complete(error);
            Assert.Same(error, (await Assert.ThrowsAsync<QueueCompletedException>(() => pop.WithTimeout())).InnerException);

            var pq = new AsyncPriorityQueue<string, int>();
            Assert.True(pq.TryEnqueue("a", 1));
            Assert.True(pq.TryEnqueue("b", 2));
            pq.Complete(error, immediate: true);
            Assert.Equal(0, pq.Count);
            Assert.Same(error, (await Assert.ThrowsAsync<QueueCompletedException>(() => pq.DequeueAsync().AsTask())).InnerException);
            Assert.Same(error, await Assert.ThrowsAsync<ArithmeticException>(() => pq.Completion.WithTimeout()));
        }
    }
}
