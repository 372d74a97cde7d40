using AsyncGuard.Analyzers.Style;
using AsyncGuard.CodeFixes.Style;
using Microsoft.CodeAnalysis;
using Xunit;
using V = AsyncGuard.Analyzers.Tests.Style.StyleVerify<AsyncGuard.Analyzers.Style.AG0502AsyncSuffixAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Style;

public sealed class AG0502AsyncSuffixTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading.Tasks;\n";

    [Fact]
    public void Is_info_and_off_by_default()
    {
        Assert.False(AG0502AsyncSuffixAnalyzer.Rule.IsEnabledByDefault);
        Assert.Equal(DiagnosticSeverity.Info, AG0502AsyncSuffixAnalyzer.Rule.DefaultSeverity);
    }

    [Fact]
    public async Task Silent_without_the_editorconfig_switch()
    {
        var diagnostics = await Infrastructure.RobustnessRunner.RunAsync(new AG0502AsyncSuffixAnalyzer(), Usings + "public class C { public Task Load() => Task.CompletedTask; }");
        Assert.Empty(diagnostics);
    }

    [Fact]
    public Task Flags_methods_returning_awaitables() => V.Diagnostics(Usings + """
        public sealed class Awaitable { public System.Runtime.CompilerServices.TaskAwaiter GetAwaiter() => Task.CompletedTask.GetAwaiter(); }
        public interface IStore { Task {|AG0502:Save|}(); }
        public abstract class Base { public abstract Task<int> {|AG0502:Count|}(); public virtual ValueTask {|AG0502:Flush|}() => default; }
        public class C
        {
            public async Task {|AG0502:Load|}() => await Task.Delay(1);
            private Task<string> {|AG0502:Read|}() => Task.FromResult("");
            internal static ValueTask<int> {|AG0502:Compute|}() => new ValueTask<int>(1);
            public Awaitable {|AG0502:Custom|}() => new Awaitable();
            public Task<T> {|AG0502:Generic|}<T>(T value) => Task.FromResult(value);
            public T {|AG0502:Constrained|}<T>(T task) where T : Task => task;
        }
        """);

    [Fact]
    public Task Silent_where_the_name_is_fixed_elsewhere_or_already_right() => V.Diagnostics(Usings + """
        namespace Xunit { public sealed class FactAttribute : Attribute { } }
        namespace NUnit.Framework { public sealed class TestAttribute : Attribute { } }
        namespace Microsoft.AspNetCore.Http { public class HttpContext { } }
        namespace Microsoft.AspNetCore.SignalR { public abstract class Hub { } }
        public interface IStore { Task SaveAsync(); Task {|AG0502:Flush|}(); }
        public abstract class Base { public abstract Task {|AG0502:Run|}(); public Task {|AG0502:Stop|}() => Task.CompletedTask; }
        public class C : Base, IStore, IAsyncDisposable
        {
            public override Task Run() => Task.CompletedTask;
            public new Task Stop() => Task.CompletedTask;
            public Task SaveAsync() => Task.CompletedTask;
            public Task Flush() => Task.CompletedTask;
            Task IStore.SaveAsync() => Task.CompletedTask;
            public ValueTask DisposeAsync() => default;
            public static async Task Main() => await Task.Delay(1);
            [Xunit.Fact] public async Task Loads() => await Task.Delay(1);
            [NUnit.Framework.Test] public Task Saves() => Task.CompletedTask;
            public Task OnClick(object sender, EventArgs e) => Task.CompletedTask;
            public void Sync() { }
            public int Value() => 1;
            public async void Fire() => await Task.Delay(1);
            public IAsyncEnumerable<int> Items() => throw new NotImplementedException();
            public Task Property => Task.CompletedTask;
            public static Task operator +(C a, C b) => Task.CompletedTask;
            public void Locals() { Task Local() => Task.CompletedTask; Local(); }
        }
        public class Middleware { public Task Invoke(Microsoft.AspNetCore.Http.HttpContext context) => Task.CompletedTask; }
        public class Chat : Microsoft.AspNetCore.SignalR.Hub { public Task Send(string message) => Task.CompletedTask; private Task {|AG0502:Log|}() => Task.CompletedTask; }
        """);

    [Fact]
    public Task Silent_for_the_entry_point_of_top_level_statements() => V.Diagnostics(Usings + """
        await Task.Delay(1);
        static Task Helper() => Task.CompletedTask;
        await Helper();
        public class C { public Task {|AG0502:Work|}() => Task.CompletedTask; }
        """, OutputKind.ConsoleApplication);

    [Fact]
    public Task Survives_half_typed_code()
    {
        var test = new Verifiers.AnalyzerTest<AG0502AsyncSuffixAnalyzer>
        {
            // Broken signatures still name a method that returns an awaitable; an unresolved return type does not.
            TestCode = Usings + "class C { Task {|AG0502:M|}( { } Undefined N() => null; Task<Undefined> {|AG0502:O|}() => null; Task () => null; partial Task {|AG0502:P|}(); }",
            CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", V.EditorConfig("AG0502", null)));
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_renames_the_method_and_every_reference() => V.Fix<AG0502AsyncSuffixCodeFixProvider>(Usings + """
        public interface IStore { Task {|AG0502:Save|}(); }
        public class Store : IStore
        {
            public Task Save() => Task.CompletedTask;
        }
        public class Client
        {
            public async Task<int> {|AG0502:Load|}(IStore store)
            {
                await store.Save();
                Func<IStore, Task<int>> f = Load;
                return 1;
            }
        }
        """, Usings + """
        public interface IStore { Task SaveAsync(); }
        public class Store : IStore
        {
            public Task SaveAsync() => Task.CompletedTask;
        }
        public class Client
        {
            public async Task<int> LoadAsync(IStore store)
            {
                await store.SaveAsync();
                Func<IStore, Task<int>> f = LoadAsync;
                return 1;
            }
        }
        """);

    [Fact]
    public Task Fix_all_renames_overloads_and_methods_across_types() => V.Fix<AG0502AsyncSuffixCodeFixProvider>(Usings + """
        public class A
        {
            public Task {|AG0502:Load|}() => Load(1);
            public Task {|AG0502:Load|}(int n) => Task.Delay(n);
        }
        public class B
        {
            public Task {|AG0502:Run|}(A a) => a.Load();
            public class Nested<T> { public Task<T> {|AG0502:Get|}(T t) => Task.FromResult(t); }
        }
        """, Usings + """
        public class A
        {
            public Task LoadAsync() => LoadAsync(1);
            public Task LoadAsync(int n) => Task.Delay(n);
        }
        public class B
        {
            public Task RunAsync(A a) => a.LoadAsync();
            public class Nested<T> { public Task<T> GetAsync(T t) => Task.FromResult(t); }
        }
        """);

    [Fact]
    public Task No_fix_when_the_new_name_is_taken() => V.Fix<AG0502AsyncSuffixCodeFixProvider>(Usings + """
        public class C
        {
            public Task {|AG0502:Load|}() => Task.CompletedTask;
            public Task LoadAsync() => Task.CompletedTask;
            public Task {|AG0502:Save|}() => Task.CompletedTask;
            public int SaveAsync;
        }
        """, Usings + """
        public class C
        {
            public Task {|AG0502:Load|}() => Task.CompletedTask;
            public Task LoadAsync() => Task.CompletedTask;
            public Task {|AG0502:Save|}() => Task.CompletedTask;
            public int SaveAsync;
        }
        """);
}
