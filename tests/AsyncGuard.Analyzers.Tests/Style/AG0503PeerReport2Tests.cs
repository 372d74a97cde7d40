using Xunit;
using V = AsyncGuard.Analyzers.Tests.Style.StyleVerify<AsyncGuard.Analyzers.Style.AG0503NoAsyncSuffixAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Style;

/// <summary>
/// AG0503 shapes from the peers' issue trackers, second slice (fourteenth pass, roslynator#261): a return type awaitable
/// only through an extension GetAwaiter in scope where the method is declared (WinRT IAsyncAction / IAsyncOperation,
/// a struct with its own awaiter extension, a tuple of tasks) keeps the Async suffix's promise; a type no GetAwaiter in
/// scope makes awaitable is still reported.
/// </summary>
public sealed class AG0503PeerReport2Tests
{
    private const string Source = """
        using System; using System.Runtime.CompilerServices; using System.Threading.Tasks;
        namespace Windows.Foundation
        {
            public interface IAsyncAction { }
            public interface IAsyncOperation<TResult> { }
        }
        namespace System
        {
            public static class WindowsRuntimeSystemExtensions
            {
                public static TaskAwaiter GetAwaiter(this global::Windows.Foundation.IAsyncAction action) => Task.CompletedTask.GetAwaiter();
                public static TaskAwaiter<T> GetAwaiter<T>(this global::Windows.Foundation.IAsyncOperation<T> operation) => Task.FromResult(default(T)!).GetAwaiter();
            }
        }
        namespace Awaiters
        {
            public readonly struct Later { }
            public static class LaterAwaiter { public static TaskAwaiter GetAwaiter(this Later later) => Task.CompletedTask.GetAwaiter(); }
            public static class TupleAwaiter
            {
                public static TaskAwaiter<(A, B)> GetAwaiter<A, B>(this (Task<A>, Task<B>) tasks) => Task.FromResult((default(A)!, default(B)!)).GetAwaiter();
            }
            public static class NotAnAwaiter { public static int GetAwaiter(this string text) => 0; }
        }
        namespace App
        {
            using Awaiters;
            using Windows.Foundation;

            public class Store
            {
                public IAsyncAction SaveAsync() => null!;
                public IAsyncOperation<int> CountAsync() => null!;
                public Later DelayAsync() => default;
                public (Task<int>, Task<string>) BothAsync() => (Task.FromResult(1), Task.FromResult(""));
                public string {|AG0503:NameAsync|}() => "";
                public (int, Task<string>) {|AG0503:MixedAsync|}() => (1, Task.FromResult(""));
            }
        }
        namespace Elsewhere
        {
            // Without the extensions' namespace imported, Later is not awaitable here.
            public class Other { public Awaiters.Later {|AG0503:WaitAsync|}() => default; }
        }
        """;

    [Fact]
    public Task Types_awaitable_through_an_extension_in_scope_are_silent() => V.Diagnostics(Source);
}
