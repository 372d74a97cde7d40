using System.Threading.Tasks;
using AsyncGuard.Analyzers.TaskLifetime;
using Xunit;
using VerifyAG0201 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0201UnobservedTaskAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, tenth part (d201; Firebird's event loop kept in an unread local): the never-faulting async callee written as a
/// loop — one <c>while (true)</c> / <c>for (;;)</c> / <c>do .. while (true)</c> whose body is only catch-all tries whose
/// handlers hand the exception on (or are filtered and do not throw) — is silent like the plain form; the reporting
/// handlers only while report_caught_fire_and_forget is off. Still reported: another loop condition, a statement outside
/// the tries, an unfiltered handler that drops the exception, a virtual callee.
/// </summary>
public sealed class AG0201NeverFaultingLoopTests
{
    private const string Types = """
        using System; using System.Threading; using System.Threading.Tasks;
        public class Events
        {
            private volatile bool _closing;
            Task<int> ReadAsync() => Task.FromResult(1);
            void Raise(Exception e) { }

            async Task WaitForEvents()
            {
                while (true)
                {
                    try { await ReadAsync(); }
                    catch (Exception) when (_closing) { return; }
                    catch (Exception ex) { Raise(ex); break; }
                }
            }

            async Task Pump(TaskCompletionSource<bool> done)
            {
                for (;;)
                {
                    try { if (await ReadAsync() == 0) { done.TrySetResult(true); return; } }
                    catch (Exception ex) { done.TrySetException(ex); return; }
                }
            }

            async Task Spin()
            {
                do
                {
                    try { await ReadAsync(); }
                    catch (Exception ex) { Console.WriteLine(ex); }
                } while (true);
            }

            async Task Conditional()
            {
                while (!_closing)
                {
                    try { await ReadAsync(); }
                    catch (Exception ex) { Raise(ex); }
                }
            }

            async Task Outside()
            {
                while (true)
                {
                    await Task.Yield();
                    try { await ReadAsync(); }
                    catch (Exception ex) { Raise(ex); }
                }
            }

            async Task Drops()
            {
                while (true)
                {
                    try { await ReadAsync(); }
                    catch (Exception) { break; }
                }
            }

            protected virtual async Task Overridable()
            {
                while (true)
                {
                    try { await ReadAsync(); }
                    catch (Exception ex) { Raise(ex); }
                }
            }
        """;

    private static string Code(string body) => Types + body + "\n}";

    [Fact]
    public Task Silent_for_loops_that_catch_and_hand_on_every_failure() =>
        VerifyAG0201.NoDiagnostics(Code("""
            public void Start() { WaitForEvents(); Spin(); }
            public async Task QueueAsync(TaskCompletionSource<bool> done) { await Task.Yield(); var dummy = WaitForEvents(); var pump = Pump(done); }
            """));

    [Fact]
    public Task Reported_for_other_conditions_statements_outside_dropped_failures_and_virtual_callees() =>
        VerifyAG0201.Diagnostics(Code("""
            public void Start() { {|AG0201:Conditional()|}; {|AG0201:Outside()|}; {|AG0201:Drops()|}; {|AG0201:Overridable()|}; }
            """));

    [Fact]
    public Task The_option_reports_loops_whose_handlers_only_report() =>
        VerifyAG0201.DiagnosticsWithOptions(
            Code("public void Start(TaskCompletionSource<bool> done) { {|AG0201:WaitForEvents()|}; {|AG0201:Spin()|}; Pump(done); }"),
            ObservingCall.ReportCaughtFireAndForgetOption + " = true");

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0201.DiagnosticsInBrokenCode(Code("""
            async Task Broken() { while (true) { try { await ReadAsync(); } catch (Missing ex) { Raise(ex); } } }
            async Task Half() { while () { try { } catch (Exception ex) { Raise(ex); } } }
            public void Start() { {|AG0201:Broken()|}; {|AG0201:Half()|}; }
            """));
}
