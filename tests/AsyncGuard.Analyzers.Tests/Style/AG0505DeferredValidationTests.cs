using AsyncGuard.Analyzers.Style;
using AsyncGuard.CodeFixes.Style;
using Microsoft.CodeAnalysis;
using Xunit;
using V = AsyncGuard.Analyzers.Tests.Style.StyleVerify<AsyncGuard.Analyzers.Style.AG0505DeferredValidationAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Style;

public sealed class AG0505DeferredValidationTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public void Is_info_and_off_by_default()
    {
        Assert.False(AG0505DeferredValidationAnalyzer.Rule.IsEnabledByDefault);
        Assert.Equal(DiagnosticSeverity.Info, AG0505DeferredValidationAnalyzer.Rule.DefaultSeverity);
    }

    [Fact]
    public Task Flags_validation_before_the_first_await() => V.Diagnostics(Usings + """
        public class C
        {
            public async Task<int> A(string path)
            {
                {|AG0505:ArgumentNullException.ThrowIfNull(path)|};
                await Task.Delay(1);
                return path.Length;
            }
            public async Task B(string name, int count)
            {
                if (count < 0) {|AG0505:throw new ArgumentOutOfRangeException(nameof(count));|}
                if (string.IsNullOrEmpty(name)) throw new ArgumentException("empty", nameof(name));
                var local = name.Trim();
                await File.WriteAllTextAsync(local, "");
                Console.WriteLine(local);
            }
            public async ValueTask<string> D(string s)
            {
                var value = s ?? {|AG0505:throw new ArgumentNullException(nameof(s))|};
                await Task.Yield();
                return value;
            }
            public async Task E(IEnumerable<string> items)
            {
                foreach (var item in items)
                {
                    if (item is null) {|AG0505:throw new ArgumentException("null item", nameof(items));|}
                }

                await Task.Delay(1);
            }
            public async Task F(int x)
            {
                {|AG0505:ArgumentOutOfRangeException.ThrowIfNegative(x)|};
                await foreach (var i in Items()) { }
            }
            static async IAsyncEnumerable<int> Items() { await Task.Yield(); yield return 1; }
        }
        """);

    [Fact]
    public Task Silent_where_nothing_is_deferred_or_the_split_would_change_behaviour() => V.Diagnostics(Usings + """
        public class C
        {
            Task<int> G() => Task.FromResult(1);
            public Task Sync(string s) { ArgumentNullException.ThrowIfNull(s); return Task.CompletedTask; }
            public async Task AfterAwait(string s) { await Task.Delay(1); ArgumentNullException.ThrowIfNull(s); }
            public async Task SameStatement(string s) => await File.WriteAllTextAsync(s ?? throw new ArgumentNullException(nameof(s)), "");
            public async Task OtherException(object o) { if (o is null) throw new InvalidOperationException(); await Task.Delay(1); }
            public async Task Disposed(bool d) { ObjectDisposedException.ThrowIf(d, this); await Task.Delay(1); }
            public async Task Token(CancellationToken ct) { ct.ThrowIfCancellationRequested(); await Task.Delay(1, ct); }
            public async Task InTry(string s) { try { ArgumentNullException.ThrowIfNull(s); } catch (ArgumentException) { } await Task.Delay(1); }
            public async Task AfterUsing(string s) { using var m = new MemoryStream(); ArgumentNullException.ThrowIfNull(s); await Task.Delay(1); }
            public async Task<int> ReturnsEarly(string? s) { if (s is null) { return 0; } ArgumentNullException.ThrowIfNull(s); return await G(); }
            public async void Fire(string s) { ArgumentNullException.ThrowIfNull(s); await Task.Delay(1); }
            public async IAsyncEnumerable<int> Iterate(string s) { ArgumentNullException.ThrowIfNull(s); await Task.Yield(); yield return 1; }
            public async Task InLambda() { Action<string> a = s => ArgumentNullException.ThrowIfNull(s); await Task.Delay(1); }
            public async Task Rethrow() { try { await Task.Delay(1); } catch { throw; } }
        }
        """);

    [Fact]
    public Task Silent_where_AG0504_reports_the_method_and_reported_where_it_is_off() => V.Diagnostics(Usings + """
        public class C
        {
            Task<int> G() => Task.FromResult(1);
            public async Task<int> A(string s)
            {
                ArgumentNullException.ThrowIfNull(s);
                return await G();
            }
        }
        """, options: "dotnet_diagnostic.AG0504.severity = suggestion");

    [Fact]
    public Task Reported_where_AG0504_is_off() => V.Diagnostics(Usings + """
        public class C
        {
            Task<int> G() => Task.FromResult(1);
            public async Task<int> A(string s)
            {
                {|AG0505:ArgumentNullException.ThrowIfNull(s)|};
                return await G();
            }
        }
        """);

    [Fact]
    public Task Half_typed_code_is_silent() => V.Diagnostics(Usings + """
        public class C
        {
            public async Task A(string s) { {|CS0103:Undefined|}.ThrowIfNull(s); await Task.Delay(1); }
            public async Task B(string s) { throw new {|CS0246:Missing|}(); await Task.Delay(1); }
            public async Task D(string s) { if (s is null) {|CS0156:throw|}; await Task.Delay(1); }
        }
        """);

    [Fact]
    public Task Fix_splits_the_method() => V.Fix<AG0505DeferredValidationCodeFixProvider>(Usings + """
        public class C
        {
            /// <summary>Loads.</summary>
            public async Task<int> LoadAsync(string path, int count)
            {
                {|AG0505:ArgumentNullException.ThrowIfNull(path)|};
                if (count < 0) throw new ArgumentOutOfRangeException(nameof(count));
                var text = await File.ReadAllTextAsync(path);
                return text.Length + count;
            }

            static async Task SaveAsync<T>(T value, string path)
            {
                if (value is null) {|AG0505:throw new ArgumentNullException(nameof(value));|}
                await File.WriteAllTextAsync(path, value.ToString());
            }
        }
        """, Usings + """
        public class C
        {
            /// <summary>Loads.</summary>
            public Task<int> LoadAsync(string path, int count)
            {
                ArgumentNullException.ThrowIfNull(path);
                if (count < 0) throw new ArgumentOutOfRangeException(nameof(count));
                return Core();

                async Task<int> Core()
                {
                    var text = await File.ReadAllTextAsync(path);
                    return text.Length + count;
                }
            }

            static Task SaveAsync<T>(T value, string path)
            {
                if (value is null) throw new ArgumentNullException(nameof(value));
                return Core();

                async Task Core()
                {
                    await File.WriteAllTextAsync(path, value.ToString());
                }
            }
        }
        """);

    [Fact]
    public Task Fix_picks_a_free_name_and_is_not_offered_in_structs() => V.Fix<AG0505DeferredValidationCodeFixProvider>(Usings + """
        public class C
        {
            int Core;
            public async Task RunAsync(string s)
            {
                {|AG0505:ArgumentNullException.ThrowIfNull(s)|};
                await Task.Delay(Core);
            }
        }
        public struct S
        {
            int _n;
            public async Task RunAsync(string s)
            {
                {|AG0505:ArgumentNullException.ThrowIfNull(s)|};
                await Task.Delay(_n);
            }
        }
        """, Usings + """
        public class C
        {
            int Core;
            public Task RunAsync(string s)
            {
                ArgumentNullException.ThrowIfNull(s);
                return Core2();

                async Task Core2()
                {
                    await Task.Delay(Core);
                }
            }
        }
        public struct S
        {
            int _n;
            public async Task RunAsync(string s)
            {
                {|AG0505:ArgumentNullException.ThrowIfNull(s)|};
                await Task.Delay(_n);
            }
        }
        """);
}
