using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using Xunit;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// Issue 16, twenty-first pass (e103; a mail library's cancellable sync socket Send/Receive): a sync wait on the task of a
/// local completion source the function hands on as an untyped state for a callback to complete is the synchronous end of a
/// callback operation, silent unless report_apm_end is on. Still reported: a source completed in the function's own lambda
/// (a UI event's handler), handed to a typed parameter, reassigned, awaited somewhere, or kept in a field.
/// </summary>
public sealed class AG0103StateHandedSourceTests
{
    private const string Usings = "using System; using System.Net.Sockets; using System.Threading; using System.Threading.Tasks;\n";

    private static string InSync(string members) => Usings + $$"""
        class C
        {
            static void Completed(object sender, SocketAsyncEventArgs e) => ((TaskCompletionSource<bool>)e.UserToken).TrySetResult(true);
            static void Done(object state) => ((TaskCompletionSource<int>)state).TrySetResult(1);
            static void DonePlain(object state) => ((TaskCompletionSource)state).TrySetResult();
            static void Post(Action a) => a();
            static void Keep(TaskCompletionSource<int> s) { }
            TaskCompletionSource<int> _field = new TaskCompletionSource<int>();
            {{members}}
        }
        """;

    // The socket form: the source stored in the event args' untyped token, then the operation started.
    private const string Token = """
        internal static void Send(Socket socket, byte[] buffer, CancellationToken ct)
        {
            var tcs = new TaskCompletionSource<bool>();
            using (ct.Register(() => tcs.TrySetCanceled()))
            using (var args = new SocketAsyncEventArgs())
            {
                args.Completed += Completed;
                args.SetBuffer(buffer, 0, buffer.Length);
                args.UserToken = tcs;
                if (!socket.SendAsync(args))
                    Completed(null, args);
                {|AG0103:tcs.Task.GetAwaiter().GetResult()|};
            }
        }
        """;

    // The token set in the args' object initializer; a timed-out `Wait()` form.
    private const string Initializer = """
        internal static int Receive(Socket socket, byte[] buffer)
        {
            var tcs = new TaskCompletionSource<bool>(TaskCreationOptions.None);
            using var args = new SocketAsyncEventArgs { UserToken = tcs };
            args.Completed += Completed;
            args.SetBuffer(buffer, 0, buffer.Length);
            if (!socket.ReceiveAsync(args))
                Completed(null, args);
            {|AG0103:tcs.Task.Wait()|};
            return args.BytesTransferred;
        }
        """;

    // An object state argument of a callback API; the non-generic source.
    private const string StateArgument = """
        public int Queue()
        {
            var tcs = new TaskCompletionSource<int>();
            ThreadPool.QueueUserWorkItem(Done, tcs);
            var done = new TaskCompletionSource();
            ThreadPool.QueueUserWorkItem(DonePlain, done);
            {|AG0103:done.Task.Wait()|};
            return {|AG0103:tcs.Task.Result|};
        }
        """;

    public static TheoryData<string> Shapes() => new() { Token, Initializer, StateArgument };

    private static string Unmarked(string source) => System.Text.RegularExpressions.Regex.Replace(source, @"\{\|AG0103:(.*?)\|\}", "$1");

    [Theory]
    [MemberData(nameof(Shapes))]
    public Task Silent_on_a_source_handed_as_state(string members) => VerifyAG0103.NoDiagnostics(InSync(Unmarked(members)));

    [Theory]
    [MemberData(nameof(Shapes))]
    public Task The_apm_end_option_reports_them(string members) =>
        VerifyAG0103.DiagnosticsWithOptions(InSync(members), WaitContracts.ReportApmEndOption + " = true");

    [Theory]
    // Completed in the function's own lambda (a UI event's handler), nothing handed on as state.
    [InlineData("public int M() { var tcs = new TaskCompletionSource<int>(); Post(() => tcs.SetResult(1)); return {|AG0103:tcs.Task.Result|}; }")]
    // Handed to a typed parameter: the callee may do anything with it.
    [InlineData("public int M() { var tcs = new TaskCompletionSource<int>(); ThreadPool.QueueUserWorkItem(Done, tcs); Keep(tcs); return {|AG0103:tcs.Task.Result|}; }")]
    // Reassigned after it was handed on.
    [InlineData("public int M() { var tcs = new TaskCompletionSource<int>(); ThreadPool.QueueUserWorkItem(Done, tcs); tcs = new TaskCompletionSource<int>(); return {|AG0103:tcs.Task.Result|}; }")]
    // Its task awaited somewhere as well.
    [InlineData("public int M() { var tcs = new TaskCompletionSource<int>(); ThreadPool.QueueUserWorkItem(Done, tcs); Func<Task> f = async () => await tcs.Task; return {|AG0103:tcs.Task.Result|}; }")]
    // A field's source, or the task of another source.
    [InlineData("public int M() { ThreadPool.QueueUserWorkItem(Done, _field); return {|AG0103:_field.Task.Result|}; }")]
    [InlineData("public int M() { var tcs = new TaskCompletionSource<int>(); var other = new TaskCompletionSource<int>(); ThreadPool.QueueUserWorkItem(Done, tcs); Post(() => other.SetResult(1)); return {|AG0103:other.Task.Result|}; }")]
    public Task Reported_where_nothing_hands_the_source_to_a_callback(string members) => VerifyAG0103.Diagnostics(InSync(members));

    [Fact]
    public Task Never_throws_on_half_typed_code() =>
        VerifyAG0103.DiagnosticsInBrokenCode(InSync("""
            public int M()
            {
                var tcs = new TaskCompletionSource<int>();
                ThreadPool.QueueUserWorkItem(Missing, tcs);
                var unknown = new Unknown();
                unknown.Task.Wait();
                var broken = new TaskCompletionSource<int>(;
                // An unresolved callback API hands nothing provably: reported.
                return {|AG0103:tcs.Task.Result|} + {|AG0103:broken.Task.Result|};
            }
            """));
}
