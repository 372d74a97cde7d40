using System.Threading.Tasks;
using AsyncGuard.Analyzers.TaskLifetime;
using Xunit;
using VerifyAG0201 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0201UnobservedTaskAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, tenth part (d201; DotNetty's shutdown hooks, Fleck's default ping handler, a cancellation registration): a
/// lambda whose whole body is the dropped call, converted to a void delegate type of another assembly and kept to be run
/// later — assigned to a field or property, or handed to a call or <c>new</c> that returns a registration handle — is
/// silent by default with the event handlers; reported with report_event_handlers, and for a lambda run now
/// (<c>ForEach</c>, <c>Task.Run</c>), kept in a local, with more statements, or of a delegate type of the compilation.
/// </summary>
public sealed class AG0201StoredCallbackTests
{
    private const string Types = """
        using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;
        public delegate void OwnHook();
        public class Connection
        {
            private Action _hook;
            private Action<byte[]> _ping = x => Send(x);
            public Action<byte[]> OnPing { get; set; }
            public Action<int> OnTick { get; set; } = x => Send(new byte[x]);
            private OwnHook _own;
            static Task Send(byte[] message) => Task.CompletedTask;
            Task CloseAsync() => Task.CompletedTask;
            Task SaveAsync(int value) => Task.CompletedTask;
            static void Log() { }
        """;

    private static string Code(string body) => Types + body + "\n}";

    [Theory]
    // Assigned to a field or property: expression body, block of the one statement, anonymous method.
    [InlineData("public Connection() { _hook = () => this.CloseAsync(); OnPing = x => Send(x); }")]
    [InlineData("public void Init() { this._hook = () => { CloseAsync(); }; OnPing = delegate (byte[] x) { Send(x); }; }")]
    // Handed to a registration that returns a disposable handle.
    [InlineData("public void Watch(CancellationToken token) { token.Register(() => CloseAsync()); var timer = new Timer(_ => SaveAsync(1), null, 10, 10); timer.Dispose(); }")]
    public Task Silent_for_a_callback_kept_to_run_later(string body) =>
        VerifyAG0201.NoDiagnostics(Code(body));

    [Theory]
    // Run now by the call it is given to (a void result, or the awaitable work itself).
    [InlineData("public void SaveAll(List<int> values) { values.ForEach(x => {|AG0201:SaveAsync(x)|}); Task.Run(() => { {|AG0201:SaveAsync(1)|}; }).Wait(); }")]
    // Kept in a local (the function runs it), with another statement, of a delegate type of this compilation.
    [InlineData("public void Close() { Action close = () => {|AG0201:CloseAsync()|}; close(); }")]
    [InlineData("public Connection() { _hook = () => { Log(); {|AG0201:CloseAsync()|}; }; _own = () => {|AG0201:CloseAsync()|}; }")]
    public Task Reported_for_callbacks_run_now_or_of_own_delegate_types(string body) =>
        VerifyAG0201.Diagnostics(Code(body));

    [Fact]
    public Task The_event_handler_option_reports_them() =>
        VerifyAG0201.DiagnosticsWithOptions(
            Types.Replace("x => Send(x)", "x => {|AG0201:Send(x)|}").Replace("x => Send(new byte[x])", "x => {|AG0201:Send(new byte[x])|}")
                + "public void Watch(CancellationToken token) { token.Register(() => {|AG0201:CloseAsync()|}); _hook = () => {|AG0201:CloseAsync()|}; }\n}",
            EventHandlerStarts.ReportEventHandlersOption + " = true");

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0201.DiagnosticsInBrokenCode(Code("""
            public void Init(CancellationToken token) { _missing = () => CloseAsync(); Unknown.Register(() => CloseAsync()); OnPing = x => Send(); _hook = () => ; token.Register(() => { Log(); {|AG0201:CloseAsync()|}; }); }
            """));
}
