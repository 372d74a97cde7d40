using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuard.Internal
{
    /// <summary>
    /// The producer/consumer logic shared by every queue flavour; the store decides the order.
    /// Invariants (under the lock): consumers wait only while the store is empty, producers wait only while it is
    /// full. An item is either in the store, in a waiting producer's node, or handed to exactly one consumer.
    /// </summary>
    internal sealed class QueueCore<TItem, TElement, TStore>
        where TStore : struct, IItemStore<TItem, TElement>
    {
        private readonly object _gate = new object();
        private readonly WaiterQueue<TElement> _consumers;
        private readonly WaiterQueue<TItem> _producers;
        private readonly WaiterQueue<bool> _doneWaiters;
        private readonly int _capacity;
        private TStore _store;
        private long _unfinished;
        private bool _completed;
        private bool _drained;
        private TaskCompletionSource<bool>? _completion;

        internal QueueCore(TStore store, int capacity)
        {
            _store = store;
            _capacity = capacity;
            _consumers = new WaiterQueue<TElement>(_gate);
            _producers = new WaiterQueue<TItem>(_gate);
            _doneWaiters = new WaiterQueue<bool>(_gate);
        }

        internal int Capacity => _capacity;

        internal int Count
        {
            get
            {
                lock (_gate)
                {
                    return _store.Count;
                }
            }
        }

        internal long UnfinishedCount
        {
            get
            {
                lock (_gate)
                {
                    return _unfinished;
                }
            }
        }

        internal bool IsCompleted => Volatile.Read(ref _completed);

        internal Task Completion
        {
            get
            {
                lock (_gate)
                {
                    _completion ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    if (_drained)
                    {
                        _completion.TrySetResult(true);
                    }

                    return _completion.Task;
                }
            }
        }

        internal bool TryEnqueue(TItem item)
        {
            Waiter<TElement>? consumer;
            lock (_gate)
            {
                if (_completed)
                {
                    return false;
                }

                consumer = _consumers.TryDequeue();
                if (consumer is null)
                {
                    if (_store.Count >= _capacity)
                    {
                        return false;
                    }

                    _store.Add(item);
                }

                _unfinished++;
            }

            consumer?.SetResult(_store.ToElement(item));
            return true;
        }

        internal ValueTask EnqueueAsync(TItem item, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new ValueTask(Task.FromCanceled(cancellationToken));
            }

            Waiter<TElement>? consumer;
            Waiter<TItem> producer;
            lock (_gate)
            {
                if (_completed)
                {
                    return new ValueTask(Task.FromException(new QueueCompletedException()));
                }

                consumer = _consumers.TryDequeue();
                if (consumer is not null || _store.Count < _capacity)
                {
                    if (consumer is null)
                    {
                        _store.Add(item);
                    }

                    _unfinished++;
                    goto Accepted;
                }

                producer = _producers.Enqueue(cancellationToken, item);
            }

            return WaiterQueue<TItem>.ArmVoid(producer);

        Accepted:
            consumer?.SetResult(_store.ToElement(item));
            return default;
        }

        internal bool TryDequeue(out TElement element)
        {
            Waiter<TItem>? producer;
            TaskCompletionSource<bool>? drained;
            lock (_gate)
            {
                if (_store.Count == 0)
                {
                    element = default!;
                    return false;
                }

                element = TakeLocked(out producer, out drained);
            }

            AfterTake(producer, drained);
            return true;
        }

        internal ValueTask<TElement> DequeueAsync(CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new ValueTask<TElement>(Task.FromCanceled<TElement>(cancellationToken));
            }

            Waiter<TItem>? producer;
            TaskCompletionSource<bool>? drained;
            TElement element;
            Waiter<TElement> consumer;
            lock (_gate)
            {
                if (_store.Count != 0)
                {
                    element = TakeLocked(out producer, out drained);
                    goto Taken;
                }

                if (_completed)
                {
                    return new ValueTask<TElement>(Task.FromException<TElement>(new QueueCompletedException()));
                }

                consumer = _consumers.Enqueue(cancellationToken);
            }

            return WaiterQueue<TElement>.Arm(consumer);

        Taken:
            AfterTake(producer, drained);
            return new ValueTask<TElement>(element);
        }

        internal async IAsyncEnumerable<TElement> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TElement element;
                if (TryDequeue(out element))
                {
                    yield return element;
                    continue;
                }

                try
                {
                    element = await DequeueAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (QueueCompletedException)
                {
                    yield break;
                }

                yield return element;
            }
        }

        internal void Complete()
        {
            Waiter<TItem>? producers;
            Waiter<TElement>? consumers = null;
            TaskCompletionSource<bool>? drained = null;
            lock (_gate)
            {
                if (_completed)
                {
                    return;
                }

                Volatile.Write(ref _completed, true);
                producers = _producers.DetachAll();
                if (_store.Count == 0)
                {
                    consumers = _consumers.DetachAll();
                    drained = MarkDrainedLocked();
                }
            }

            if (producers is not null)
            {
                WaiterQueue<TItem>.FailChain(producers, new QueueCompletedException());
            }

            if (consumers is not null)
            {
                WaiterQueue<TElement>.FailChain(consumers, new QueueCompletedException());
            }

            drained?.TrySetResult(true);
        }

        internal void MarkDone()
        {
            Waiter<bool>? chain = null;
            lock (_gate)
            {
                if (_unfinished == 0)
                {
                    throw new InvalidOperationException("MarkDone was called more times than there were items enqueued.");
                }

                if (--_unfinished == 0)
                {
                    chain = _doneWaiters.DetachAll();
                }
            }

            WaiterQueue<bool>.CompleteChain(chain, true);
        }

        internal ValueTask WaitAllDoneAsync(CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new ValueTask(Task.FromCanceled(cancellationToken));
            }

            Waiter<bool> node;
            lock (_gate)
            {
                if (_unfinished == 0)
                {
                    return default;
                }

                node = _doneWaiters.Enqueue(cancellationToken);
            }

            return WaiterQueue<bool>.ArmVoid(node);
        }

        // Takes the next item; the room it frees goes to the oldest waiting producer, whose item moves in.
        private TElement TakeLocked(out Waiter<TItem>? producer, out TaskCompletionSource<bool>? drained)
        {
            TElement element = _store.Take();
            producer = _producers.TryDequeue();
            if (producer is not null)
            {
                _store.Add(producer.Payload);
                _unfinished++;
            }

            drained = _completed && _store.Count == 0 ? MarkDrainedLocked() : null;
            return element;
        }

        private TaskCompletionSource<bool>? MarkDrainedLocked()
        {
            _drained = true;
            return _completion;
        }

        private static void AfterTake(Waiter<TItem>? producer, TaskCompletionSource<bool>? drained)
        {
            producer?.SetResult(default!);
            drained?.TrySetResult(true);
        }
    }
}
