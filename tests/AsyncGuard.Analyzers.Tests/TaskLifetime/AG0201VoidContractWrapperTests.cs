using System.Threading.Tasks;
using AsyncGuard.Analyzers.TaskLifetime;
using Xunit;
using VerifyAG0201 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0201UnobservedTaskAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, tenth part (d201; Remotely's JS-interop wrappers and loader): a void method whose whole body is the dropped
/// call, implementing or overriding a member of the compilation that is void while its declaring type makes other members
/// awaitable (and offers no NameAsync twin), is silent by default; reported with report_void_contract_wrappers, and for a
/// member with more statements, a contract with an async twin or without awaitable members, or a method of no contract.
/// </summary>
public sealed class AG0201VoidContractWrapperTests
{
    private const string Types = """
        using System; using System.Threading; using System.Threading.Tasks;
        public interface IRuntime { ValueTask InvokeVoidAsync(string name, params object[] args); }
        public interface IBus { Task<int> SendAsync(object message); }
        """;

    private static string Code(string body) => Types + body;

    [Theory]
    // Block body, arrow body, explicit implementation.
    [InlineData("""
        public interface IInterop { void ScrollToEnd(int element); void OpenWindow(string url); ValueTask<bool> Confirm(string message); }
        public sealed class Interop : IInterop
        {
            private readonly IRuntime _js = null!;
            public void ScrollToEnd(int element) { _js.InvokeVoidAsync("scrollToEnd", element); }
            public void OpenWindow(string url) => _js.InvokeVoidAsync("openWindow", url);
            public ValueTask<bool> Confirm(string message) => new(true);
        }
        """)]
    [InlineData("""
        public interface ILoader { Task<IDisposable> ShowLoader(string text); void HideLoader(); }
        public sealed class Loader : ILoader
        {
            private readonly IBus _bus = null!;
            public Task<IDisposable> ShowLoader(string text) => Task.FromResult<IDisposable>(null!);
            void ILoader.HideLoader() { _bus.SendAsync(false); }
        }
        """)]
    // An override of a void abstract member of a base class whose other members are awaitable.
    [InlineData("""
        public abstract class LoaderBase { public abstract void Hide(); public abstract Task Show(string text); }
        public sealed class Loader : LoaderBase
        {
            private readonly IBus _bus = null!;
            public override void Hide() { _bus?.SendAsync(false); }
            public override Task Show(string text) => Task.CompletedTask;
        }
        """)]
    public Task Silent_for_the_one_call_of_a_void_member_of_an_otherwise_awaitable_contract(string body) =>
        VerifyAG0201.NoDiagnostics(Code(body));

    [Theory]
    // A contract with no awaitable member (the project never chose between void and a task there).
    [InlineData("""
        public interface IGroupState { void HandleRequest(int value); }
        public sealed class State : IGroupState { private readonly IBus _bus = null!; public void HandleRequest(int value) { {|AG0201:_bus.SendAsync(value)|}; } }
        """)]
    // The sync half of a dual API: the contract offers WriteAsync, so the dropped task is a bug.
    [InlineData("""
        public interface IWriter { void Write(long value); ValueTask WriteAsync(long value); }
        public sealed class Writer : IWriter
        {
            public void Write(long value) { {|AG0201:WriteOpaqueAsync(value)|}; }
            public ValueTask WriteAsync(long value) => WriteOpaqueAsync(value);
            ValueTask WriteOpaqueAsync(long value) => default;
        }
        """)]
    // More statements than the call: the code around it relies on the call; a lambda or helper inside the member.
    [InlineData("""
        public interface ILogger { void Log(string message); Task DeleteAll(); }
        public sealed class Logger : ILogger
        {
            private readonly IBus _bus = null!;
            public void Log(string message) { var text = message.Trim(); {|AG0201:_bus.SendAsync(text)|}; }
            public Task DeleteAll() { Action a = () => {|AG0201:_bus.SendAsync(0)|}; a(); return Task.CompletedTask; }
        }
        """)]
    // A method of no contract, and a static one.
    [InlineData("""
        public interface IInterop { ValueTask<bool> Confirm(string message); }
        public sealed class Interop : IInterop
        {
            private readonly IRuntime _js = null!;
            public void ScrollToEnd(int element) { {|AG0201:_js.InvokeVoidAsync("scrollToEnd", element)|}; }
            public ValueTask<bool> Confirm(string message) => new(true);
            static void Click(IRuntime js) { {|AG0201:js.InvokeVoidAsync("click")|}; }
        }
        """)]
    public Task Reported_off_the_class(string body) =>
        VerifyAG0201.Diagnostics(Code(body));

    [Fact]
    public Task The_option_reports_void_contract_wrappers() =>
        VerifyAG0201.DiagnosticsWithOptions(Code("""
            public interface IInterop { void ScrollToEnd(int element); ValueTask<bool> Confirm(string message); }
            public sealed class Interop : IInterop
            {
                private readonly IRuntime _js = null!;
                public void ScrollToEnd(int element) => {|AG0201:_js.InvokeVoidAsync("scrollToEnd", element)|};
                public ValueTask<bool> Confirm(string message) => new(true);
            }
            """), VoidContractWrappers.ReportOption + " = true");

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0201.DiagnosticsInBrokenCode(Code("""
            public interface IInterop { void ScrollToEnd(int element); Missing<bool> Confirm(string message); void Open(); ValueTask Close(); }
            public interface IHalf { void Run(); Missing Wait(); }
            public sealed class Interop : IInterop, IUnknown, IHalf
            {
                private readonly IRuntime _js = null!;
                public void ScrollToEnd(int element) { _js.InvokeVoidAsync("scrollToEnd", element); }
                public void Open() => _js.Missing("open");
                public void Run() { {|AG0201:_js.InvokeVoidAsync("run")|}; }
                public override void Gone() { {|AG0201:_js.InvokeVoidAsync("gone")|}; }
            }
            """));
}
