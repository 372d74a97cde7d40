using AsyncGuard.Analyzers.TaskLifetime;
using Xunit;
using VerifyAG0201 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0201UnobservedTaskAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, fifteenth pass (held-out azure-webjobs-sdk JobHost.EnsureHostInitializedAsync): a dropped or unread call of an
/// async method of the compilation whose body is only tries with a catch-all handler that does not throw and hands the
/// exception to a TaskCompletionSource returns a task that never faults, and its outcome travels through the source:
/// silent. Still reported: a handler that only logs, a method that is not async, a virtual one, a handler that rethrows or
/// is filtered or narrow, a statement outside the try, an interface call.
/// </summary>
public sealed class AG0201NeverFaultingCalleeTests
{
    private const string Types = """
        using System; using System.Threading; using System.Threading.Tasks;
        public interface IStarter { Task StartAsync(); }
        public class Host
        {
            private Task<bool> _initialized;

            async Task InitializeAsync(TaskCompletionSource<bool> source)
            {
                try
                {
                    await Task.Delay(1);
                    source.SetResult(true);
                }
                catch (Exception e)
                {
                    source.SetException(e);
                }
            }

            async Task<int> CountAsync(TaskCompletionSource<int> source)
            {
                try { await Task.Yield(); return 1; }
                catch (OperationCanceledException) { source.TrySetCanceled(); return 0; }
                catch { source.TrySetException(new InvalidOperationException()); return 0; }
            }

            async Task LogsAsync()
            {
                try { await Task.Delay(1); }
                catch (Exception e) { Console.WriteLine(e); }
            }

            async Task ReportsAsync(Action<Exception> onError)
            {
                try { await Task.Delay(1); }
                catch (Exception e) { onError(e); }
            }

            async Task PrintsAsync()
            {
                try { await Task.Delay(1); }
                catch (Exception e) { Console.WriteLine($"failed: {e.Message}"); }
            }

            async Task SwallowsAsync()
            {
                try { await Task.Delay(1); }
                catch (Exception e) { Console.WriteLine("failed"); Action later = () => Console.WriteLine(e); }
            }

            Task NotAsync(TaskCompletionSource<bool> source)
            {
                try { return Task.Delay(1); }
                catch (Exception e) { source.SetException(e); return Task.CompletedTask; }
            }

            protected virtual async Task OverridableAsync()
            {
                try { await Task.Delay(1); } catch (Exception) { }
            }

            async Task RethrowsAsync()
            {
                try { await Task.Delay(1); } catch (Exception) { Console.WriteLine(); throw; }
            }

            async Task FilteredAsync()
            {
                try { await Task.Delay(1); } catch (Exception e) when (e is TimeoutException) { }
            }

            async Task NarrowAsync()
            {
                try { await Task.Delay(1); } catch (InvalidOperationException) { }
            }

            async Task StepFirstAsync()
            {
                await Task.Delay(1);
                try { await Task.Delay(1); } catch (Exception) { }
            }

            void M(IStarter starter)
            {
                /*BODY*/
            }
        }
        """;

    private static string With(string body) => Types.Replace("/*BODY*/", body);

    [Theory]
    // The corpus shape: the task kept in a local that is never read; dropped as a statement; a Task<T>.
    [InlineData("var source = new TaskCompletionSource<bool>(); Task ignore = InitializeAsync(source); _initialized = source.Task;")]
    [InlineData("InitializeAsync(new TaskCompletionSource<bool>());")]
    [InlineData("CountAsync(new TaskCompletionSource<int>());")]
    // Eighth part (ff201): a handler that reports the exception (a log, an error callback, an interpolation) is a deliberate
    // fire-and-forget that observes its own failures (Mockaco's callbacks): silent unless report_caught_fire_and_forget.
    [InlineData("LogsAsync();")]
    [InlineData("var fireAndForget = ReportsAsync(e => { });")]
    [InlineData("PrintsAsync();")]
    public Task Silent_for_an_async_callee_that_catches_everything(string body) => VerifyAG0201.NoDiagnostics(With(body));

    [Fact]
    public Task The_option_reports_callees_that_only_report_their_failures() =>
        VerifyAG0201.DiagnosticsWithOptions(
            With("{|AG0201:LogsAsync()|}; {|AG0201:ReportsAsync(e => { })|}; InitializeAsync(new TaskCompletionSource<bool>());"),
            ObservingCall.ReportCaughtFireAndForgetOption + " = true");

    [Theory]
    // A handler that drops the exception unseen (used only in a nested function).
    [InlineData("{|AG0201:SwallowsAsync()|};")]
    [InlineData("{|AG0201:NotAsync(new TaskCompletionSource<bool>())|};")]
    [InlineData("{|AG0201:OverridableAsync()|};")]
    [InlineData("{|AG0201:RethrowsAsync()|};")]
    [InlineData("{|AG0201:FilteredAsync()|};")]
    [InlineData("{|AG0201:NarrowAsync()|};")]
    [InlineData("{|AG0201:StepFirstAsync()|};")]
    [InlineData("{|AG0201:starter.StartAsync()|};")]
    public Task Reported_where_the_task_can_still_fault(string body) => VerifyAG0201.Diagnostics(With(body));

    [Theory]
    [InlineData("InitializeAsync(;")]
    [InlineData("Missing();")]
    [InlineData("InitializeAsync(unknown);")]
    public Task Survives_half_typed_code(string body) => VerifyAG0201.DiagnosticsInBrokenCode(With(body));
}
