using Xunit;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// Issue 16, fourteenth pass (wrong16): completion stated by a contract (Core/CompletionProofs.Contracts.cs). An assertion
/// whose parameter is <c>[DoesNotReturnIf(b)]</c> (<c>Debug.Assert(t.IsCompleted)</c>, Polly's TaskHelper), a bool helper of the
/// compilation whose returned expression proves its task parameter complete (<c>task.Wait(timeout)</c>, StackExchange.Redis's
/// TryWait) with a same-file throw helper on the other path, and the ValueTask views <c>Preserve()</c> / <c>AsTask()</c>.
/// The nearest unproven forms are still reported.
/// </summary>
public sealed class AG0103ContractCompletionTests
{
    private const string Usings = "using System; using System.Diagnostics; using System.Diagnostics.CodeAnalysis; using System.Threading; using System.Threading.Tasks;\n";

    private static Task Verify(string source) =>
        new Verifiers.AnalyzerTest<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer> { TestCode = Usings + source }.RunAsync();

    [Fact]
    public Task Silent_after_an_assertion_that_the_task_completed() => Verify("""
        static class Guard
        {
            public static void True([DoesNotReturnIf(false)] bool condition) { if (!condition) throw new InvalidOperationException(); }
            public static void False([DoesNotReturnIf(true)] bool condition, string message) { if (condition) throw new InvalidOperationException(message); }
        }

        static class TaskHelper
        {
            public static T GetResult<T>(this ValueTask<T> task)
            {
                Debug.Assert(task.IsCompleted, "completed by contract");
                if (task.IsCompleted)
                {
                    return task.Result;
                }

                return task.Preserve().GetAwaiter().GetResult();
            }

            public static T AsTask<T>(ValueTask<T> task)
            {
                Debug.Assert(task.IsCompletedSuccessfully);
                return task.AsTask().Result;
            }

            public static int Status(Task<int> task)
            {
                Debug.Assert(task.Status == TaskStatus.RanToCompletion);
                return task.Result;
            }

            public static void Own(Task task)
            {
                Guard.True(task.IsCompleted);
                task.Wait();
            }

            public static int Negated(Task<int> task)
            {
                Guard.False(!task.IsCompleted, "pending");
                return task.GetAwaiter().GetResult();
            }

            public static int Lambda(Task<int> task)
            {
                Func<int> read = () =>
                {
                    Debug.Assert(task.IsCompleted);
                    return task.Result;
                };
                return read();
            }
        }
        """);

    [Fact]
    public Task Reported_after_an_assertion_that_proves_nothing_about_the_task() => Verify("""
        static class Guard
        {
            public static void Plain(bool condition) { if (!condition) throw new InvalidOperationException(); }
            public static void False([DoesNotReturnIf(true)] bool condition) { if (condition) throw new InvalidOperationException(); }
        }

        static class TaskHelper
        {
            public static int Other(Task<int> task, Task<int> other)
            {
                Debug.Assert(other.IsCompleted);
                return {|AG0103:task.Result|};
            }

            public static int Pending(Task<int> task)
            {
                Debug.Assert(!task.IsCompleted);
                return {|AG0103:task.Result|};
            }

            public static int NotAnnotated(Task<int> task)
            {
                Guard.Plain(task.IsCompleted);
                return {|AG0103:task.Result|};
            }

            public static int WrongSense(Task<int> task)
            {
                Guard.False(task.IsCompleted);
                return {|AG0103:task.Result|};
            }

            public static int Either(Task<int> task, bool ready)
            {
                Debug.Assert(ready || task.IsCompleted);
                return {|AG0103:task.Result|};
            }

            public static int Reassigned(Task<int> task, Func<Task<int>> next)
            {
                Debug.Assert(task.IsCompleted);
                task = next();
                return {|AG0103:task.Result|};
            }

            public static int AfterTheWait(Task<int> task)
            {
                var value = {|AG0103:task.Result|};
                Debug.Assert(task.IsCompleted);
                return value;
            }

            public static int OtherView(ValueTask<int> task, ValueTask<int> other)
            {
                Debug.Assert(other.IsCompleted);
                return {|AG0103:task.AsTask().Result|};
            }
        }
        """);

    [Fact]
    public Task Silent_after_a_bool_helper_that_waited_for_the_task() => Verify("""
        abstract class RedisBase
        {
            protected int TimeoutMilliseconds => 5000;
            public bool TryWait(Task task) => task.Wait(TimeoutMilliseconds);
            internal static bool IsDone(Task task) { return task.IsCompleted; }
            internal sealed class Sealed { public bool Finished(Task task) => task.Status == TaskStatus.RanToCompletion; }
        }

        sealed class Enumerator
        {
            private readonly RedisBase _redis;
            public Enumerator(RedisBase redis) { _redis = redis; }

            public T Next<T>(Task<T> pending, string message)
            {
                if (!_redis.TryWait(pending)) ThrowTimeout(message);
                return pending.Result;
            }

            public T Checked<T>(Task<T> pending)
            {
                if (RedisBase.IsDone(pending)) return pending.GetAwaiter().GetResult();
                return default!;
            }

            public int Nested(Task<int> pending, RedisBase.Sealed helper) =>
                helper.Finished(pending) ? pending.Result : 0;

            public void Thrown(Task pending, string message)
            {
                if (!_redis.TryWait(pending)) Fail(message);
                pending.Wait();
            }

            private void ThrowTimeout(string message)
            {
                try
                {
                    throw new TimeoutException(message);
                }
                catch (Exception ex)
                {
                    Console.WriteLine(ex.Message);
                    throw;
                }
            }

            private static void Fail(string message) => throw new TimeoutException(message);
        }
        """);

    [Fact]
    public Task Reported_after_a_helper_whose_result_does_not_prove_completion() => Verify("""
        interface IRedis { bool TryWait(Task task); }

        abstract class RedisBase : IRedis
        {
            public virtual bool TryWaitVirtual(Task task) => task.Wait(5000);
            public bool TryWait(Task task) => task.Wait(5000);
            public bool Either(Task task, bool flag) => task.Wait(0) || flag;
            public bool OtherTask(Task task, Task other) => other.Wait(5000);
            public bool Replaced(Task task, Task other) => (task = other).Wait(5000);
            public bool Started(Task task) { var t = task; return t.Wait(5000); }
        }

        sealed class Enumerator
        {
            private readonly RedisBase _redis;
            private readonly IRedis _contract;
            public Enumerator(RedisBase redis, IRedis contract) { _redis = redis; _contract = contract; }

            public int Virtual(Task<int> pending)
            {
                if (!_redis.TryWaitVirtual(pending)) ThrowTimeout();
                return {|AG0103:pending.Result|};
            }

            public int Interface(Task<int> pending)
            {
                if (!_contract.TryWait(pending)) ThrowTimeout();
                return {|AG0103:pending.Result|};
            }

            public int MayReturn(Task<int> pending)
            {
                if (!_redis.TryWait(pending)) Log();
                return {|AG0103:pending.Result|};
            }

            public int Several(Task<int> pending, Task<int> other)
            {
                if (!_redis.Either(pending, true)) ThrowTimeout();
                if (!_redis.OtherTask(pending, other)) ThrowTimeout();
                if (!_redis.Replaced(pending, other)) ThrowTimeout();
                if (!_redis.Started(pending)) ThrowTimeout();
                return {|AG0103:pending.Result|};
            }

            public int Unchecked(Task<int> pending)
            {
                _redis.TryWait(pending);
                return {|AG0103:pending.Result|};
            }

            public int OtherPending(Task<int> pending, Task<int> other)
            {
                if (!_redis.TryWait(other)) ThrowTimeout();
                return {|AG0103:pending.Result|};
            }

            private static void ThrowTimeout() => throw new TimeoutException();

            private static void Log() => Console.WriteLine("timed out");
        }
        """);

    [Fact]
    public Task Half_typed_code_does_not_throw() =>
        new Verifiers.AnalyzerTest<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>
        {
            TestCode = Usings + """
                static class C
                {
                    public static int A(Task<int> task)
                    {
                        Debug.Assert({|CS0103:Missing|}(task));
                        if (!{|CS0103:Helper|}(task)) {|CS0103:Throw|}();
                        return {|AG0103:task.Result|};
                    }

                    public static int B(ValueTask<int> task)
                    {
                        Debug.Assert(task.IsCompleted);
                        return task.{|CS1061:Preserved|}().Result;
                    }
                }
                """,
        }.RunAsync();
}
