using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

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

    /// <summary>Stack capture for reports: the caller's frames, without the runtime's own leading frames.</summary>
    internal static class DebugStacks
    {
        private static readonly Assembly s_runtime = typeof(DebugStacks).Assembly;

        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static string Capture()
        {
            var trace = new StackTrace(1, fNeedFileInfo: true);
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
                    set.Holders[key] = kind + " " + StackOf(wait);
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
                set.Holders[++set.Sequence] = kind + " " + StackOf(wait);
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
                        using (SortedDictionary<long, string>.Enumerator first = set.Holders.GetEnumerator())
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
                return new List<string>(set.Holders.Values);
            }
        }

        /// <summary>For tests: whether anything was ever recorded for this gate.</summary>
        internal static bool Has(object gate) => s_sets.TryGetValue(gate, out _);

        private static string StackOf(object? wait) => wait is DebugWait w ? "(waited, then was handed it) " + Environment.NewLine + w.Stack : Environment.NewLine + DebugStacks.Capture();

        private static HolderSet Get(object gate) => s_sets.GetValue(gate, static _ => new HolderSet());

        private sealed class HolderSet
        {
            internal readonly SortedDictionary<long, string> Holders = new SortedDictionary<long, string>();
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
            Stack = DebugStacks.Capture();
        }

        internal string Stack { get; }

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

            AsyncGuardDebug.LongWait(_options, _source, _options.LongWaitThreshold, Stack, DebugHolders.Snapshot(_holderGate), _subject);
        }
    }

    /// <summary>An event-loop callback queued in debug mode: runs the callback and reports it when it held the thread too long.</summary>
    internal sealed class DebugCallback
    {
        internal static readonly SendOrPostCallback Run = static s => ((DebugCallback)s!).Invoke();

        private readonly SendOrPostCallback _callback;
        private readonly object? _state;
        private readonly AsyncGuardDebugOptions _options;
        private readonly string _stack;

        internal DebugCallback(SendOrPostCallback callback, object? state, AsyncGuardDebugOptions options)
        {
            _callback = callback;
            _state = state;
            _options = options;
            _stack = DebugStacks.Capture();
        }

        internal static void Timed(AsyncGuardDebugOptions options, Action body, string stack)
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
                    AsyncGuardDebug.SlowCallback(options, elapsed, stack);
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
                    AsyncGuardDebug.SlowCallback(_options, elapsed, _stack);
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
        private readonly Dictionary<Task, string> _running = new Dictionary<Task, string>();
        private List<KeyValuePair<Task, string>>? _failed;
        private bool _closed;

        internal GroupDebugTracker(AsyncGuardDebugOptions options) => _options = options;

        ~GroupDebugTracker()
        {
            List<KeyValuePair<Task, string>>? failed;
            lock (_running)
            {
                failed = _closed ? null : _failed;
            }

            if (failed is null)
            {
                return;
            }

            foreach (KeyValuePair<Task, string> child in failed)
            {
                Exception error = child.Key.Exception is { } e ? TaskOutcome.Unwrap(e) : new TaskCanceledException(child.Key);
                if (error is OperationCanceledException && child.Key.IsFaulted)
                {
                    continue; // the group's own cancellation, not a failure
                }

                AsyncGuardDebug.UnobservedFailure(_options, "TaskGroup", error, child.Value, child.Key);
            }
        }

        internal void Started(Task task, string stack)
        {
            lock (_running)
            {
                _running[task] = stack;
            }
        }

        internal void Completed(Task task, bool failed)
        {
            lock (_running)
            {
                if (_running.TryGetValue(task, out string? stack))
                {
                    _running.Remove(task);
                    if (failed)
                    {
                        (_failed ??= new List<KeyValuePair<Task, string>>()).Add(new KeyValuePair<Task, string>(task, stack));
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
    internal sealed class ForgetDebugState
    {
        internal ForgetDebugState(Action<Exception>? onError, AsyncGuardDebugOptions options, string stack)
        {
            OnError = onError;
            Options = options;
            Stack = stack;
        }

        internal Action<Exception>? OnError { get; }

        internal AsyncGuardDebugOptions Options { get; }

        internal string Stack { get; }
    }

    /// <summary>Gather in debug mode: tasks still running when the caller stopped waiting are watched; a later failure has nobody to see it.</summary>
    internal static class DebugAbandoned
    {
        internal static void Watch(IEnumerable<Task> tasks, string source, AsyncGuardDebugOptions options, string stack)
        {
            foreach (Task task in tasks)
            {
                if (task is null || task.IsCompleted)
                {
                    continue;
                }

                task.ContinueWith(
                    static (t, s) =>
                    {
                        var (src, opts, st) = ((string, AsyncGuardDebugOptions, string))s!;
                        AggregateException? error = t.Exception; // observes it
                        if (error is not null && !(TaskOutcome.Unwrap(error) is OperationCanceledException))
                        {
                            AsyncGuardDebug.UnobservedFailure(opts, src, TaskOutcome.Unwrap(error), st, t);
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
