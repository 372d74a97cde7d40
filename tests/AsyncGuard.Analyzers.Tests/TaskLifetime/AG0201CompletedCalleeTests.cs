using System.Threading.Tasks;
using Xunit;
using VerifyAG0201 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.TaskLifetime.AG0201UnobservedTaskAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>
/// Issue 16, tenth pass (corpus8app W1, IPBan): a dropped call bound at compile time to a synchronous implementation of an
/// asynchronous contract — an override, a virtual default or an interface implementation in source, not async, every
/// return of which is `Task.CompletedTask` / `Task.FromResult(..)` — hands back a task that carries nothing: silent.
/// Reported where the call may reach another implementation, where some path returns real work, for async methods, and
/// for standalone methods (a completed task there is a placeholder).
/// </summary>
public sealed class AG0201CompletedCalleeTests
{
    private const string Types = """
        using System; using System.Threading; using System.Threading.Tasks;
        public interface IUpdater { Task Update(CancellationToken token); }
        public abstract class Firewall
        {
            public abstract Task<bool> Block(string name);
            public virtual Task Update(CancellationToken token = default) => Task.CompletedTask;
            public virtual ValueTask Flush() => ValueTask.CompletedTask;
            protected static Task<bool> SendAsync(string name) => Task.Run(() => name.Length > 0);
        }
        public class MemoryFirewall : Firewall
        {
            readonly object _gate = new object();
            public MemoryFirewall() { }
            public MemoryFirewall(string prefix) { }
            public override Task<bool> Block(string name)
            {
                lock (_gate) { }
                if (name.Length == 0)
                {
                    return Task.FromResult(false);
                }

                Func<Task> notCounted = () => SendAsync(name);
                return Task.FromResult<bool>(true);
            }
            public override ValueTask Flush() => ValueTask.CompletedTask;
        }
        public sealed class SealedFirewall : Firewall
        {
            public override Task<bool> Block(string name) => Task.FromResult(true);
        }
        public class RemoteFirewall : Firewall
        {
            public override Task<bool> Block(string name) => name.Length == 0 ? Task.FromResult(false) : SendAsync(name);
            public override async Task Update(CancellationToken token = default) { }
        }
        public class HalfFirewall : Firewall
        {
            public override Task<bool> Block(string name)
            {
                if (name.Length == 0)
                {
                    return Task.FromResult(false);
                }

                return SendAsync(name);
            }
        }
        public class Viewer : IUpdater
        {
            public Viewer() { Update(default); }
            public Task Update(CancellationToken token)
            {
                try { Setup(); }
                catch (Exception) { }
                return Task.CompletedTask;
            }
            void Setup() { }
        }
        """;

    private static string Code(string body) => Types + $$"""
        public class LinuxFirewall : Firewall
        {
            public override Task<bool> Block(string name) => SendAsync(name);
            static Firewall Make() => new RemoteFirewall();
            static Task Placeholder() => Task.CompletedTask;
            {{body}}
        }
        """;

    [Theory]
    // The IPBan shapes: a memory firewall made by `new` (target-typed too) in the method, then filled through its overrides.
    [InlineData("public void Compile() { MemoryFirewall mem = new(\"p\"); mem.Block(\"a\"); mem.Flush(); var other = new MemoryFirewall(); other.Block(\"b\"); }")]
    // `base.Update(..)`: the virtual default itself, never an override.
    [InlineData("public override Task Update(CancellationToken token = default) { base.Update(token); return SendAsync(\"x\"); }")]
    // A sealed type's override, reached through a parameter of that type.
    [InlineData("public void Apply(SealedFirewall sealedOne) { sealedOne.Block(\"a\"); }")]
    // A lambda body dropping the same call.
    [InlineData("public void Later() { var mem = new MemoryFirewall(); Action run = () => mem.Block(\"a\"); run(); }")]
    public Task Dropped_call_to_a_synchronous_implementation_of_an_async_contract_is_silent(string body) =>
        VerifyAG0201.NoDiagnostics(Code(body));

    [Fact]
    public Task Own_interface_implementation_called_from_the_constructor_is_silent() =>
        VerifyAG0201.NoDiagnostics(Code(string.Empty));

    [Theory]
    // Through the base type: any override may run (the nearest case).
    [InlineData("public void Apply(Firewall any) { {|AG0201:any.Block(\"a\")|}; }")]
    [InlineData("public void Apply() { Firewall made = Make(); {|AG0201:made.Block(\"a\")|}; }")]
    // The local is written again, or handed out by ref: its value is no longer the `new` one.
    [InlineData("public void Apply() { Firewall mem = new MemoryFirewall(); mem = Make(); {|AG0201:mem.Block(\"a\")|}; }")]
    [InlineData("public void Apply() { Firewall mem = new MemoryFirewall(); Swap(ref mem); {|AG0201:mem.Block(\"a\")|}; } static void Swap(ref Firewall f) { }")]
    // An implementation with a path that returns real work, or async (its exceptions live in the task).
    [InlineData("public void Apply() { var remote = new RemoteFirewall(); {|AG0201:remote.Block(\"a\")|}; {|AG0201:remote.Update()|}; }")]
    [InlineData("public void Apply() { var half = new HalfFirewall(); {|AG0201:half.Block(\"a\")|}; }")]
    // A standalone method returning a completed task: a placeholder for work to come.
    [InlineData("public void Apply() { {|AG0201:Placeholder()|}; }")]
    // The enclosing class's own override, called without `base.`: virtual dispatch may reach a subclass.
    [InlineData("public void Apply() { {|AG0201:Block(\"a\")|}; {|AG0201:this.Block(\"b\")|}; }")]
    public Task Calls_that_may_run_other_work_are_reported(string body) =>
        VerifyAG0201.Diagnostics(Code(body));
}
