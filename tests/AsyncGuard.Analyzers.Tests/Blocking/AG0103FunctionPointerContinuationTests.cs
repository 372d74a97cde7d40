using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// Corpus6 W1 (AG0103): a static local function reads its task parameter's result; its address travels in a struct to a
/// helper of the compilation that awaits the task before invoking the pointer. Silent; reported when the helper invokes
/// before the await, when the function is used otherwise, or when the value escapes.
/// </summary>
public sealed class AG0103FunctionPointerContinuationTests
{
    private const string Helpers = """
        using System;
        using System.Runtime.CompilerServices;
        using System.Threading.Tasks;

        static class Helpers
        {
            public abstract class Source { public abstract void SetException(Exception e); }
            public sealed class Source<T> : Source
            {
                public T? Value;
                public void SetResult(T value) => Value = value;
                public override void SetException(Exception e) { }
            }

            public readonly unsafe struct Continuation
            {
                readonly object _handle;
                readonly delegate*<Task, Source, void> _continuation;
                public Continuation(object handle, delegate*<Task, Source, void> continuation) { _handle = handle; _continuation = continuation; }
                public void KeepAlive() => GC.KeepAlive(_handle);
                public void Invoke(Task task, Source source) => _continuation(task, source);
            }

            public static void OnCompleted(Task task, Source source, Continuation continuation)
            {
                _ = Core(task, source, continuation);

                static async ValueTask Core(Task task, Source source, Continuation continuation)
                {
                    try
                    {
                        await task.ConfigureAwait(false);
                        continuation.Invoke(task, source);
                    }
                    catch (Exception ex)
                    {
                        source.SetException(ex);
                    }
                    continuation.KeepAlive();
                }
            }

            public static void TooEarly(Task task, Source source, Continuation continuation)
            {
                continuation.Invoke(task, source);
                _ = task;
            }

            public readonly unsafe struct Boxing
            {
                public object Handle { get; }
                readonly delegate*<Task, object?> _continuation;
                public Boxing(object handle, delegate*<Task, object?> continuation) { Handle = handle; _continuation = continuation; }
                public object? Invoke(Task task) => _continuation(task);
            }

            public static async ValueTask<object?> AwaitTask(Task task, Boxing continuation)
            {
                await task.ConfigureAwait(false);
                var result = continuation.Invoke(task);
                GC.KeepAlive(continuation.Handle);
                return result;
            }

            public static Continuation Stored;
            public static void Store(Task task, Source source, Continuation continuation) => Stored = continuation;
        }

        """;

    private static Task Run(string source)
    {
        var test = new Verifiers.AnalyzerTest<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer> { TestCode = Helpers + source };
        test.SolutionTransforms.Add((solution, projectId) =>
            solution.WithProjectCompilationOptions(projectId, ((CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!).WithAllowUnsafe(true)));
        return test.RunAsync();
    }

    [Fact]
    public Task Result_read_by_a_continuation_invoked_after_the_await_is_silent() => Run("""
        static class Reader
        {
            public static unsafe ValueTask<T> ReadAsync<T>(object owner, ValueTask<T> task)
            {
                if (task.IsCompletedSuccessfully)
                    return new(task.Result);
                var source = new Helpers.Source<T>();
                Helpers.OnCompleted(task.AsTask(), source, new(owner, &Complete));
                return new ValueTask<T>(source.Value!);

                static void Complete(Task task, Helpers.Source source)
                {
                    Unsafe.As<Helpers.Source<T>>(source).SetResult(new ValueTask<T>(Unsafe.As<Task<T>>(task)).Result);
                }
            }

            public static unsafe ValueTask<object?> AsObject<T>(object owner, ValueTask<T> task)
            {
                return task.IsCompletedSuccessfully
                    ? new(task.Result)
                    : Helpers.AwaitTask(task.AsTask(), new(owner, &Box));

                static object? Box(Task task) => new ValueTask<T>(task: Unsafe.As<Task<T>>(task)).Result;
            }

            public static unsafe void Boxed(object owner, Task<object> task)
            {
                Helpers.OnCompleted(task, new Helpers.Source<int>(), new Helpers.Continuation(owner, &Complete));

                static void Complete(Task t, Helpers.Source source) => ((Helpers.Source<int>)source).SetResult((int)((Task<object>)t).Result);
            }
        }
        """);

    [Fact]
    public Task Continuation_that_may_run_before_completion_is_still_reported() => Run("""
        static class Reader
        {
            public static unsafe void Early(object owner, Task<int> task)
            {
                Helpers.TooEarly(task, new Helpers.Source<int>(), new(owner, &Complete));

                static void Complete(Task t, Helpers.Source source) => ((Helpers.Source<int>)source).SetResult({|AG0103:((Task<int>)t).Result|});
            }

            public static unsafe void Escapes(object owner, Task<int> task)
            {
                Helpers.Store(task, new Helpers.Source<int>(), new(owner, &Complete));

                static void Complete(Task t, Helpers.Source source) => ((Helpers.Source<int>)source).SetResult({|AG0103:((Task<int>)t).Result|});
            }

            public static unsafe void AlsoCalled(object owner, Task<int> task)
            {
                Helpers.OnCompleted(task, new Helpers.Source<int>(), new(owner, &Complete));
                Complete(task, new Helpers.Source<int>());

                static void Complete(Task t, Helpers.Source source) => ((Helpers.Source<int>)source).SetResult({|AG0103:((Task<int>)t).Result|});
            }
        }
        """);

    [Fact]
    public Task Survives_half_typed_code() =>
        AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>.DiagnosticsInBrokenCode(Helpers + """
            static class Reader
            {
                public static unsafe void M(object owner, Task<int> task)
                {
                    Helpers.OnCompleted(task, new Helpers.Source<int>(), new(owner, &Complete;
                    Helpers.Missing(task, new(owner, &Complete));
                    static void Complete(Task t, Helpers.Source source) => _ = {|AG0103:((Task<int>)t).Result|};
                    static void Other(Task t) => _ = ((Task<int>)).Result;
                }
            }
            """);
}
