using AsyncGuard.Analyzers.TaskLifetime;
using AsyncGuard.Analyzers.Tests.Verifiers;
using AsyncGuard.CodeFixes.TaskLifetime;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.TaskLifetime;

/// <summary>AG0201's third fix, `.Forget()`, offered only where the AsyncGuard runtime (AsyncGuard.FireAndForget) is referenced.</summary>
public sealed class AG0201ForgetFixTests
{
    // A stand-in for the runtime's extension class: the fix looks it up by metadata name.
    private const string Runtime = """
        namespace AsyncGuard
        {
            public static class FireAndForget
            {
                public static void Forget(this System.Threading.Tasks.Task task, System.Action<System.Exception>? onError = null) { }
            }
        }
        """;

    private static Task Run(string before, string after, bool withRuntime = true)
    {
        var test = new CodeFixTest<AG0201UnobservedTaskAnalyzer, AG0201UnobservedTaskCodeFixProvider>
        {
            TestCode = before,
            FixedCode = after,
            CodeActionEquivalenceKey = AG0201UnobservedTaskCodeFixProvider.ForgetKey,
        };
        if (withRuntime)
        {
            test.TestState.Sources.Add(("Runtime.cs", Runtime));
            test.FixedState.Sources.Add(("Runtime.cs", Runtime));
        }
        else
        {
            test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
        }

        return test.RunAsync();
    }

    [Fact]
    public Task Forget_adds_the_call_and_the_using() => Run("""
        using System.Threading.Tasks;

        class C
        {
            Task Work() => Task.CompletedTask;
            Task<int> Count(int x) => Task.FromResult(x);

            void M(C? other)
            {
                {|AG0201:Work()|};
                {|AG0201:Count(1)|};
                {|AG0201:other?.Work()|};
            }
        }
        """, """
        using System.Threading.Tasks;
        using AsyncGuard;

        class C
        {
            Task Work() => Task.CompletedTask;
            Task<int> Count(int x) => Task.FromResult(x);

            void M(C? other)
            {
                Work().Forget();
                Count(1).Forget();
                other?.Work().Forget();
            }
        }
        """);

    [Fact]
    public Task Forget_is_not_offered_without_the_runtime() => Run("""
        using System.Threading.Tasks;

        class C
        {
            Task Work() => Task.CompletedTask;
            void M() { {|AG0201:Work()|}; }
        }
        """, """
        using System.Threading.Tasks;

        class C
        {
            Task Work() => Task.CompletedTask;
            void M() { {|AG0201:Work()|}; }
        }
        """, withRuntime: false);

    [Fact]
    public Task Forget_replaces_an_unread_local() => Run("""
        using System.Threading.Tasks;
        using AsyncGuard;

        class C
        {
            Task Work() => Task.CompletedTask;

            async Task M()
            {
                var t = {|AG0201:Work()|}; // started
                Task u;
                u = {|AG0201:Work()|};
                await Task.Yield();
            }
        }
        """, """
        using System.Threading.Tasks;
        using AsyncGuard;

        class C
        {
            Task Work() => Task.CompletedTask;

            async Task M()
            {
                Work().Forget(); // started
                Task u;
                Work().Forget();
                await Task.Yield();
            }
        }
        """);
}
