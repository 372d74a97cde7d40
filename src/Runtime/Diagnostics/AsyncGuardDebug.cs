namespace AsyncGuard
{
    /// <summary>What a debug-mode report is about.</summary>
    public enum AsyncGuardDebugReportKind
    {
        /// <summary>A callback held the event loop's thread longer than <see cref="AsyncGuardDebugOptions.SlowCallbackThreshold"/>.</summary>
        SlowCallback,

        /// <summary>A task the runtime created or was handed (TaskGroup child, Forget, Gather) failed and nobody saw the failure.</summary>
        UnobservedFailure,

        /// <summary>A wait on AsyncLock, AsyncSemaphore, AsyncReaderWriterLock or AsyncCondition lasted longer than <see cref="AsyncGuardDebugOptions.LongWaitThreshold"/>.</summary>
        LongWait,
    }

    /// <summary>Settings of the debug mode (asyncio's debug mode): thresholds, the clock, and whether reports go to the EventSource.</summary>
    public sealed class AsyncGuardDebugOptions
    {
        /// <summary>A callback that holds the event loop's thread at least this long is reported (default 100 ms, asyncio's slow_callback_duration).</summary>
        public TimeSpan SlowCallbackThreshold { get; set; } = TimeSpan.FromMilliseconds(100);

        /// <summary>A lock, semaphore or condition wait that lasts this long is reported once, with the holders' stacks (default 1 s; <see cref="Timeout.InfiniteTimeSpan"/>: never).</summary>
        public TimeSpan LongWaitThreshold { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>
        /// Whether the captured stacks carry file names and line numbers (default true). Reading them from the symbols is most
        /// of the cost of a capture; false keeps the method names only and makes the debug mode several times cheaper.
        /// </summary>
        public bool CaptureFileAndLine { get; set; } = true;

        /// <summary>Whether reports are also written to the "AsyncGuard-Runtime" EventSource (events and counters for dotnet-trace and dotnet-counters). Default true.</summary>
        public bool WriteToEventSource { get; set; } = true;

#if NET8_0_OR_GREATER
        /// <summary>The clock that measures callbacks and times waits (default <see cref="System.TimeProvider.System"/>; a fake clock makes tests deterministic).</summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
#endif

        internal AsyncGuardDebugOptions Snapshot()
        {
            if (SlowCallbackThreshold < TimeSpan.Zero && SlowCallbackThreshold != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(SlowCallbackThreshold));
            }

            if (LongWaitThreshold < TimeSpan.Zero && LongWaitThreshold != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(LongWaitThreshold));
            }

#if NET8_0_OR_GREATER
            if (TimeProvider is null)
            {
                throw new ArgumentNullException(nameof(TimeProvider));
            }
#endif
            return (AsyncGuardDebugOptions)MemberwiseClone();
        }

        internal long Timestamp()
        {
#if NET8_0_OR_GREATER
            return TimeProvider.GetTimestamp();
#else
            return System.Diagnostics.Stopwatch.GetTimestamp();
#endif
        }

        internal TimeSpan ElapsedSince(long start)
        {
#if NET8_0_OR_GREATER
            return TimeProvider.GetElapsedTime(start);
#else
            return TimeSpan.FromSeconds((System.Diagnostics.Stopwatch.GetTimestamp() - start) / (double)System.Diagnostics.Stopwatch.Frequency);
#endif
        }

        internal IDisposable StartTimer(TimerCallback callback, object state, TimeSpan due)
        {
#if NET8_0_OR_GREATER
            return TimeProvider.CreateTimer(callback, state, due, Timeout.InfiniteTimeSpan);
#else
            return new Timer(callback, state, due, Timeout.InfiniteTimeSpan);
#endif
        }
    }

    /// <summary>One debug-mode finding.</summary>
    public sealed class AsyncGuardDebugReport : EventArgs
    {
        internal AsyncGuardDebugReport(AsyncGuardDebugReportKind kind, string source, string message, TimeSpan duration, string stack, IReadOnlyList<string> ruleIds, IReadOnlyList<string> holderStacks, Exception? exception, object? subject)
        {
            Kind = kind;
            Source = source;
            Message = message;
            Duration = duration;
            Stack = stack;
            RuleIds = ruleIds;
            HolderStacks = holderStacks;
            Exception = exception;
            Subject = subject;
        }

        /// <summary>What the report is about.</summary>
        public AsyncGuardDebugReportKind Kind { get; }

        /// <summary>The runtime type that noticed it: EventLoop, TaskGroup, Forget, Gather, AsyncLock, AsyncSemaphore, AsyncReaderWriterLock, AsyncCondition.</summary>
        public string Source { get; }

        /// <summary>A one-line description.</summary>
        public string Message { get; }

        /// <summary>How long the callback ran, or how long the wait had lasted when reported; zero for an unobserved failure.</summary>
        public TimeSpan Duration { get; }

        /// <summary>
        /// Where it started: the stack that queued the slow callback, that created or handed over the failed task, or that
        /// began the long wait (the runtime's own frames left out).
        /// </summary>
        public string Stack { get; }

        /// <summary>The AsyncGuard analyzer rules that most likely apply (AG0101/AG0102 for a slow callback, AG0201 for an unobserved failure).</summary>
        public IReadOnlyList<string> RuleIds { get; }

        /// <summary>For a long wait: where each current holder acquired the lock or permit (empty when unknown or nobody holds it).</summary>
        public IReadOnlyList<string> HolderStacks { get; }

        /// <summary>For an unobserved failure: the exception.</summary>
        public Exception? Exception { get; }

        /// <summary>The primitive, group or task concerned, when there is one.</summary>
        public object? Subject { get; }

        /// <inheritdoc />
        public override string ToString()
        {
            var text = new System.Text.StringBuilder();
            text.Append("[AsyncGuard debug] ").Append(Source).Append(": ").Append(Message);
            if (RuleIds.Count > 0)
            {
                text.Append(" (likely ").Append(string.Join(" / ", RuleIds)).Append(')');
            }

            text.AppendLine().AppendLine("started at:").Append(Stack);
            for (int i = 0; i < HolderStacks.Count; i++)
            {
                text.AppendLine().Append("holder ").Append(i + 1).AppendLine(" acquired at:").Append(HolderStacks[i]);
            }

            return text.ToString();
        }
    }

    /// <summary>
    /// The process-wide switch of the debug mode (asyncio's debug mode). Off by default, and then free: the primitives' fast
    /// paths read one static field. On: slow event-loop callbacks, unobserved failures of tasks the runtime was handed, and
    /// long lock waits (with the holders' stacks) are reported through <see cref="Reported"/> and the "AsyncGuard-Runtime"
    /// EventSource. The environment variable <c>ASYNCGUARD_DEBUG=1</c> switches it on at start-up with the default options.
    /// </summary>
    /// <example>
    /// <code>
    /// AsyncGuardDebug.Reported += (_, report) => Console.Error.WriteLine(report);
    /// AsyncGuardDebug.Enable(new AsyncGuardDebugOptions { SlowCallbackThreshold = TimeSpan.FromMilliseconds(50) });
    /// </code>
    /// </example>
    public static class AsyncGuardDebug
    {
        private static readonly string[] s_slowCallbackRules = { "AG0101", "AG0102" };
        private static readonly string[] s_unobservedRules = { "AG0201" };

        /// <summary>Raised for every report (also for loops and groups given their own options). Handlers run on the thread that noticed; an exception a handler throws is swallowed.</summary>
        public static event EventHandler<AsyncGuardDebugReport>? Reported;

        /// <summary>True while the process-wide debug mode is on.</summary>
        public static bool IsEnabled => DebugSwitch.Options is not null;

        /// <summary>A copy of the options in force, or null when the debug mode is off (change them with <see cref="Enable"/>).</summary>
        public static AsyncGuardDebugOptions? Options => DebugSwitch.Options?.Snapshot();

        /// <summary>Switches the debug mode on for the whole process (again with other options: they replace the previous ones).</summary>
        /// <param name="options">Thresholds and clock; null: the defaults.</param>
        public static void Enable(AsyncGuardDebugOptions? options = null)
        {
            AsyncGuardDebugOptions snapshot = (options ?? new AsyncGuardDebugOptions()).Snapshot();
            DebugHolders.NewEpoch();
            DebugSwitch.Options = snapshot;
        }

        /// <summary>Switches the process-wide debug mode off. Waits already being timed may still report once.</summary>
        public static void Disable()
        {
            DebugSwitch.Options = null;
            DebugHolders.NewEpoch();
        }

        internal static void SlowCallback(AsyncGuardDebugOptions options, TimeSpan duration, string stack)
        {
            string message = $"a callback held the event loop's thread for {duration.TotalMilliseconds:0.#} ms (threshold {options.SlowCallbackThreshold.TotalMilliseconds:0.#} ms): " +
                "a blocking wait (AG0101: .Result, .Wait(), GetAwaiter().GetResult(), Thread.Sleep) or a synchronous call that has an async alternative (AG0102) most likely runs in it; " +
                "CPU-bound work belongs on AsyncTasks.ToThread";
            Publish(options, new AsyncGuardDebugReport(AsyncGuardDebugReportKind.SlowCallback, "EventLoop", message, duration, stack, s_slowCallbackRules, Array.Empty<string>(), null, null));
        }

        internal static void UnobservedFailure(AsyncGuardDebugOptions options, string source, Exception exception, string stack, object? subject)
        {
            string message = $"a task failed with {exception.GetType().Name} ({exception.Message}) and nobody observed the failure";
            Publish(options, new AsyncGuardDebugReport(AsyncGuardDebugReportKind.UnobservedFailure, source, message, TimeSpan.Zero, stack, s_unobservedRules, Array.Empty<string>(), exception, subject));
        }

        internal static void LongWait(AsyncGuardDebugOptions options, string source, TimeSpan waited, string stack, IReadOnlyList<string> holders, object? subject)
        {
            string message = holders.Count == 0
                ? $"a wait has lasted {waited.TotalMilliseconds:0.#} ms; no holder is known (acquired before the debug mode was on, or nobody holds it)"
                : $"a wait has lasted {waited.TotalMilliseconds:0.#} ms; {holders.Count} holder(s), where each acquired it below (a possible async deadlock)";
            Publish(options, new AsyncGuardDebugReport(AsyncGuardDebugReportKind.LongWait, source, message, waited, stack, Array.Empty<string>(), holders, null, subject));
        }

        private static void Publish(AsyncGuardDebugOptions options, AsyncGuardDebugReport report)
        {
            if (options.WriteToEventSource)
            {
                AsyncGuardEventSource.Log.Write(report);
            }

            EventHandler<AsyncGuardDebugReport>? handlers = Reported;
            if (handlers is null)
            {
                return;
            }

            foreach (Delegate handler in handlers.GetInvocationList())
            {
                try
                {
                    ((EventHandler<AsyncGuardDebugReport>)handler)(null, report);
                }
                catch (Exception)
                {
                    // A logging handler must not take down the thread that noticed.
                }
            }
        }
    }
}
