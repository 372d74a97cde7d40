using System.Reflection;
using System.Text;

namespace AsyncGuard.Internal
{
    /// <summary>
    /// The one field the fast paths read: null while the debug mode is off (the default), the options in force while it is on.
    /// No static constructor beyond the field's initializer, so a tier-1 JIT reads it as a plain load.
    /// </summary>
    internal static class DebugSwitch
    {
        internal static volatile AsyncGuardDebugOptions? Options = FromEnvironment();

        internal static bool On
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => Options is not null;
        }

        private static AsyncGuardDebugOptions? FromEnvironment()
        {
            try
            {
                string? value = Environment.GetEnvironmentVariable("ASYNCGUARD_DEBUG");
                return value == "1" || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) ? new AsyncGuardDebugOptions() : null;
            }
            catch (System.Security.SecurityException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// A stack captured for a report. Capturing (the frames, and with <see cref="AsyncGuardDebugOptions.CaptureFileAndLine"/>
    /// their files and lines) happens at once; turning it into text only when a report needs it.
    /// </summary>
    internal sealed class DebugStack
    {
        private static readonly Assembly s_runtime = typeof(DebugStack).Assembly;
        private readonly StackTrace _trace;
        private string? _text;

        private DebugStack(StackTrace trace) => _trace = trace;

        public override string ToString() => _text ??= Format(_trace);

        private static string Format(StackTrace trace)
        {
            var text = new StringBuilder();
            bool leading = true;
            for (int i = 0; i < trace.FrameCount; i++)
            {
                StackFrame? frame = trace.GetFrame(i);
                MethodBase? method = frame?.GetMethod();
                if (frame is null || method is null)
                {
                    continue;
                }

                Type? type = method.DeclaringType;
                if (leading && (type is null || type.Assembly == s_runtime || IsPlumbing(type)))
                {
                    continue;
                }

                leading = false;
                text.Append("   at ").Append(type is null ? "" : type.FullName + ".").Append(method.Name);
                string? file = frame.GetFileName();
                if (file is not null)
                {
                    text.Append(" in ").Append(file).Append(":line ").Append(frame.GetFileLineNumber());
                }

                text.AppendLine();
            }

            return text.ToString();
        }

        private static bool IsPlumbing(Type type)
        {
            string? ns = type.Namespace;
            return ns is not null && (ns.StartsWith("System.Runtime.CompilerServices", StringComparison.Ordinal) || ns.StartsWith("System.Threading", StringComparison.Ordinal));
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static DebugStack Capture(AsyncGuardDebugOptions? options) => new DebugStack(new StackTrace(1, options?.CaptureFileAndLine ?? true));
    }

    /// <summary>
    /// Who holds what, recorded only in debug mode: per primitive (keyed by its gate object, held weakly), the stack where each
    /// current holder acquired it. Read when a wait lasts too long.
    /// </summary>
    internal static class DebugHolders
    {
        private static readonly ConditionalWeakTable<object, HolderSet> s_sets = new ConditionalWeakTable<object, HolderSet>();
        private static int s_epoch;

        internal static void NewEpoch() => Interlocked.Increment(ref s_epoch);

        /// <summary>Records a holder under <paramref name="key"/> unless one is recorded already; <paramref name="wait"/> (a waiter's DebugWait) gives the stack where the wait began.</summary>
        internal static void Acquired(object gate, long key, string kind, object? wait)
        {
            HolderSet set = Get(gate);
            lock (set)
            {
                set.Refresh();
                if (!set.Holders.ContainsKey(key))
                {
                    set.Holders[key] = new Holder(kind, wait);
                }
            }
        }

        /// <summary>Records an anonymous holder (a semaphore permit) under the next key.</summary>
        internal static void AcquiredNext(object gate, string kind, object? wait)
        {
            HolderSet set = Get(gate);
            lock (set)
            {
                set.Refresh();
                set.Holders[++set.Sequence] = new Holder(kind, wait);
            }
        }

        internal static void Released(object gate, long key)
        {
            if (s_sets.TryGetValue(gate, out HolderSet? set))
            {
                lock (set)
                {
                    set.Holders.Remove(key);
                }
            }
        }

        /// <summary>Forgets the <paramref name="count"/> oldest anonymous holders (a semaphore release does not say whose permit it returns).</summary>
        internal static void ReleasedOldest(object gate, int count)
        {
            if (s_sets.TryGetValue(gate, out HolderSet? set))
            {
                lock (set)
                {
                    while (count-- > 0 && set.Holders.Count > 0)
                    {
                        using (SortedDictionary<long, Holder>.Enumerator first = set.Holders.GetEnumerator())
                        {
                            first.MoveNext();
                            set.Holders.Remove(first.Current.Key);
                        }
                    }
                }
            }
        }

        internal static IReadOnlyList<string> Snapshot(object gate)
        {
            if (!s_sets.TryGetValue(gate, out HolderSet? set))
            {
                return Array.Empty<string>();
            }

            lock (set)
            {
                set.Refresh();
                var holders = new List<string>(set.Holders.Count);
                foreach (Holder holder in set.Holders.Values)
                {
                    holders.Add(holder.ToString());
                }

                return holders;
            }
        }

        /// <summary>For tests: whether anything was ever recorded for this gate.</summary>
        internal static bool Has(object gate) => s_sets.TryGetValue(gate, out _);

        private sealed class Holder
        {
            private readonly string _kind;
            private readonly DebugStack _stack;
            private readonly bool _waited;

            internal Holder(string kind, object? wait)
            {
                _kind = kind;
                _waited = wait is DebugWait;
                _stack = wait is DebugWait w ? w.Stack : DebugStack.Capture(DebugSwitch.Options);
            }

            public override string ToString() => _kind + (_waited ? " (waited, then was handed it)" : "") + Environment.NewLine + _stack;
        }

        private static HolderSet Get(object gate) => s_sets.GetValue(gate, static _ => new HolderSet());

        private sealed class HolderSet
        {
            internal readonly SortedDictionary<long, Holder> Holders = new SortedDictionary<long, Holder>();
            internal long Sequence;
            private int _epoch = Volatile.Read(ref s_epoch);

            // Holders recorded under an earlier switch-on may have been released while the mode was off: forget them.
            internal void Refresh()
            {
                int epoch = Volatile.Read(ref s_epoch);
                if (epoch != _epoch)
                {
                    _epoch = epoch;
                    Holders.Clear();
                }
            }
        }
    }

    /// <summary>One queued wait in debug mode: where it began, and a timer that reports it once if it lasts too long.</summary>
    internal sealed class DebugWait
    {
        private static readonly TimerCallback s_fire = static s => ((DebugWait)s!).Fire();

        private readonly AsyncGuardDebugOptions _options;
        private readonly string _source;
        private readonly object _holderGate;
        private readonly object? _subject;
        private IDisposable? _timer;
        private int _done;

        private DebugWait(AsyncGuardDebugOptions options, string source, object holderGate, object? subject)
        {
            _options = options;
            _source = source;
            _holderGate = holderGate;
            _subject = subject;
            Stack = DebugStack.Capture(options);
        }

        internal DebugStack Stack { get; }

        internal static DebugWait? Begin(string source, object holderGate, object? subject)
        {
            AsyncGuardDebugOptions? options = DebugSwitch.Options;
            if (options is null)
            {
                return null;
            }

            var wait = new DebugWait(options, source, holderGate, subject);
            if (options.LongWaitThreshold != Timeout.InfiniteTimeSpan)
            {
                IDisposable timer = options.StartTimer(s_fire, wait, options.LongWaitThreshold);
                Volatile.Write(ref wait._timer, timer);
                if (Volatile.Read(ref wait._done) != 0)
                {
                    timer.Dispose();
                }
            }

            return wait;
        }

        internal void End()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Volatile.Read(ref _timer)?.Dispose();
            }
        }

        private void Fire()
        {
            if (Volatile.Read(ref _done) != 0)
            {
                return;
            }

            AsyncGuardDebug.LongWait(_options, _source, _options.LongWaitThreshold, Stack.ToString(), DebugHolders.Snapshot(_holderGate), _subject);
        }
    }

    /// <summary>An event-loop callback queued in debug mode: runs the callback and reports it when it held the thread too long.</summary>
    internal sealed class DebugCallback
    {
        internal static readonly SendOrPostCallback Run = static s => ((DebugCallback)s!).Invoke();

        private readonly SendOrPostCallback _callback;
        private readonly object? _state;
        private readonly AsyncGuardDebugOptions _options;
        private readonly DebugStack _stack;

        internal DebugCallback(SendOrPostCallback callback, object? state, AsyncGuardDebugOptions options)
        {
            _callback = callback;
            _state = state;
            _options = options;
            _stack = DebugStack.Capture(options);
        }

        internal static void Timed(AsyncGuardDebugOptions options, Action body, DebugStack stack)
        {
            long start = options.Timestamp();
            try
            {
                body();
            }
            finally
            {
                TimeSpan elapsed = options.ElapsedSince(start);
                if (options.SlowCallbackThreshold != Timeout.InfiniteTimeSpan && elapsed >= options.SlowCallbackThreshold)
                {
                    AsyncGuardDebug.SlowCallback(options, elapsed, stack.ToString());
                }
            }
        }

        private void Invoke()
        {
            long start = _options.Timestamp();
            try
            {
                _callback(_state);
            }
            finally
            {
                TimeSpan elapsed = _options.ElapsedSince(start);
                if (_options.SlowCallbackThreshold != Timeout.InfiniteTimeSpan && elapsed >= _options.SlowCallbackThreshold)
                {
                    AsyncGuardDebug.SlowCallback(_options, elapsed, _stack.ToString());
                }
            }
        }
    }

    /// <summary>
    /// A TaskGroup's children in debug mode: the stack where each was started, and the failures. A group that is dropped without
    /// being closed (disposed or run to its end) never throws its children's failures: they are reported when it is collected.
    /// </summary>
    internal sealed class GroupDebugTracker
    {
        private readonly AsyncGuardDebugOptions _options;
        private readonly Dictionary<Task, DebugStack> _running = new Dictionary<Task, DebugStack>();
        private List<KeyValuePair<Task, DebugStack>>? _failed;
        private bool _closed;

        internal GroupDebugTracker(AsyncGuardDebugOptions options) => _options = options;

        ~GroupDebugTracker()
        {
            List<KeyValuePair<Task, DebugStack>>? failed;
            lock (_running)
            {
                failed = _closed ? null : _failed;
            }

            if (failed is null)
            {
                return;
            }

            foreach (KeyValuePair<Task, DebugStack> child in failed)
            {
                Exception error = child.Key.Exception is { } e ? TaskOutcome.Unwrap(e) : new TaskCanceledException(child.Key);
                if (error is OperationCanceledException && child.Key.IsFaulted)
                {
                    continue; // the group's own cancellation, not a failure
                }

                AsyncGuardDebug.UnobservedFailure(_options, "TaskGroup", error, child.Value.ToString(), child.Key);
            }
        }

        internal void Started(Task task)
        {
            DebugStack stack = DebugStack.Capture(_options);
            lock (_running)
            {
                _running[task] = stack;
            }
        }

        internal void Completed(Task task, bool failed)
        {
            lock (_running)
            {
                if (_running.TryGetValue(task, out DebugStack? stack))
                {
                    _running.Remove(task);
                    if (failed)
                    {
                        (_failed ??= new List<KeyValuePair<Task, DebugStack>>()).Add(new KeyValuePair<Task, DebugStack>(task, stack));
                    }
                }
            }
        }

        internal void Closed()
        {
            lock (_running)
            {
                _closed = true;
            }

            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Forget in debug mode: the error callback and the stack where the task was forgotten.</summary>
    internal sealed class ForgetDebugState(Action<Exception>? onError, AsyncGuardDebugOptions options, DebugStack stack)
    {
        internal Action<Exception>? OnError { get; } = onError;

        internal AsyncGuardDebugOptions Options { get; } = options;

        internal DebugStack Stack { get; } = stack;
    }

    /// <summary>Gather in debug mode: tasks still running when the caller stopped waiting are watched; a later failure has nobody to see it.</summary>
    internal static class DebugAbandoned
    {
        internal static void Watch(IEnumerable<Task> tasks, string source, AsyncGuardDebugOptions options, DebugStack stack)
        {
            foreach (Task task in tasks)
            {
                // A task that already failed is watched too: it may have failed between the caller's giving up and this
                // call (the continuation then runs at once), and nobody else will see it.
                if (task is null)
                {
                    continue;
                }

                task.ContinueWith(
                    static (t, s) =>
                    {
                        var (src, opts, st) = ((string, AsyncGuardDebugOptions, DebugStack))s!;
                        AggregateException? error = t.Exception; // observes it
                        if (error is not null && !(TaskOutcome.Unwrap(error) is OperationCanceledException))
                        {
                            AsyncGuardDebug.UnobservedFailure(opts, src, TaskOutcome.Unwrap(error), st.ToString(), t);
                        }
                    },
                    (source, options, stack),
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnFaulted,
                    TaskScheduler.Default);
            }
        }
    }
}
