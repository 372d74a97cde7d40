using System.Threading.Tasks;
using AsyncGuard.Analyzers.TaskLifetime;
using Xunit;
using VerifyAG0201 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0201UnobservedTaskAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, eighth part (ff201; DotNetty's Netty-style closes): a call with no arguments dropped where the function is
/// already handling a failure — in a catch clause, before a throw, next to a call handed an exception, in a function given
/// an exception — is silent by default; reported with report_failure_path_cleanups, and wherever the call carries data or
/// the path is an ordinary one.
/// </summary>
public sealed class AG0201FailurePathCleanupTests
{
    private const string Types = """
        using System; using System.Threading; using System.Threading.Tasks;
        public interface IChannel { Task CloseAsync(); Task CloseCompletion { get; } Task WriteAsync(object message); }
        public interface IContext { IChannel Channel { get; } void FireExceptionCaught(Exception cause); Task CloseAsync(); }
        public sealed class Promise { public bool TrySetException(Exception e) => true; }
        public sealed class TimeoutError : Exception { public static readonly TimeoutError Instance = new TimeoutError(); }
        public static class Log { public static void Warn(string text, Exception e) { } public static void Info(string text) { } }
        """;

    private static string Handler(string body) => Types + $$"""
        public class Handler
        {
            readonly IChannel _peer = null!;
            {{body}}
        }
        """;

    [Theory]
    // In a catch clause (also rethrowing), and before a throw.
    [InlineData("void Read(IChannel channel) { try { Log.Info(\"read\"); } catch (Exception ex) { Log.Warn(\"closing\", ex); channel.CloseAsync(); _peer?.CloseAsync(); throw; } }")]
    [InlineData("void Release(IChannel channel, bool closed) { if (closed) { channel.CloseAsync(); throw new InvalidOperationException(); } }")]
    // Next to a call that hands the failure on (an exception event, a promise's failure), before or after it.
    [InlineData("void TimedOut(IContext context) { context.FireExceptionCaught(TimeoutError.Instance); context.CloseAsync(); }")]
    [InlineData("void Acquired(IChannel channel, Promise promise) { channel.CloseAsync(); promise.TrySetException(new InvalidOperationException()); }")]
    // The statement that runs after the `if` holding the close.
    [InlineData("void Acquired(Task<IChannel> t, Promise promise) { if (t.Status == TaskStatus.RanToCompletion) { t.Result.CloseAsync(); } promise.TrySetException(new InvalidOperationException()); }")]
    [InlineData("void Release(IChannel channel, bool closed) { lock (this) { if (closed) { channel.CloseAsync(); } } throw new InvalidOperationException(); }")]
    // A function given the exception to handle: a method, a local function, a lambda.
    [InlineData("void ExceptionCaught(IContext context, Exception cause) { Log.Info(\"failed\"); context.CloseAsync(); }")]
    [InlineData("void Run(IContext context) { void Failed(InvalidOperationException e) { context.CloseAsync(); } Failed(new InvalidOperationException()); }")]
    [InlineData("void Run(IContext context) { Action<Exception> failed = (Exception e) => { context.CloseAsync(); }; failed(new Exception()); }")]
    public Task Silent_for_cleanup_on_a_failure_path(string body) =>
        VerifyAG0201.NoDiagnostics(Handler(body));

    [Theory]
    // The same close on an ordinary path.
    [InlineData("void Done(IChannel channel) { Log.Info(\"done\"); {|AG0201:channel.CloseAsync()|}; }")]
    // A call that carries data, on a failure path: a write, a report of the failure itself.
    [InlineData("void Read(IChannel channel) { try { {|AG0201:channel.WriteAsync(1)|}; } catch (Exception ex) { {|AG0201:channel.WriteAsync(ex)|}; throw; } }")]
    // Inside a try (not its catch), and a throw in a nested block only.
    [InlineData("void Read(IChannel channel) { try { {|AG0201:channel.CloseAsync()|}; } finally { Log.Info(\"x\"); } }")]
    [InlineData("void Read(IChannel channel, bool b) { {|AG0201:channel.CloseAsync()|}; if (b) { throw new InvalidOperationException(); } }")]
    // A lambda inside a catch is its own function; an exception passed in a nested block does not count.
    [InlineData("void Read(IChannel channel) { try { } catch (Exception) { Action close = () => {|AG0201:channel.CloseAsync()|}; close(); } }")]
    [InlineData("void Read(IContext context, bool b) { {|AG0201:context.CloseAsync()|}; if (b) { context.FireExceptionCaught(new Exception()); } }")]
    // A return between the close and the failure; a loop is not climbed out of.
    [InlineData("void Acquired(IChannel channel, Promise promise, bool ok) { if (ok) { {|AG0201:channel.CloseAsync()|}; return; } promise.TrySetException(new InvalidOperationException()); }")]
    [InlineData("void Acquired(IChannel[] channels, Promise promise) { foreach (var c in channels) { {|AG0201:c.CloseAsync()|}; } promise.TrySetException(new InvalidOperationException()); }")]
    // A function that returns a task could await the cleanup (made async): the dropped call is a forgotten await.
    [InlineData("Task Read(IChannel channel) { try { } catch (Exception) { {|AG0201:channel.CloseAsync()|}; throw; } return Task.CompletedTask; }")]
    [InlineData("Task Failed(IContext context, Exception cause) { {|AG0201:context.CloseAsync()|}; return Task.CompletedTask; }")]
    [InlineData("void Run(IContext context) { Func<Exception, Task> failed = (Exception e) => { {|AG0201:context.CloseAsync()|}; return Task.CompletedTask; }; }")]
    public Task Reported_off_the_failure_path_or_with_data(string body) =>
        VerifyAG0201.Diagnostics(Handler(body));

    [Fact]
    public Task The_option_reports_cleanup_on_failure_paths() =>
        VerifyAG0201.DiagnosticsWithOptions(
            Handler("void Read(IChannel channel) { try { } catch (Exception) { {|AG0201:channel.CloseAsync()|}; throw; } } void TimedOut(IContext context) { context.FireExceptionCaught(TimeoutError.Instance); {|AG0201:context.CloseAsync()|}; }"),
            FailurePathCleanups.ReportOption + " = true");

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0201.DiagnosticsInBrokenCode(Handler("""
            void Read(IChannel channel) { try { } catch (Missing) { channel.CloseAsync(); } }
            void TimedOut(IContext context) { context.FireExceptionCaught(Unknown.Value); {|AG0201:context.CloseAsync()|}; }
            void Failed(IContext context, Missing cause) { {|AG0201:context.CloseAsync()|}; }
            """));
}
