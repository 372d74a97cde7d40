using Xunit;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// Issue 16, held-out ho4a (datastax/csharp-driver): a wait on a task parameter of a method hidden from other assemblies
/// whose every reference hands it a completed task — calls made under <c>if (task.IsCompleted)</c> or inside the task's own
/// continuation, or the method given as a <c>ContinueWith</c> method group (Core/CompletedParameters.cs). The nearest
/// methods that may receive a pending task are still reported.
/// </summary>
public sealed class AG0103CompletedParameterTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private static Task Verify(string source) =>
        new Verifiers.AnalyzerTest<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer> { TestCode = Usings + source }.RunAsync();

    [Fact]
    public Task Silent_when_every_use_hands_the_method_a_completed_task() => Verify("""
        static class Chains
        {
            public static Task<TOut> Map<TIn, TOut>(this Task<TIn> task, Func<TIn, TOut> next)
            {
                var tcs = new TaskCompletionSource<TOut>();
                if (task.IsCompleted)
                {
                    Finish(tcs, task, next);
                    return tcs.Task;
                }

                task.ContinueWith(previous => Finish(tcs, previous, next), TaskContinuationOptions.ExecuteSynchronously);
                task.ContinueWith(_ => { Finish(tcs, task, next); });
                return tcs.Task;
            }

            private static void Finish<TIn, TOut>(TaskCompletionSource<TOut> tcs, Task<TIn> previous, Func<TIn, TOut> next)
            {
                if (previous.IsFaulted)
                {
                    tcs.TrySetException(previous.Exception!);
                    return;
                }

                tcs.TrySetResult(next(previous.Result));
            }
        }

        internal sealed class Reader
        {
            private readonly System.IO.Stream _stream;
            private readonly byte[] _buffer = new byte[16];
            public int Total;

            public Reader(System.IO.Stream stream) => _stream = stream;

            public void Start() => _stream.ReadAsync(_buffer, 0, _buffer.Length).ContinueWith(OnRead, TaskContinuationOptions.ExecuteSynchronously);

            protected void OnRead(Task<int> read)
            {
                if (read.Exception != null)
                {
                    return;
                }

                Total += read.Result;
            }
        }
        """);

    [Fact]
    public Task Reported_when_a_use_may_hand_over_a_pending_task() => Verify("""
        static class Chains
        {
            public static void Map(Task<int> task, Action<int> next)
            {
                if (task.IsCompleted)
                {
                    Finish(task, next);
                }

                Finish(task, next);
            }

            private static void Finish(Task<int> previous, Action<int> next) => next({|AG0103:previous.Result|});

            public static void Stored(Task<int> task)
            {
                task.ContinueWith(Read);
                Func<Task<int>, int> kept = Read;
            }

            private static int Read(Task<int> t) => {|AG0103:t.Result|};

            private static int Never(Task<int> t) => {|AG0103:t.Result|};

            public static void Other(Task<int> task, Task<int> other)
            {
                task.ContinueWith(_ => Reassigns(other));
            }

            private static int Reassigns(Task<int> t)
            {
                return {|AG0103:t.Result|};
            }

            public static void Twice(Task<int> task)
            {
                task.ContinueWith(t => Changes(t));
            }

            private static int Changes(Task<int> t)
            {
                t = Task.FromResult(1);
                return {|AG0103:t.Result|};
            }
        }

        internal class Overridable
        {
            // A derived type may call it with any task.
            protected virtual void OnRead(Task<int> read) => Console.WriteLine({|AG0103:read.Result|});

            public void Start(Task<int> read) => read.ContinueWith(OnRead);
        }
        """);

    [Fact]
    public Task Half_typed_code_does_not_throw() => Verify("""
        static class Half
        {
            public static void Start(Task<int> task)
            {
                task.ContinueWith({|CS0103:Missing|});
                Finish({|CS0103:unknown|});
                task.ContinueWith(Finish);
            }

            private static void Finish(Task<int> t) => Console.WriteLine({|AG0103:t.Result|});
        }
        """);
}
