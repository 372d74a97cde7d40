using System.Threading.Tasks;
using AsyncGuard.Analyzers.TaskLifetime;
using Xunit;
using VerifyAG0201 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0201UnobservedTaskAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, tenth part (d201; DotNetty's LocalChannel connect failures): the failure-path cleanup of
/// report_failure_path_cleanups in a function that returns a task, when an earlier statement of the block has handed the
/// exception to a call with a local or parameter and the cleanup is directly followed by the return of a value read from
/// it (<c>promise.Task</c>): the returned task carries the failure. Still reported before a rethrow, before the return of
/// other work or of a completed task, with the exception handed about another symbol, or with a statement in between.
/// </summary>
public sealed class AG0201FailedResultCleanupTests
{
    private const string Types = """
        using System; using System.Threading; using System.Threading.Tasks;
        public interface IChannel { Task CloseAsync(); Task WriteAsync(object message); }
        public static class Util { public static void SafeSetFailure<T>(TaskCompletionSource<T> promise, Exception cause) => promise.TrySetException(cause); }
        public class Connector
        {
            void Bind() { }
            static void Log() { }
        """;

    private static string Code(string body) => Types + body + "\n}";

    [Theory]
    // In a catch: the exception handed to the promise (as receiver, or as another argument of a helper).
    [InlineData("public Task<bool> Connect(IChannel channel, TaskCompletionSource<bool> promise) { try { Bind(); } catch (Exception ex) { promise.TrySetException(ex); channel.CloseAsync(); return promise.Task; } return promise.Task; }")]
    [InlineData("public Task Connect(IChannel channel) { var promise = new TaskCompletionSource<int>(); try { Bind(); } catch (Exception ex) { Util.SafeSetFailure(promise, ex); channel?.CloseAsync(); return promise.Task; } return promise.Task; }")]
    // Off a catch, with a new exception; the returned value wraps the promise's task.
    [InlineData("public ValueTask<bool> Connect(IChannel channel, TaskCompletionSource<bool> promise, bool bound) { if (!bound) { var cause = new InvalidOperationException(); Util.SafeSetFailure(promise, cause); channel.CloseAsync(); return new ValueTask<bool>(promise.Task); } return new ValueTask<bool>(true); }")]
    public Task Silent_where_the_returned_task_carries_the_failure(string body) =>
        VerifyAG0201.NoDiagnostics(Code(body));

    [Theory]
    // A rethrow: the caller expects the cleanup done.
    [InlineData("public Task Connect(IChannel channel, TaskCompletionSource<bool> promise) { try { Bind(); } catch (Exception ex) { promise.TrySetException(ex); {|AG0201:channel.CloseAsync()|}; throw; } return promise.Task; }")]
    // The return of a completed task, of other work, or of another source's task.
    [InlineData("public Task Connect(IChannel channel, TaskCompletionSource<bool> promise) { try { Bind(); } catch (Exception ex) { promise.TrySetException(ex); {|AG0201:channel.CloseAsync()|}; return Task.CompletedTask; } return promise.Task; }")]
    [InlineData("public Task Connect(IChannel channel, TaskCompletionSource<bool> promise, TaskCompletionSource<bool> other) { try { Bind(); } catch (Exception ex) { other.TrySetException(ex); {|AG0201:channel.CloseAsync()|}; return promise.Task; } return promise.Task; }")]
    // A statement between the cleanup and the return; the failure handed on after the cleanup; a cleanup with data.
    [InlineData("public Task Connect(IChannel channel, TaskCompletionSource<bool> promise) { try { Bind(); } catch (Exception ex) { promise.TrySetException(ex); {|AG0201:channel.CloseAsync()|}; Log(); return promise.Task; } return promise.Task; }")]
    [InlineData("public Task Connect(IChannel channel, TaskCompletionSource<bool> promise) { var cause = new InvalidOperationException(); {|AG0201:channel.CloseAsync()|}; promise.TrySetException(cause); return promise.Task; }")]
    [InlineData("public Task Connect(IChannel channel, TaskCompletionSource<bool> promise) { try { Bind(); } catch (Exception ex) { promise.TrySetException(ex); {|AG0201:channel.WriteAsync(ex)|}; return promise.Task; } return promise.Task; }")]
    public Task Reported_where_the_result_does_not_carry_the_failure(string body) =>
        VerifyAG0201.Diagnostics(Code(body));

    [Fact]
    public Task The_option_reports_them() =>
        VerifyAG0201.DiagnosticsWithOptions(
            Code("public Task<bool> Connect(IChannel channel, TaskCompletionSource<bool> promise) { try { Bind(); } catch (Exception ex) { promise.TrySetException(ex); {|AG0201:channel.CloseAsync()|}; return promise.Task; } return promise.Task; }"),
            FailurePathCleanups.ReportOption + " = true");

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0201.DiagnosticsInBrokenCode(Code("""
            public Task Connect(IChannel channel, Missing promise) { try { Bind(); } catch (Exception ex) { promise.Fail(ex); {|AG0201:channel.CloseAsync()|}; return promise.Task; } return promise.Task; }
            public Task Other(IChannel channel, TaskCompletionSource<bool> promise) { try { Bind(); } catch (Exception ex) { Unknown(promise, ex); {|AG0201:channel.CloseAsync()|}; return ; } return promise.Task; }
            """));
}
