using AsyncGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Analyzers.Tests.Primitives;

/// <summary>Stand-ins for the AsyncGuard runtime types: the rules recognise them by metadata name, so a source declaration works as well.</summary>
internal static class PrimitivesSources
{
    public const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    public const string RuntimeStandIns = """

        namespace AsyncGuard
        {
            public sealed class AsyncLock
            {
                public System.Threading.Tasks.ValueTask<Releaser> LockAsync(System.Threading.CancellationToken cancellationToken = default) => default;
                public bool TryLock(out Releaser releaser) { releaser = default; return true; }
                public readonly struct Releaser : System.IDisposable, System.IAsyncDisposable
                {
                    public void Dispose() { }
                    public System.Threading.Tasks.ValueTask DisposeAsync() => default;
                }
            }

            public sealed class AsyncSemaphore
            {
                public AsyncSemaphore(int initialCount, int maxCount = int.MaxValue) { }
                public System.Threading.Tasks.ValueTask WaitAsync(System.Threading.CancellationToken cancellationToken = default) => default;
                public bool TryWait() => true;
                public int Release(int releaseCount = 1) => 0;
            }
        }
        """;

    /// <summary>The runtime's AsyncLock (with Dispose) and AsyncLazy&lt;T&gt; with their real shapes, for AG0404 and AG0405 (a file of its own).</summary>
    public const string LockAndLazyRuntime = """
        namespace AsyncGuard
        {
            public sealed class AsyncLock : System.IDisposable
            {
                public System.Threading.Tasks.ValueTask<Releaser> LockAsync(System.Threading.CancellationToken cancellationToken = default) => default;
                public void Dispose() { }

                public readonly struct Releaser : System.IDisposable, System.IAsyncDisposable
                {
                    public void Dispose() { }
                    public System.Threading.Tasks.ValueTask DisposeAsync() => default;
                }
            }

            [System.Flags]
            public enum AsyncLazyOptions { None = 0, RetryOnFailure = 1, ExecuteOnCallingThread = 2 }

            public sealed class AsyncLazy<T>
            {
                public AsyncLazy(System.Func<System.Threading.Tasks.Task<T>> factory, AsyncLazyOptions options = AsyncLazyOptions.None) { }
                public bool IsValueCreated => false;
                public bool IsStarted => false;
                public System.Threading.Tasks.Task<T> Task => null!;
                public System.Threading.Tasks.Task<T> GetValueAsync(System.Threading.CancellationToken cancellationToken = default) => Task;
                public System.Runtime.CompilerServices.TaskAwaiter<T> GetAwaiter() => Task.GetAwaiter();
            }
        }
        """;

    /// <summary>The analyzer's diagnostics as marked in <paramref name="source"/>, with <see cref="LockAndLazyRuntime"/> in a file of its own unless told otherwise.</summary>
    public static Task DiagnosticsWithRuntime<TAnalyzer>(string source, bool withRuntime = true)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new AnalyzerTest<TAnalyzer> { TestCode = source };
        if (withRuntime)
        {
            test.TestState.Sources.Add(("Runtime.cs", LockAndLazyRuntime));
        }

        return test.RunAsync();
    }

    /// <summary>A fix test whose before and after states both have <see cref="LockAndLazyRuntime"/> in a file of its own.</summary>
    public static CodeFixTest<TAnalyzer, TCodeFix> FixWithRuntime<TAnalyzer, TCodeFix>(string before, string after)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CodeFixTest<TAnalyzer, TCodeFix> { TestCode = before, FixedCode = after };
        test.TestState.Sources.Add(("Runtime.cs", LockAndLazyRuntime));
        test.FixedState.Sources.Add(("Runtime.cs", LockAndLazyRuntime));
        return test;
    }
}
