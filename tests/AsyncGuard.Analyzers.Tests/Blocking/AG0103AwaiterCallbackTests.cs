using Xunit;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// Issue 16, eleventh pass (corpus9lib, held-out Pipelines.Sockets.Unofficial): <c>GetResult()</c> of a stored awaiter in a
/// method that runs only as that awaiter's own OnCompleted/UnsafeOnCompleted callback (given as a method group, directly or
/// cached in a private delegate field behind a property) returns at once: silent. Reported when the method is also called,
/// registered on another awaiter, visible outside the assembly or virtual, or when the delegate goes anywhere else.
/// </summary>
public sealed class AG0103AwaiterCallbackTests
{
    private const string Usings = "using System; using System.Runtime.CompilerServices; using System.Threading; using System.Threading.Tasks;\n";

    private static Task Verify(string source) =>
        new Verifiers.AnalyzerTest<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer> { TestCode = Usings + source }.RunAsync();

    [Fact]
    public Task Silent_inside_the_awaiters_own_completion_callback() => Verify("""
        public sealed class PipeStream
        {
            private sealed class Pending
            {
                internal ValueTaskAwaiter<int> Awaiter;
                internal readonly object Gate = new object();
            }

            private Pending? _pending;
            private Pending State => _pending ??= new Pending();
            private Action? _callback;
            private Action Callback => _callback ??= OnData;
            private TaskAwaiter _flush;
            public int Total;

            public void StartRead(ValueTask<int> read)
            {
                var state = State;
                state.Awaiter = read.GetAwaiter();
                state.Awaiter.UnsafeOnCompleted(Callback);
            }

            public void StartOtherRead(ValueTask<int> read)
            {
                var state = State;
                lock (state.Gate)
                {
                    state.Awaiter = read.GetAwaiter();
                    state.Awaiter.OnCompleted(Callback);
                }
            }

            internal void OnData()
            {
                var state = State;
                lock (state.Gate)
                {
                    Total += state.Awaiter.GetResult();
                    state.Awaiter = default;
                }
            }

            public void StartFlush(Task flush)
            {
                _flush = flush.GetAwaiter();
                _flush.OnCompleted(Flushed);
            }

            private void Flushed() => _flush.GetResult();
        }
        """);

    /// <summary>The nearest cases: the callback can run while the awaiter is still pending, or the delegate goes elsewhere.</summary>
    [Fact]
    public Task Reported_where_the_method_can_run_before_completion() => Verify("""
        public class Near
        {
            private TaskAwaiter<int> _a;
            private TaskAwaiter<int> _b;
            private Action? _cached;
            private Action Cached => _cached ??= ThroughCache;
            public int Last;

            public void Start(Task<int> t, Task<int> u)
            {
                _a = t.GetAwaiter();
                _b = u.GetAwaiter();
                _a.OnCompleted(AlsoCalled);
                _b.OnCompleted(OtherAwaiter);
                _a.OnCompleted(Visible);
                _a.OnCompleted(Overridable);
                _a.OnCompleted(Cached);
                ThreadPool.QueueUserWorkItem(_ => Cached());
                _a.OnCompleted(Escapes);
                Action later = Escapes;
                later();
            }

            public void Poll() => AlsoCalled();

            private void AlsoCalled() => Last = {|AG0103:_a.GetResult()|};

            private void OtherAwaiter() => Last = {|AG0103:_a.GetResult()|};

            public void Visible() => Last = {|AG0103:_a.GetResult()|};

            internal virtual void Overridable() => Last = {|AG0103:_a.GetResult()|};

            private void ThroughCache() => Last = {|AG0103:_a.GetResult()|};

            private void Escapes() => Last = {|AG0103:_a.GetResult()|};
        }
        """);

    [Fact]
    public Task Half_typed_code_does_not_throw() => Verify("""
        public sealed class Half
        {
            private TaskAwaiter<int> _a;
            public int Last;

            public void Start(Task<int> t)
            {
                _a = t.GetAwaiter();
                _a.OnCompleted({|CS0103:Missing|});
                _a.{|CS1061:OnFinished|}(Done);
            }

            private void Done() => Last = {|AG0103:_a.GetResult()|};
        }
        """);
}
