using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAG0301 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Cancellation;

/// <summary>
/// Issue 16, corpus16cli W1 (Downloader's sample `Program.Main`): `.Token` of a CancellationTokenSource member that is still
/// null at the call is not offered: the entry point (static members) or a constructor (instance members) reads it before the
/// private code that creates it has run, so the offered fix would throw NullReferenceException. Still reported: a source
/// created before the call, with an initializer, outside the entry point, by a writer others can call, in a loop, or read in a
/// constructor that chains or whose writer a base constructor could reach.
/// </summary>
public sealed class AG0301UnassignedSourceTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks;\n";

    private static Task Expect(OutputKind outputKind, params string[] sources)
    {
        var test = new Verifiers.AnalyzerTest<AsyncGuard.Analyzers.Cancellation.AG0301ForwardTokenAnalyzer>();
        for (var i = 0; i < sources.Length; i++)
        {
            test.TestState.Sources.Add(($"/0/Test{i}.cs", Usings + sources[i]));
        }

        test.TestState.OutputKind = outputKind;
        return test.RunAsync();
    }

    private static string Program(string declaration, string main, string initial, string mainSignature = "static async Task Main()") => $$"""
        static class Program
        {
            {{declaration}}

            {{mainSignature}}
            {
                {{main}}
            }

            {{initial}}

            static Task Work(CancellationToken ct) => Task.Delay(1, ct);
        }
        """;

    [Theory]
    // Downloader's shape: a private helper called after the call creates the source.
    [InlineData("private static CancellationTokenSource Cts;", "await Task.Delay(1000); await Initial(); await Work(Cts.Token);", "private static async Task Initial() { await Task.Yield(); Cts = new CancellationTokenSource(); }")]
    // A private auto-property, written through the type's name.
    [InlineData("private static CancellationTokenSource Cts { get; set; }", "await Task.Delay(1000); Initial(); await Work(Cts.Token);", "private static void Initial() { Program.Cts = new CancellationTokenSource(); }")]
    // Through a chain of private helpers, in a tuple assignment.
    [InlineData("private static CancellationTokenSource Cts; private static int _n;", "await Task.Delay(1000); Setup(); await Work(Cts.Token);", "private static void Setup() => Initial(); private static void Initial() { (Cts, _n) = (new CancellationTokenSource(), 1); }")]
    // A `??=` in a private helper; `static async Task<int> Main(string[] args)`.
    [InlineData("private static CancellationTokenSource Cts;", "await Task.Delay(1000); Initial(); await Work(Cts.Token); return 0;", "private static void Initial() { Cts ??= new CancellationTokenSource(); }", "static async Task<int> Main(string[] args)")]
    // A local function of a private helper creates it.
    [InlineData("private static CancellationTokenSource Cts;", "await Task.Delay(1000); Initial(); await Work(Cts.Token);", "private static void Initial() { Make(); void Make() => Cts = new CancellationTokenSource(); }")]
    public Task A_static_source_the_entry_point_creates_only_later_is_not_offered(string declaration, string main, string initial, string mainSignature = "static async Task Main()") =>
        Expect(OutputKind.ConsoleApplication, Program(declaration, main, initial, mainSignature));

    [Fact]
    public Task A_local_function_of_the_entry_point_that_creates_it_later() =>
        Expect(OutputKind.ConsoleApplication, """
            static class Program
            {
                private static CancellationTokenSource _cts;

                static async Task Main()
                {
                    await Task.Delay(1000);
                    Start();
                    await Task.Delay(1, _cts.Token);

                    void Start() => _cts = new CancellationTokenSource();
                }
            }
            """);

    [Fact]
    public Task Parts_of_a_partial_program_in_other_files_are_searched() =>
        Expect(OutputKind.ConsoleApplication, """
            static partial class Program
            {
                private static CancellationTokenSource CancelAll;

                static async Task Main()
                {
                    await Task.Delay(1000);
                    await Initial();
                    await Download(CancelAll.Token);
                }
            }
            """, """
            static partial class Program
            {
                private static async Task Initial()
                {
                    CancelAll = new CancellationTokenSource();
                    await Task.Yield();
                }

                private static Task Download(CancellationToken ct) => Task.Delay(1, ct);
            }
            """);

    [Fact]
    public Task A_constructor_that_creates_its_source_later_through_a_private_helper() =>
        Expect(OutputKind.DynamicallyLinkedLibrary, """
            sealed class Pump
            {
                private CancellationTokenSource _stop;
                private readonly Task _warmup;
                private readonly Task _loop;

                public Pump()
                {
                    _warmup = Task.Delay(10);
                    Create();
                    _loop = Task.Run(() => Loop(_stop.Token), _stop.Token);
                }

                private void Create() => _stop = new CancellationTokenSource();

                private static Task Loop(CancellationToken ct) => Task.Delay(1, ct);
            }
            """);

    // Nearest cases that stay reported.

    [Theory]
    // Created before the call.
    [InlineData("private static CancellationTokenSource Cts;", "await Initial(); await Task.{|AG0301:Delay|}(1000); await Work(Cts.Token);", "private static async Task Initial() { await Task.Yield(); Cts = new CancellationTokenSource(); }")]
    // Created by the call's own argument, which runs before the token would be read.
    [InlineData("private static CancellationTokenSource Cts;", "await Task.{|AG0301:Delay|}(Initial()); await Work(Cts.Token);", "private static int Initial() { Cts = new CancellationTokenSource(); return 1; }")]
    // A lambda that creates it runs before the call.
    [InlineData("private static CancellationTokenSource Cts;", "Action make = () => Cts = new CancellationTokenSource(); make(); await Task.{|AG0301:Delay|}(1000); await Work(Cts.Token);", "")]
    // An initializer.
    [InlineData("private static CancellationTokenSource Cts = new CancellationTokenSource();", "await Task.{|AG0301:Delay|}(1000); Initial(); await Work(Cts.Token);", "private static void Initial() { Cts = new CancellationTokenSource(); }")]
    // A writer others can call first.
    [InlineData("private static CancellationTokenSource Cts;", "await Task.{|AG0301:Delay|}(1000); Initial(); await Work(Cts.Token);", "public static void Initial() { Cts = new CancellationTokenSource(); }")]
    // A member others can assign.
    [InlineData("internal static CancellationTokenSource Cts;", "await Task.{|AG0301:Delay|}(1000); Initial(); await Work(Cts.Token);", "private static void Initial() { Cts = new CancellationTokenSource(); }")]
    // In a loop: the second round sees the first round's source.
    [InlineData("private static CancellationTokenSource Cts;", "for (var i = 0; i < 2; i++) { await Task.{|AG0301:Delay|}(1000); Initial(); await Work(Cts.Token); }", "private static void Initial() { Cts = new CancellationTokenSource(); }")]
    // A static constructor creates it.
    [InlineData("private static CancellationTokenSource Cts; static Program() { Cts = new CancellationTokenSource(); }", "await Task.{|AG0301:Delay|}(1000); await Work(Cts.Token);", "")]
    // A static initializer runs a writer.
    [InlineData("private static CancellationTokenSource Cts; private static readonly bool Ready = Initial();", "await Task.{|AG0301:Delay|}(1000); await Work(Cts.Token);", "private static bool Initial() { Cts = new CancellationTokenSource(); return true; }")]
    public Task A_source_that_may_already_exist_at_the_call_is_still_offered(string declaration, string main, string initial) =>
        Expect(OutputKind.ConsoleApplication, Program(declaration, main, initial));

    [Fact]
    public Task Outside_the_entry_point_someone_may_have_created_it_first() =>
        Expect(OutputKind.ConsoleApplication, """
            static class Program
            {
                private static CancellationTokenSource Cts;

                static async Task Main()
                {
                    await Run();
                    await Run();
                }

                private static async Task Run()
                {
                    await Task.{|AG0301:Delay|}(1000);
                    Initial();
                    await Work(Cts.Token);
                }

                private static void Initial() => Cts = new CancellationTokenSource();

                private static Task Work(CancellationToken ct) => Task.Delay(1, ct);
            }
            """);

    [Fact]
    public Task A_library_has_no_entry_point() =>
        Expect(OutputKind.DynamicallyLinkedLibrary, Program(
            "private static CancellationTokenSource Cts;",
            "await Task.{|AG0301:Delay|}(1000); Initial(); await Work(Cts.Token);",
            "private static void Initial() { Cts = new CancellationTokenSource(); }"));

    [Theory]
    // Chained: the other constructor may have created it.
    [InlineData("public Pump() : this(1) { _warmup = Task.{|AG0301:Delay|}(10); Create(); _loop = Task.Run(() => Loop(_stop.Token), _stop.Token); } public Pump(int n) { Create(); }", "private void Create() => _stop = new CancellationTokenSource();")]
    // A virtual writer: a base constructor could run it.
    [InlineData("public Pump() { _warmup = Task.{|AG0301:Delay|}(10); Create(); _loop = Task.Run(() => Loop(_stop.Token), _stop.Token); }", "protected virtual void Create() => _stop = new CancellationTokenSource();")]
    // Created before the call.
    [InlineData("public Pump() { Create(); _warmup = Task.{|AG0301:Delay|}(10); _loop = Task.Run(() => Loop(_stop.Token), _stop.Token); }", "private void Create() => _stop = new CancellationTokenSource();")]
    public Task A_constructor_whose_source_may_exist_is_still_reported(string constructor, string writer) =>
        Expect(OutputKind.DynamicallyLinkedLibrary, $$"""
            class Pump
            {
                private CancellationTokenSource _stop;
                private readonly Task _warmup;
                private readonly Task _loop;

                {{constructor}}

                {{writer}}

                private static Task Loop(CancellationToken ct) => Task.Delay(1, ct);
            }
            """);
}
