using AsyncGuard.Analyzers.Cancellation;
using AsyncGuard.CodeFixes.Cancellation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

public sealed class AG0303AcceptTokenTests
{
    private const string Usings = "using System; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    /// <summary>The rule is off by default: the tests turn it on through .editorconfig.</summary>
    private const string EditorConfig = "root = true\n[*.cs]\ndotnet_diagnostic.AG0303.severity = suggestion\n";

    private static Task Diagnostics(string source, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
    {
        var test = new Verifiers.AnalyzerTest<AG0303AcceptTokenAnalyzer> { TestCode = Usings + source };
        test.TestState.OutputKind = outputKind;
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig));
        return test.RunAsync();
    }

    private static Task Fix(string before, string after)
    {
        var test = new Verifiers.CodeFixTest<AG0303AcceptTokenAnalyzer, AG0303AcceptTokenCodeFixProvider> { TestCode = Usings + before, FixedCode = Usings + after };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig));
        test.FixedState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig));
        test.BatchFixedState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig));
        return test.RunAsync();
    }

    [Fact]
    public void Is_info_and_off_by_default()
    {
        Assert.False(AG0303AcceptTokenAnalyzer.Rule.IsEnabledByDefault);
        Assert.Equal(DiagnosticSeverity.Info, AG0303AcceptTokenAnalyzer.Rule.DefaultSeverity);
    }

    [Fact]
    public async Task Silent_without_the_editorconfig_switch()
    {
        // The test framework enables every rule; a plain compilation shows the default.
        var diagnostics = await Infrastructure.RobustnessRunner.RunAsync(new AG0303AcceptTokenAnalyzer(), Usings + """
            public class C { public async Task LoadAsync() => await Task.Delay(1); }
            """);
        Assert.Empty(diagnostics);
    }

    [Fact]
    public Task Flags_public_and_protected_async_methods_that_call_cancellable_apis() => Diagnostics("""
        public class C
        {
            public async Task {|AG0303:LoadAsync|}() => await Task.Delay(1);
            protected Task<string> {|AG0303:ReadAsync|}(string path) => File.ReadAllTextAsync(path);
            public async Task {|AG0303:ExplicitNone|}() => await Task.Delay(1, CancellationToken.None);
            public async Task {|AG0303:InLambda|}() { Func<Task> f = () => Task.Delay(1); await f(); }
            public static async ValueTask {|AG0303:Static|}() => await Task.Delay(1);
        }
        """);

    [Fact]
    public Task Silent_for_the_exempt_shapes() => Diagnostics("""
        namespace Xunit { public sealed class FactAttribute : System.Attribute { } }
        public interface IJob { Task RunAsync(); }
        public abstract class Base { public abstract Task RunAsync(); public virtual Task OtherAsync() => Task.CompletedTask; }
        public class C : Base, IJob, IAsyncDisposable
        {
            public override async Task RunAsync() => await Task.Delay(1);
            Task IJob.RunAsync() => Task.Delay(1);
            public async ValueTask DisposeAsync() => await Task.Delay(1);
            public async void OnClick(object sender, EventArgs e) => await Task.Delay(1);
            [Xunit.Fact] public async Task Test() => await Task.Delay(1);
            public static async Task Main() => await Task.Delay(1);
            public async Task HasToken(CancellationToken ct) => await Task.Delay(1);
            public async Task NothingCancellable() => await Task.Yield();
            internal async Task Internal() => await Task.Delay(1);
            private async Task Private() => await Task.Delay(1);
            public void Sync() => Task.Delay(1).Wait();
            public async Task OnlyInStaticLambda() { Func<Task> f = static () => Task.Delay(1); await f(); }
            public async Task OnlyInOwnTokenLambda() { Func<CancellationToken, Task> f = t => Task.Delay(1); _ = f; await Task.Yield(); }
        }
        """);

    [Fact]
    public Task Silent_for_internal_types_dispose_pattern_and_overloads_that_take_a_token() => Diagnostics("""
        internal class Pool
        {
            public async Task ReturnAsync() => await Task.Delay(1);
            public class Nested { public async Task RunAsync() => await Task.Delay(1); }
        }
        public class Outer
        {
            private class Hidden { public async Task RunAsync() => await Task.Delay(1); }
            public class Visible { public async Task {|AG0303:RunAsync|}() => await Task.Delay(1); }
        }
        public class Resource
        {
            protected virtual async ValueTask DisposeAsyncCore() => await Task.Delay(1);
            public async ValueTask DisposeAsync() { await DisposeAsyncCore(); }
            public async ValueTask {|AG0303:DisposeAsync|}(int timeout) => await Task.Delay(timeout);
        }
        public class Gate
        {
            public Task WaitAsync() => WaitAsync(CancellationToken.None);
            public Task WaitAsync(CancellationToken ct) => Task.Delay(1, ct);
            public Task<int> LoadAsync(string path) => LoadAsync(path, 0, CancellationToken.None);
            public Task<int> LoadAsync(string path, int retries, CancellationToken ct) => Task.FromResult(retries);
            public async Task {|AG0303:OtherAsync|}() => await Task.Delay(1);
        }
        public class Client
        {
            private Task? _loop;
            private Task SendAsync(CancellationToken ct = default) => Task.CompletedTask;
            public Task<int> ExecuteAsync() { var _ = SendAsync(); return Task.FromResult(1); }
            public Task StartAsync() { _loop = SendAsync(); _ = Task.Run(() => SendAsync()); return Task.CompletedTask; }
            public async Task {|AG0303:AwaitedAsync|}() { var pending = SendAsync(); await pending; }
        }
        """);

    [Fact]
    public Task Fix_adds_the_parameter_and_forwards_it() => Fix("""
        public class C
        {
            public async Task<string> {|AG0303:LoadAsync|}(string path)
            {
                await Task.Delay(1);
                await Task.Delay(1, CancellationToken.None);
                Func<Task> later = () => Task.Delay(2);
                await later();
                return await File.ReadAllTextAsync(path);
            }
        }
        """, """
        public class C
        {
            public async Task<string> LoadAsync(string path, CancellationToken cancellationToken = default)
            {
                await Task.Delay(1, cancellationToken);
                await Task.Delay(1, cancellationToken);
                Func<Task> later = () => Task.Delay(2, cancellationToken);
                await later();
                return await File.ReadAllTextAsync(path, cancellationToken);
            }
        }
        """);

    [Fact]
    public Task Fix_goes_before_a_params_array_and_avoids_taken_names() => Fix("""
        public class C
        {
            public async Task {|AG0303:RunAsync|}(int cancellationToken, params string[] paths)
            {
                foreach (var p in paths) await File.ReadAllTextAsync(p);
            }
        }
        """, """
        public class C
        {
            public async Task RunAsync(int cancellationToken, CancellationToken ct = default, params string[] paths)
            {
                foreach (var p in paths) await File.ReadAllTextAsync(p, ct);
            }
        }
        """);

    [Fact]
    public Task Survives_half_typed_code()
    {
        var test = new Verifiers.AnalyzerTest<AG0303AcceptTokenAnalyzer>
        {
            TestCode = Usings + """
                public class C
                {
                    public async Task {|AG0303:A|}() { await Task.Delay(; await Task.Delay(1); }
                    public async Task B( { }
                    public async Task C(CancellationToken) => await Task.Delay(1);
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig));
        return test.RunAsync();
    }
}
