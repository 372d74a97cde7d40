using System.Threading.Tasks;
using Xunit;
using VerifyAG0101 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0101BlockingWaitAnalyzer>;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0103 (and AG0101, same proof), fifteenth pass (held-out DotNetty's channel pool): a ValueTask read inside the
/// continuation of its own `AsTask()` view has completed; the nearest unproven forms are still reported.
/// </summary>
public sealed class AG0103ValueTaskViewContinuationTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Silent_inside_the_continuation_of_the_value_tasks_own_view() =>
        VerifyAG0103.NoDiagnostics(Usings + """
            class C
            {
                static ValueTask<int> AcquireAsync() => new ValueTask<int>(Task.Delay(1).ContinueWith(_ => 1, TaskScheduler.Default));

                Task<int> Acquire()
                {
                    var promise = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                    ValueTask<int> future = AcquireAsync();
                    future.AsTask().ContinueWith(
                        t =>
                        {
                            if (t.Status == TaskStatus.RanToCompletion) promise.TrySetResult(future.Result);
                            else promise.TrySetException(t.Exception!);
                        },
                        TaskScheduler.Default);
                    return promise.Task;
                }

                void Parenthesized(ValueTask<int> future) =>
                    (future).AsTask().ContinueWith(_ => Console.WriteLine(future.Result), TaskScheduler.Default);

                void PreservedView(ValueTask<int> future) =>
                    future.Preserve().AsTask().ContinueWith(_ => Console.WriteLine(future.Result), TaskScheduler.Default);
            }
            """);

    [Fact]
    public Task Still_reports_a_value_task_the_continuation_does_not_follow() =>
        VerifyAG0103.Diagnostics(Usings + """
            class C
            {
                void AnotherValueTasksView(ValueTask<int> future, ValueTask<int> other) =>
                    other.AsTask().ContinueWith(_ => Console.WriteLine({|AG0103:future.Result|}), TaskScheduler.Default);

                void AnotherTask(ValueTask<int> future, Task<int> other) =>
                    other.ContinueWith(_ => Console.WriteLine({|AG0103:future.Result|}), TaskScheduler.Default);

                void ReadBeforeTheContinuation(ValueTask<int> future)
                {
                    Console.WriteLine({|AG0103:future.Result|});
                    future.AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
                }

                void AViewOfAnotherType(Holder holder) =>
                    holder.AsTask().ContinueWith(_ => Console.WriteLine({|AG0103:holder.Value.Result|}), TaskScheduler.Default);
            }

            sealed class Holder
            {
                public ValueTask<int> Value { get; set; }
                public Task AsTask() => Task.CompletedTask;
            }
            """);

    [Fact]
    public Task Silent_for_ag0101_in_an_async_method_too() =>
        VerifyAG0101.NoDiagnostics(Usings + """
            class C
            {
                async Task Run(ValueTask<int> future)
                {
                    await Task.Yield();
                    _ = future.AsTask().ContinueWith(_ => Console.WriteLine(future.Result), TaskScheduler.Default);
                }
            }
            """);

    [Fact]
    public Task Half_typed_code_neither_crashes_nor_silences() =>
        VerifyAG0103.DiagnosticsInBrokenCode(Usings + """
            class C
            {
                void MisspelledView(ValueTask<int> future) =>
                    future.AsTsk().ContinueWith(_ => Console.WriteLine({|AG0103:future.Result|}));

                void UnfinishedView(ValueTask<int> future) =>
                    future.AsTask(.ContinueWith(_ => Console.WriteLine({|AG0103:future.Result|}));
            }
            """);
}
