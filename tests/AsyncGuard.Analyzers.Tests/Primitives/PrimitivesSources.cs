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
}
