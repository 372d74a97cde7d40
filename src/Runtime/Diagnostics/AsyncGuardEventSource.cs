using System.Diagnostics.Tracing;

namespace AsyncGuard
{
    /// <summary>
    /// The debug mode's reports as EventSource events (for dotnet-trace) and counters (for dotnet-counters:
    /// <c>dotnet-counters monitor -n MyApp --counters AsyncGuard-Runtime</c>). Created on the first report only.
    /// </summary>
    [EventSource(Name = SourceName)]
    internal sealed class AsyncGuardEventSource : EventSource
    {
        internal const string SourceName = "AsyncGuard-Runtime";

        internal static readonly AsyncGuardEventSource Log = new AsyncGuardEventSource();

#if NET
        private IncrementingEventCounter? _slowCallbacks;
        private IncrementingEventCounter? _unobserved;
        private IncrementingEventCounter? _longWaits;
#endif
        private long _slowCallbackCount;
        private long _unobservedCount;
        private long _longWaitCount;

        private AsyncGuardEventSource()
            : base(EventSourceSettings.EtwSelfDescribingEventFormat)
        {
        }

        internal long SlowCallbackCount => System.Threading.Interlocked.Read(ref _slowCallbackCount);

        internal long UnobservedFailureCount => System.Threading.Interlocked.Read(ref _unobservedCount);

        internal long LongWaitCount => System.Threading.Interlocked.Read(ref _longWaitCount);

        [Event(1, Level = EventLevel.Warning, Message = "Slow event-loop callback: {0} ms ({1})")]
        public void SlowCallback(double durationMs, string rules, string stack) => WriteEvent(1, durationMs, rules, stack);

        [Event(2, Level = EventLevel.Warning, Message = "Unobserved failure in {0}: {1}: {2}")]
        public void UnobservedFailure(string source, string exceptionType, string message, string stack) => WriteEvent(2, source, exceptionType, message, stack);

        [Event(3, Level = EventLevel.Warning, Message = "Long wait on {0}: {1} ms")]
        public void LongWait(string primitive, double waitedMs, string stack, string holderStacks) => WriteEvent(3, primitive, waitedMs, stack, holderStacks);

        [NonEvent]
        internal void Write(AsyncGuardDebugReport report)
        {
            switch (report.Kind)
            {
                case AsyncGuardDebugReportKind.SlowCallback:
                    System.Threading.Interlocked.Increment(ref _slowCallbackCount);
#if NET
                    _slowCallbacks?.Increment();
#endif
                    if (IsEnabled())
                    {
                        SlowCallback(report.Duration.TotalMilliseconds, string.Join("/", report.RuleIds), report.Stack);
                    }

                    break;
                case AsyncGuardDebugReportKind.UnobservedFailure:
                    System.Threading.Interlocked.Increment(ref _unobservedCount);
#if NET
                    _unobserved?.Increment();
#endif
                    if (IsEnabled())
                    {
                        UnobservedFailure(report.Source, report.Exception?.GetType().FullName ?? "", report.Exception?.Message ?? "", report.Stack);
                    }

                    break;
                default:
                    System.Threading.Interlocked.Increment(ref _longWaitCount);
#if NET
                    _longWaits?.Increment();
#endif
                    if (IsEnabled())
                    {
                        LongWait(report.Source, report.Duration.TotalMilliseconds, report.Stack, string.Join("\n---\n", report.HolderStacks));
                    }

                    break;
            }
        }

        protected override void OnEventCommand(EventCommandEventArgs command)
        {
#if NET
            if (command.Command == EventCommand.Enable)
            {
                _slowCallbacks ??= new IncrementingEventCounter("slow-callbacks", this) { DisplayName = "Slow event-loop callbacks (AG0101/AG0102)" };
                _unobserved ??= new IncrementingEventCounter("unobserved-failures", this) { DisplayName = "Unobserved task failures (AG0201)" };
                _longWaits ??= new IncrementingEventCounter("long-waits", this) { DisplayName = "Long lock/semaphore/condition waits" };
            }
#endif
        }
    }
}
