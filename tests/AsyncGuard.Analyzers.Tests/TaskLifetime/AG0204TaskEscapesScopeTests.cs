using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.Analyzers.Tests.Infrastructure;
using AsyncGuard.CodeFixes.TaskLifetime;
using Xunit;
using VerifyAG0204 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0204TaskEscapesScopeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

public sealed class AG0204TaskEscapesScopeTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    private const string Members = """
            static Task<int> ReadAsync(Stream s) => Task.FromResult(1);
            static Task CopyAsync(Stream s) => Task.CompletedTask;
            static ValueTask TickAsync() => default;
            readonly object _gate = new object();
            readonly List<int> _items = new List<int>();
            readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);
            static Task WorkAsync(CancellationToken ct) => Task.CompletedTask;
            static void Work() { }
        """;

    [Fact]
    public Task Flags_tasks_returned_from_inside_disposing_scopes() =>
        VerifyAG0204.Diagnostics(Usings + $$"""
            class C
            {
            {{Members}}
                Task<int> UsingStatement()
                {
                    using (var s = new MemoryStream())
                    {
                        return {|AG0204:ReadAsync(s)|};
                    }
                }

                Task UsingDeclaration(bool flag)
                {
                    using var s = new MemoryStream();
                    if (flag)
                    {
                        return {|AG0204:CopyAsync(s)|};
                    }

                    return {|AG0204:CopyAsync(s)|};
                }

                Task TryFinally(Stream s)
                {
                    try
                    {
                        return {|AG0204:CopyAsync(s)|};
                    }
                    catch (IOException)
                    {
                        return {|AG0204:CopyAsync(s)|};
                    }
                    finally
                    {
                        s.Dispose();
                    }
                }

                Task Lock()
                {
                    lock (_items)
                    {
                        return {|AG0204:Task.Run(() => _items.Add(1))|};
                    }
                }

                void Lambdas()
                {
                    Func<Task> f = () =>
                    {
                        using var s = new MemoryStream();
                        return {|AG0204:CopyAsync(s)|};
                    };
                    Task Local(Stream x)
                    {
                        using (x) return {|AG0204:CopyAsync(x)|};
                    }
                }

                Task Switch(int i, Stream s)
                {
                    switch (i)
                    {
                        case 1:
                            using (s) { return {|AG0204:CopyAsync(s)|}; }
                        default:
                            return Task.CompletedTask;
                    }
                }
            }
            """);

    [Fact]
    public Task Silent_in_async_methods_for_completed_tasks_and_outside_the_scope() =>
        VerifyAG0204.NoDiagnostics(Usings + $$"""
            class C
            {
            {{Members}}
                async Task<int> Async()
                {
                    using var s = new MemoryStream();
                    return await ReadAsync(s);
                }

                Task<int> Completed()
                {
                    using (var s = new MemoryStream())
                    {
                        return Task.FromResult((int)s.Length);
                    }
                }

                Task Done()
                {
                    lock (_gate)
                    {
                        return Task.CompletedTask;
                    }
                }

                ValueTask<int> NewValueTask()
                {
                    using var s = new MemoryStream();
                    return new ValueTask<int>(1);
                }

                Task Outside(Stream s)
                {
                    using (var t = new MemoryStream())
                    {
                        t.WriteByte(1);
                    }

                    return CopyAsync(s);
                }

                Task Finally(Stream s)
                {
                    try
                    {
                        s.Flush();
                    }
                    finally
                    {
                        s.Dispose();
                    }

                    return CopyAsync(s);
                }

                Task TryWithoutFinally(Stream s)
                {
                    try
                    {
                        return CopyAsync(s);
                    }
                    catch (IOException)
                    {
                        throw;
                    }
                }

                Task Existing(Task t)
                {
                    using var s = new MemoryStream();
                    return t;
                }

                int NotATask()
                {
                    using var s = new MemoryStream();
                    return s.ReadByte();
                }

                Task UsingAfter(Stream s)
                {
                    if (s.CanRead)
                    {
                        return CopyAsync(s);
                    }

                    using var t = new MemoryStream();
                    return Task.CompletedTask;
                }
            }
            """);

    private const string Handlers = """
        sealed class NoOpHandler : IDisposable
        {
            public Task<int> ReadAsync() => Task.FromResult(1);
            public void Dispose()
            {
            }
        }
        sealed class RealHandler : IDisposable
        {
            private Stream _s = new MemoryStream();
            public Task<int> ReadAsync() => Task.FromResult(1);
            public void Dispose() => _s?.Dispose();
        }
        """;

    [Theory]
    [InlineData("class C { Task M() { lock (this) { return Task.Delay(1); } }")]
    [InlineData("class C { Task M() { using (new MemoryStream()) return Task.Delay(")]
    [InlineData("class C { Task M() { using var s = ; return Undefined(); } }")]
    [InlineData("class C { Task M() { try { return Task.Delay(1); } finally ")]
    public async Task Half_typed_code_does_not_crash(string source)
    {
        var diagnostics = await RobustnessRunner.RunAsync(new AG0204TaskEscapesScopeAnalyzer(), Usings + source);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    [Fact]
    public Task Makes_the_method_async_and_awaits_every_return() => VerifyAG0204.Fix<AG0204TaskEscapesScopeCodeFixProvider>(Usings + $$"""
        class C
        {
        {{Members}}
            Task<int> Read(bool flag)
            {
                using var s = new MemoryStream();
                if (flag)
                {
                    return Task.FromResult(0);
                }

                return {|AG0204:ReadAsync(s)|};
            }

            Task<int> Copy(Stream s)
            {
                try
                {
                    return {|AG0204:ReadAsync(s)|};
                }
                finally
                {
                    s.Dispose();
                }
            }
        }
        """, Usings + $$"""
        class C
        {
        {{Members}}
            async Task<int> Read(bool flag)
            {
                using var s = new MemoryStream();
                if (flag)
                {
                    return 0;
                }

                return await ReadAsync(s);
            }

            async Task<int> Copy(Stream s)
            {
                try
                {
                    return await ReadAsync(s);
                }
                finally
                {
                    s.Dispose();
                }
            }
        }
        """);

    [Fact]
    public Task No_fix_inside_a_lock() => VerifyAG0204.NoFix<AG0204TaskEscapesScopeCodeFixProvider>(Usings + $$"""
        class C
        {
        {{Members}}
            Task Lock()
            {
                lock (_items)
                {
                    return {|AG0204:Task.Run(() => _items.Add(1))|};
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_task_stored_in_a_local_and_tasks_combined_from_a_disposed_source() =>
        VerifyAG0204.Diagnostics(Usings + $$"""
            class C
            {
            {{Members}}
                Task StoredThenReturned()
                {
                    using var s = new MemoryStream();
                    var copy = CopyAsync(s);
                    Console.WriteLine();
                    return {|AG0204:copy|};
                }

                Task WhenAll()
                {
                    using var cts = new CancellationTokenSource(1000);
                    var a = WorkAsync(cts.Token);
                    var b = WorkAsync(cts.Token);
                    return {|AG0204:Task.WhenAll(a, b)|};
                }

                Task WhenAnyOfAList()
                {
                    var tasks = new List<Task>();
                    using (var cts = new CancellationTokenSource())
                    {
                        tasks.Add(WorkAsync(cts.Token));
                        return {|AG0204:Task.WhenAny(tasks)|};
                    }
                }

                Task<string> MadeFromTheResource()
                {
                    using var s = new MemoryStream();
                    var reader = new StreamReader(s);
                    return {|AG0204:reader.ReadToEndAsync()|};
                }

                Task FinallyReleasesAnArgument(Stream s)
                {
                    try
                    {
                        return {|AG0204:Task.Run(() => s.Flush())|};
                    }
                    finally
                    {
                        GC.KeepAlive(s);
                    }
                }

                Task FlagStillTrue(Stream s)
                {
                    var dispose = true;
                    try
                    {
                        return {|AG0204:CopyAsync(s)|};
                    }
                    finally
                    {
                        if (dispose)
                            s.Dispose();
                    }
                }

                Task FlagTrueInTheOtherBranch(Stream s)
                {
                    var taken = false;
                    try
                    {
                        taken = s.CanSeek;
                        if (taken)
                        {
                            return {|AG0204:CopyAsync(s)|};
                        }

                        return Task.CompletedTask;
                    }
                    finally
                    {
                        if (taken)
                        {
                            s.Dispose();
                        }
                    }
                }

                Task<int> DisposesSomething()
                {
                    using var handler = new RealHandler();
                    return {|AG0204:handler.ReadAsync()|};
                }

                Task OuterScopeUsed(Stream s)
                {
                    using (s)
                    {
                        lock (_gate)
                        {
                            return {|AG0204:CopyAsync(s)|};
                        }
                    }
                }
            }
            {{Handlers}}
            """);

    [Fact]
    public Task Silent_for_scopes_that_only_protect_the_creation_of_the_task() =>
        VerifyAG0204.NoDiagnostics(Usings + $$"""
            class C
            {
            {{Members}}
                ValueTask LockAroundCreation()
                {
                    lock (_gate)
                    {
                        return TickAsync();
                    }
                }

                Task LockAroundStart()
                {
                    lock (_gate)
                    {
                        return Task.Run(() => Work());
                    }
                }

                Task SemaphoreAroundCreation()
                {
                    _semaphore.Wait();
                    try
                    {
                        return Task.Run(Work);
                    }
                    finally
                    {
                        _semaphore.Release();
                    }
                }

                Task SuppressFlow()
                {
                    using (ExecutionContext.SuppressFlow())
                    {
                        return Task.Run(Work);
                    }
                }

                Task SuppressFlowDeclaration()
                {
                    using var flow = ExecutionContext.SuppressFlow();
                    return Task.Run(Work);
                }

                Task FinallyRestoresFlow()
                {
                    var flow = ExecutionContext.SuppressFlow();
                    try
                    {
                        return Task.Run(Work);
                    }
                    finally
                    {
                        flow.Undo();
                    }
                }

                Task UnrelatedResource(Stream other)
                {
                    using var s = new MemoryStream();
                    s.WriteByte(1);
                    return CopyAsync(other);
                }

                Task<int> PlainValueReadFromTheResource()
                {
                    using var s = new MemoryStream();
                    var length = (int)s.Length;
                    return Task.Run(() => length);
                }

                Task OwnershipHandedToTheTask(Stream s)
                {
                    var dispose = true;
                    try
                    {
                        if (s.CanRead)
                        {
                            dispose = false;
                            return CopyAsync(s);
                        }

                        return Task.CompletedTask;
                    }
                    finally
                    {
                        if (dispose)
                            s.Dispose();
                    }
                }

                Task ReleasedOnlyWhenTaken(Stream s)
                {
                    var taken = false;
                    try
                    {
                        taken = s.CanSeek;
                        if (!taken)
                        {
                            return CopyAsync(s);
                        }

                        return Task.CompletedTask;
                    }
                    finally
                    {
                        if (taken)
                        {
                            s.Dispose();
                        }
                    }
                }

                Task<int> DisposesNothing()
                {
                    using var handler = new NoOpHandler();
                    return handler.ReadAsync();
                }

                Task StartedBeforeFromAnotherSource(Stream other)
                {
                    var copy = CopyAsync(other);
                    using (var s = new MemoryStream())
                    {
                        s.WriteByte(1);
                        return copy;
                    }
                }
            }
            {{Handlers}}
            """);
}
