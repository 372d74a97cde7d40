using Xunit;
using VerifyAG0201 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0201UnobservedTaskAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// AG0201 on a callback-style call given an error callback (held-out wrong class of ho3: a socket wrapper whose
/// <c>Send</c>/<c>Receive</c>/<c>Accept</c> take a success and an <c>Action&lt;Exception&gt;</c> callback and also return
/// the task): every fault goes to the callback, so dropping the task loses nothing. Decided from the callee: a body that
/// uses the parameter, or the signature of an interface, abstract or metadata member; one level of forwarding (a private
/// helper that returns such a call). Still reported: no error callback, a null one, a body that ignores it, a helper that
/// also returns another task, a virtual helper.
/// </summary>
public sealed class AG0201ErrorCallbackCallTests
{
    private const string Types = """
        using System; using System.IO; using System.Threading.Tasks;
        public interface ISocket
        {
            Task<int> Receive(byte[] buffer, Action<int> callback, Action<Exception> error);
            Task Send(byte[] buffer, Action callback, Action<Exception> error);
        }

        public sealed class Wrapper
        {
            private readonly Stream _stream = Stream.Null;

            public Task Write(byte[] buffer, Action done, Action<IOException> error)
            {
                var task = _stream.WriteAsync(buffer, 0, buffer.Length);
                task.ContinueWith(t => done(), TaskContinuationOptions.NotOnFaulted);
                task.ContinueWith(t => error((IOException)t.Exception!.InnerException!), TaskContinuationOptions.OnlyOnFaulted);
                return task;
            }

            public Task Ignore(byte[] buffer, Action done, Action<Exception> error) => _stream.WriteAsync(buffer, 0, buffer.Length);
        }

        public class Connection
        {
            private readonly ISocket _socket;
            private readonly Wrapper _wrapper = new();
            public Connection(ISocket socket) { _socket = socket; }

            private Task SendBytes(byte[] bytes, Action? done = null) =>
                _socket.Send(bytes, () => done?.Invoke(), e => Close());

            private Task SendChecked(byte[] bytes)
            {
                if (bytes.Length == 0) return Task.CompletedTask;
                return _socket.Send(bytes, () => { }, e => Close());
            }

            protected virtual Task SendVirtual(byte[] bytes) => _socket.Send(bytes, () => { }, e => Close());

            private void Close() { }

        """;

    [Theory]
    [InlineData("_socket.Receive(new byte[4], n => { }, e => Close());")]
    [InlineData("_socket.Send(new byte[4], Close, OnError);")]
    [InlineData("_wrapper.Write(new byte[4], Close, e => Close());")]
    [InlineData("SendBytes(new byte[4], Close);")]
    [InlineData("SendBytes(new byte[4]);")]
    public Task Silent_where_the_error_callback_gets_every_fault(string statement) =>
        VerifyAG0201.NoDiagnostics(Types + "public void Run() { " + statement + " }\nvoid OnError(Exception e) { }\n}\n");

    [Theory]
    // No error callback, or a null one.
    [InlineData("{|AG0201:_wrapper.Ignore(new byte[4], Close, null!)|};")]
    // The callee's body never uses the error callback.
    [InlineData("{|AG0201:_wrapper.Ignore(new byte[4], Close, e => Close())|};")]
    // A helper that may return another task, or that an override may replace.
    [InlineData("{|AG0201:SendChecked(new byte[4])|};")]
    [InlineData("{|AG0201:SendVirtual(new byte[4])|};")]
    // Two levels of forwarding are not followed.
    [InlineData("{|AG0201:Twice(new byte[4])|};")]
    public Task Reported_where_a_fault_may_be_lost(string statement) =>
        VerifyAG0201.Diagnostics(Types + "public void Run() { " + statement + " }\nprivate Task Twice(byte[] b) => SendBytes(b);\n}\n");

    [Fact]
    public Task Half_typed_code_does_not_crash() =>
        VerifyAG0201.DiagnosticsInBrokenCode(Types + "public void Run() { _socket.Receive(new byte[4], n => { }, ); SendBytes(; _socket.Send(x, () => { }, e => Close()); }\n}\n");
}
