namespace AsyncGuard
{
    /// <summary>
    /// One run of <see cref="AsyncTasks.ForEachAsync{T}(IEnumerable{T}, int, Func{T, CancellationToken, ValueTask}, CancellationToken)"/>:
    /// workers are started lazily (one more each time a worker takes an element, up to the limit), so a short source never
    /// starts more workers than it has elements.
    /// </summary>
    internal sealed class ForEachRun<T>
    {
        private readonly object _gate = new object();
        private readonly Func<T, CancellationToken, ValueTask> _body;
        private readonly int _maxConcurrency;
        private readonly CancellationToken _callerToken;
        private readonly CancellationTokenSource _cts;
        private readonly TaskCompletionSource<bool> _allDone = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
#pragma warning disable AG0405 // an internal gate: as an AsyncLock it would show among the user's lock holders in debug mode's reports
        private readonly SemaphoreSlim _asyncGate = new SemaphoreSlim(1, 1);
#pragma warning restore AG0405
        private List<Exception>? _errors;
        private IEnumerator<T>? _syncSource;
        private IAsyncEnumerator<T>? _asyncSource;
        private bool _exhausted;
        private int _started;
        private int _active;

        public ForEachRun(int maxConcurrency, Func<T, CancellationToken, ValueTask> body, CancellationToken cancellationToken)
        {
            if (maxConcurrency < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxConcurrency), maxConcurrency, "At least one concurrent body is needed.");
            }

            _body = body ?? throw new ArgumentNullException(nameof(body));
            _maxConcurrency = maxConcurrency;
            _callerToken = cancellationToken;
            _cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        public async Task RunAsync(IEnumerable<T> source)
        {
            _callerToken.ThrowIfCancellationRequested();
            _syncSource = source.GetEnumerator();
            try
            {
                await RunWorkersAsync().ConfigureAwait(false);
            }
            finally
            {
                _syncSource.Dispose();
            }

            Finish();
        }

        public async Task RunAsync(IAsyncEnumerable<T> source)
        {
            _callerToken.ThrowIfCancellationRequested();
            _asyncSource = source.GetAsyncEnumerator(_cts.Token);
            try
            {
                await RunWorkersAsync().ConfigureAwait(false);
            }
            finally
            {
                await _asyncSource.DisposeAsync().ConfigureAwait(false);
            }

            Finish();
        }

        private Task RunWorkersAsync()
        {
            _started = 1;
            _active = 1;
            StartWorker();
            return _allDone.Task;
        }

        private void StartWorker() => Task.Run(WorkerAsync);

        private async Task WorkerAsync()
        {
            try
            {
                while (true)
                {
                    (bool has, T item) = _syncSource != null ? TakeSync() : await TakeAsync().ConfigureAwait(false);
                    if (!has)
                    {
                        break;
                    }

                    if (ShouldStartAnother())
                    {
                        StartWorker();
                    }

                    try
                    {
                        await _body(item, _cts.Token).ConfigureAwait(false);
                    }
                    catch (Exception e)
                    {
                        Record(e);
                    }
                }
            }
            catch (Exception e)
            {
                Record(e); // the source itself threw
            }
            finally
            {
                if (Interlocked.Decrement(ref _active) == 0)
                {
                    _allDone.TrySetResult(true);
                }
            }
        }

        private bool ShouldStartAnother()
        {
            lock (_gate)
            {
                if (_exhausted || _started >= _maxConcurrency || _cts.IsCancellationRequested)
                {
                    return false;
                }

                _started++;
                _active++;
                return true;
            }
        }

        private (bool, T) TakeSync()
        {
            lock (_gate)
            {
                if (_exhausted || _cts.IsCancellationRequested || !_syncSource!.MoveNext())
                {
                    _exhausted = true;
                    return (false, default!);
                }

                return (true, _syncSource.Current);
            }
        }

        private async ValueTask<(bool, T)> TakeAsync()
        {
            await _asyncGate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (Volatile.Read(ref _exhausted) || _cts.IsCancellationRequested || !await _asyncSource!.MoveNextAsync().ConfigureAwait(false))
                {
                    Volatile.Write(ref _exhausted, true);
                    return (false, default!);
                }

                return (true, _asyncSource.Current);
            }
            catch
            {
                Volatile.Write(ref _exhausted, true);
                throw;
            }
            finally
            {
                _asyncGate.Release();
            }
        }

        private void Record(Exception e)
        {
            lock (_gate)
            {
                if (e is OperationCanceledException && _cts.IsCancellationRequested)
                {
                    return; // cancelled because of another failure or the caller: not a failure of its own
                }

                (_errors ??= new List<Exception>()).Add(e);
            }

            try
            {
                _cts.Cancel();
            }
            catch (AggregateException callbackError)
            {
                // A callback registered on the token threw: keep it with the other failures.
                lock (_gate)
                {
                    _errors!.Add(callbackError);
                }
            }
        }

        private void Finish()
        {
            _cts.Dispose();
            _asyncGate.Dispose();
            if (_errors != null)
            {
                throw new AggregateException("One or more iterations failed.", _errors);
            }

            _callerToken.ThrowIfCancellationRequested();
        }
    }
}
