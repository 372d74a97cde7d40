namespace AsyncGuard.Analyzers.Tests.Infrastructure;

/// <summary>Broken, truncated and odd C# that every analyzer and fixer must survive.</summary>
internal static class BrokenSources
{
    private const string Usings = "using System; using System.IO; using System.Linq; using System.Threading; using System.Threading.Tasks; using System.Collections.Generic;\n";

    private static readonly string[] Fragments =
    {
        "",
        "class",
        "class C {",
        "class C { async",
        "class C { async Task",
        "class C { async Task M(",
        "class C { async Task M() {",
        "class C { async Task M() { await",
        "class C { async Task M() { await ; }",
        "class C { async Task M() { await await; }",
        "class C { void M() { await Task.Delay(1); } }",
        "class C { async Task M(Task<int> t) { var x = t.",
        "class C { async Task M(Task<int> t) { var x = t.Result",
        "class C { async Task M(Task<int> t) { var x = t.Result.",
        "class C { async Task M(Task<int> t) { t.Wait(",
        "class C { async Task M(Task<int> t) { t.Wait(,) }",
        "class C { async Task M(Task<int> t) { t.GetAwaiter().",
        "class C { async Task M(Task<int> t) { t.GetAwaiter().GetResult(",
        "class C { async Task M(Task<int> t) { Task.WaitAll(",
        "class C { async Task M(Task<int> t) { Task.WaitAny(t, ",
        "class C { async Task M(Task<int> t) { int i = Task.WaitAny(t,, t); }",
        "class C { async Task M(Task<int> t) { t?.",
        "class C { async Task M(Task<int> t) { t?.Result",
        "class C { async Task M(Task<int>? t) { var r = t?.Result ?? ; }",
        "class C { async Task M() { Undefined.Result; x.Wait(); y.GetAwaiter().GetResult(); } }",
        "class C { async Task M() { Thread.Sleep(; File.ReadAllText( } }",
        "class C { async Task M(CancellationToken ct) { await Task.Delay(1, ; } }",
        "class C { async Task M(CancellationToken ct) { await foreach (var x in ) { } } }",
        "class C { async Task M() { using (var s = File.OpenRead(",
        "class C { async Task M() { using var s = ; } }",
        "class C { async Task M() { await using var s = new MemoryStream(; } }",
        "class C { async void }",
        "class C { async void M( }",
        "class C { async void M(object sender, EventArgs e) => ; }",
        "class C { void M() { Action a = async () => ; } }",
        "class C { void M() { Action a = async => await; } }",
        "class C { void M() { new List<int>().ForEach(async x => { await Task.Delay(x); }",
        "class C { Task M() { return null",
        "class C { Task<int> M() => ; }",
        "class C { Task M() { return Task.FromResult( } }",
        "class C { Task M() { lock (this) { return Task.Delay(1); } }",
        "class C { Task M() { using (new MemoryStream()) return Task.Delay(",
        "class C { void M() { Task.Factory.StartNew(async () => { }); Task.Run( } }",
        "class C { void M() { var tcs = new TaskCompletionSource<int>(TaskContinuationOptions.",
        "class C { async ValueTask<int> M(ValueTask<int> v) { await v; await v; return v.Result; } }",
        "class C { async Task M() { lock (this) { await Task.Yield(); } } }",
        "class C { async Task M(SemaphoreSlim s) { await s.WaitAsync(); try { } finally { s. } } }",
        "class C { async Task M() { Monitor.Enter(this); await Task.Yield(); Monitor.Exit( } }",
        "class C<T> where T : { async Task M(T t) { t.Wait(); } }",
        "class C { async Task M(dynamic d) { d.Wait(); var r = d.Result; await d; } }",
        "class C { async Task M() { var x = from t in new[] { Task.FromResult(1) } select t.Result; } }",
        "class C { async Task M(Task<int> t) { Func<int> f = () => t.Result; var s = $\"{t.Result}\"; } }",
        "class C { async Task M(Task<int> t) { switch (t.Result) { case 1: t.Wait(); break; } } }",
        "class C { async Task M(Task<int> t) { _ = t.Result is > 0 and < t.Result; } }",
        "class C { unsafe async Task M(Task<int> t) { int* p = null; unsafe { var r = t.Result; } } }",
        "class C { async Task M(Task<Task<int>> t) { var r = t.Result.Result; await await t; } }",
        "class C { async Task M() { await Task.Delay(1).ConfigureAwait( } }",
        "class C { Task M() => Task.Delay(1).ContinueWith(t => t.Result); }",
        "namespace N { class C { async Task M() { #if X t.Wait(); #endif } } }",
        "record R(Task<int> T) { public int V => T.Result; public async Task M() => T.Wait(); }",
        "struct S { async Task M(Task t) { t.Wait(); } }",
        "interface I { async Task M(Task t) { t.Wait(); } Task N(); }",
        "class C { async Task M(Task t) { [Obsolete] void L() => t.Wait(); await Task.Yield(); } }",
        "var t = Task.FromResult(1); t.Wait(); Console.WriteLine(t.Result); async void F() => await t; await t",
        "await Task.Delay(1); Thread.Sleep(1); File.ReadAllText(\"x\"); _ = Task.Run(() => 1); Task.Run(() => 1);",
        "class C { async Task M() { await Task.WhenAll(; Task.WaitAll(new Task[] { ; } }",
        "class C { async Task M(Task t) { t.Wait(/* comment */); t.Wait(1, ; } }",
        "class C { async Task M(Task t) { goto L; L: t.Wait(); } }",
        "class C { async Task M(Task t) { try { t.Wait(); } catch when (t.Wait(1)) { } finally { t.Wait(); } } }",
        "class C { System.Threading.Tasks.Task M(System.Threading.Tasks.Task t) { t.Wait(); return t; } }",
        "class Task { public void Wait() { } public int Result; } class C { async System.Threading.Tasks.Task M(Task t) { t.Wait(); var r = t.Result; } }",
    };

    public static IEnumerable<object[]> All()
    {
        for (var i = 0; i < Fragments.Length; i++)
        {
            yield return new object[] { i, Usings + Fragments[i] };
        }
    }
}
