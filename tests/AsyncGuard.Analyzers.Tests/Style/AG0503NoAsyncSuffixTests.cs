using AsyncGuard.Analyzers.Style;
using AsyncGuard.CodeFixes.Style;
using Microsoft.CodeAnalysis;
using Xunit;
using V = AsyncGuard.Analyzers.Tests.Style.StyleVerify<AsyncGuard.Analyzers.Style.AG0503NoAsyncSuffixAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Style;

public sealed class AG0503NoAsyncSuffixTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading.Tasks;\n";

    [Fact]
    public void Is_info_and_off_by_default()
    {
        Assert.False(AG0503NoAsyncSuffixAnalyzer.Rule.IsEnabledByDefault);
        Assert.Equal(DiagnosticSeverity.Info, AG0503NoAsyncSuffixAnalyzer.Rule.DefaultSeverity);
    }

    [Fact]
    public async Task Silent_without_the_editorconfig_switch()
    {
        var diagnostics = await Infrastructure.RobustnessRunner.RunAsync(new AG0503NoAsyncSuffixAnalyzer(), Usings + "public class C { public int LoadAsync() => 1; }");
        Assert.Empty(diagnostics);
    }

    [Fact]
    public Task Flags_methods_named_Async_that_return_no_awaitable() => V.Diagnostics(Usings + """
        public interface IStore { void {|AG0503:SaveAsync|}(); }
        public class C
        {
            public int {|AG0503:CountAsync|}() => 1;
            public void {|AG0503:StartAsync|}() { _ = Task.Run(() => { }); }
            private static string {|AG0503:ReadAsync|}(string s) => s;
            public IAsyncDisposable {|AG0503:LockAsync|}() => throw new NotImplementedException();
            public T {|AG0503:GetAsync|}<T>(T t) => t;
            public int {|AG0503:Async|}() => 0;
        }
        """);

    [Fact]
    public Task Silent_for_awaitables_sequences_async_void_and_fixed_names() => V.Diagnostics(Usings + """
        namespace Xunit { public sealed class FactAttribute : Attribute { } }
        public interface IStore { void {|AG0503:FlushAsync|}(); }
        public abstract class Base { public abstract void {|AG0503:RunAsync|}(); }
        public class C : Base, IStore
        {
            public Task LoadAsync() => Task.CompletedTask;
            public ValueTask<int> CountAsync() => default;
            public IAsyncEnumerable<int> ItemsAsync() => throw new NotImplementedException();
            public IAsyncEnumerator<int> EnumeratorAsync() => throw new NotImplementedException();
            public T WaitAsync<T>(T task) where T : Task => task;
            public async void FireAsync() => await Task.Delay(1);
            public override void RunAsync() { }
            public void FlushAsync() { }
            [Xunit.Fact] public void ParsesAsync() { }
            public void OnClickAsync(object sender, EventArgs e) { }
            public dynamic DynamicAsync() => 1;
            public void Load() { }
            public int ValueAsync => 1;
        }
        """);

    [Fact]
    public Task Fix_renames_the_method_and_its_references() => V.Fix<AG0503NoAsyncSuffixCodeFixProvider>(Usings + """
        public interface IStore { int {|AG0503:CountAsync|}(); }
        public class Store : IStore { public int CountAsync() => 1; }
        public class C
        {
            public int {|AG0503:TotalAsync|}(IStore s) => s.CountAsync() + TotalAsync(s);
        }
        """, Usings + """
        public interface IStore { int Count(); }
        public class Store : IStore { public int Count() => 1; }
        public class C
        {
            public int Total(IStore s) => s.Count() + Total(s);
        }
        """);

    [Fact]
    public Task No_fix_when_the_name_is_taken_a_keyword_or_empty() => V.Fix<AG0503NoAsyncSuffixCodeFixProvider>(Usings + """
        public class C
        {
            public int {|AG0503:LoadAsync|}() => 1;
            public int Load() => 2;
            public int {|AG0503:Async|}() => 0;
            public int {|AG0503:classAsync|}() => 0;
        }
        """, Usings + """
        public class C
        {
            public int {|AG0503:LoadAsync|}() => 1;
            public int Load() => 2;
            public int {|AG0503:Async|}() => 0;
            public int {|AG0503:classAsync|}() => 0;
        }
        """);
}
