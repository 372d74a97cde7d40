using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Core;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0103 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0103SyncOverAsyncAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0103 at three more deliberate sync boundaries (issue 16, d103): a method that waits right away on async work it moved
/// to the pool with <c>Task.Run</c> (silent, reported with report_offloaded_work), a timed wait whose outcome the code then
/// checks on the task (silent, reported with report_timed_waits), and an override whose source root only implements an
/// interface member of another assembly (silent, reported with report_external_contracts). Accessors, lambdas, unchecked or
/// untimed waits and roots of the code base's own contracts stay reported.
/// </summary>
public sealed class AG0103BoundaryWaitTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    // ---- async work offloaded at the wait ----

    private const string Offloaded = Usings + """
        public interface ILocks { Task ReleaseAsync(object handle, CancellationToken token); }
        public class Client : IDisposable
        {
            private readonly ILocks _locks;
            private readonly object _handle = new object();
            public Client(ILocks locks)
            {
                _locks = locks;
                [|Task.Run(() => _locks.ReleaseAsync(_handle, CancellationToken.None)).Wait()|];
            }
            private ValueTask CloseAsync() => default;
            private Task<int> FetchAsync() => Task.FromResult(1);
            public void Dispose()
            {
                try { ReleaseLease(); } catch (Exception) { }
                void Finish() => [|Task.Run(async () => await CloseAsync()).GetAwaiter().GetResult()|];
                Finish();
            }
            private void ReleaseLease()
            {
                [|Task.Run(() => _locks.ReleaseAsync(_handle, CancellationToken.None)).ConfigureAwait(false).GetAwaiter().GetResult()|];
            }
            public int Build() => [|Task.Run(FetchAsync).Result|] + 1;
            public static int Configure(Func<Task<int>> metadata)
            {
                var value = [|(Task.Run(() => metadata())).GetAwaiter().GetResult()|];
                return value;
            }
        }
        """;

    [Fact]
    public Task Silent_on_async_work_a_method_offloads_and_waits_for() =>
        VerifyAG0103.Diagnostics(Offloaded.Replace("[|", "").Replace("|]", ""));

    [Fact]
    public Task The_offloaded_work_option_reports_offloaded_async_work_too()
    {
        var test = new AnalyzerTest<AG0103SyncOverAsyncAnalyzer> { TestCode = Offloaded.Replace("[|", "{|AG0103:").Replace("|]", "|}") };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + WaitQuietSites.ReportOffloadedWorkOption + " = true\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Reported_for_offloads_in_accessors_and_lambdas_and_for_other_tasks() =>
        VerifyAG0103.Diagnostics(Usings + """
            public class Ftp
            {
                private bool _connected;
                private Task ConnectAsync() => Task.CompletedTask;
                private Task<int> CountAsync() => Task.FromResult(1);
                // A getter blocks on I/O at every read: the offload does not make it a method.
                public bool Connected
                {
                    get
                    {
                        if (!_connected) { {|AG0103:Task.Run(async () => await ConnectAsync()).Wait()|}; }
                        return _connected;
                    }
                }
                public int Count => {|AG0103:Task.Run(() => CountAsync()).Result|};
                public int this[int i] { get { return {|AG0103:Task.Run(CountAsync).Result|}; } }
                // A lambda is a callback: it blocks whoever runs it.
                public void Hook(List<Action> handlers) => handlers.Add(() => {|AG0103:Task.Run(() => ConnectAsync()).Wait()|});
                // A local function of an accessor is the accessor's.
                public int Local { get { int F() => {|AG0103:Task.Run(CountAsync).Result|}; return F(); } }
                // The wait is inside the offloaded delegate, or on another task, or on a local.
                public void Start() => Task.Run(() => {|AG0103:ConnectAsync().Wait()|});
                public int Direct() => {|AG0103:CountAsync().Result|};
                public int Kept() { var work = Task.Run(() => CountAsync()); return {|AG0103:work.Result|}; }
                // StartNew of an async delegate hands back the outer task only: not this class.
                public void Started() => {|AG0103:Task.Factory.StartNew(() => ConnectAsync()).Wait()|};
            }
            """);

    // ---- timed waits whose outcome is checked on the task ----

    private const string Checked = Usings + """
        internal static class TaskHelper
        {
            public static void WaitToComplete(Task task, int timeout = Timeout.Infinite)
            {
                try { [|task.Wait(timeout)|]; }
                catch (AggregateException) { throw; }
                if (task.Status != TaskStatus.RanToCompletion) throw new TimeoutException();
            }
        }
        public class Copier
        {
            private Task CopyAsync() => Task.Delay(10);
            public bool Run(TimeSpan each)
            {
                var copy = CopyAsync();
                [|copy.Wait(each, CancellationToken.None)|];
                return copy.IsCompleted;
            }
            public void Drain(Task pending)
            {
                void Join()
                {
                    [|(pending).Wait(500)|];
                    if (!pending.IsCompletedSuccessfully) { Console.WriteLine("late"); }
                }
                Join();
            }
        }
        """;

    [Fact]
    public Task Silent_on_a_timed_wait_whose_outcome_the_code_checks_on_the_task() =>
        VerifyAG0103.Diagnostics(Checked.Replace("[|", "").Replace("|]", ""));

    [Fact]
    public Task The_timed_waits_option_reports_waits_checked_on_the_task_too()
    {
        var test = new AnalyzerTest<AG0103SyncOverAsyncAnalyzer> { TestCode = Checked.Replace("[|", "{|AG0103:").Replace("|]", "|}") };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + WaitContracts.ReportTimedWaitsOption + " = true\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Reported_for_timed_waits_nobody_checks_and_untimed_ones() =>
        VerifyAG0103.Diagnostics(Usings + """
            internal class Server
            {
                private Task MakePrimaryAsync() => Task.Delay(10);
                private readonly Task _pending = Task.Delay(100);
                // The outcome is dropped: nothing checks how the wait ended.
                public void MakePrimary() => {|AG0103:MakePrimaryAsync().Wait(60000)|};
                private void Dropped(Task task) { {|AG0103:task.Wait(100)|}; Console.WriteLine("done"); }
                // Untimed or infinite waits, even when the state is read afterwards.
                private bool Untimed(Task task) { {|AG0103:task.Wait()|}; return task.IsCompleted; }
                private bool Forever(Task task) { {|AG0103:task.Wait(Timeout.Infinite)|}; return task.IsFaulted; }
                private bool Token(Task task, CancellationToken token) { {|AG0103:task.Wait(token)|}; return task.IsCanceled; }
                // The state read comes first, is of another task, or the name gets another task in between.
                private bool Before(Task task) { if (task.IsCompleted) return true; {|AG0103:task.Wait(100)|}; return false; }
                private bool Another(Task task, Task other) { {|AG0103:task.Wait(100)|}; return other.IsCompleted; }
                private bool Reassigned(Task task) { {|AG0103:task.Wait(100)|}; task = MakePrimaryAsync(); return task.IsCompleted; }
                // A field, and a wait in a lambda.
                private bool Field() { {|AG0103:_pending.Wait(100)|}; return _pending.IsCompleted; }
                private void Lambda() { Func<Task, bool> wait = t => { {|AG0103:t.Wait(100)|}; return t.IsCompleted; }; }
            }
            """);

    // ---- overrides of a source member that implements an external contract ----

    private const string Overrides = Usings + """
        public abstract class ClientBase : IDisposable
        {
            public abstract void Dispose();
        }
        public sealed class Client : ClientBase
        {
            private Task DisconnectAsync() => Task.Delay(10);
            public override void Dispose() { [|DisconnectAsync().GetAwaiter().GetResult()|]; }
        }
        public class Session : IDisposable
        {
            public virtual void Dispose() { }
        }
        public class LoggedSession : Session
        {
            private Task FlushAsync() => Task.Delay(10);
            public override void Dispose() => [|FlushAsync().Wait()|];
        }
        public abstract class Ordering<T> : IComparer<T>
        {
            public abstract int Compare(T x, T y);
        }
        public sealed class RemoteOrdering : Ordering<string>
        {
            private Task<int> RankAsync(string s) => Task.FromResult(s.Length);
            public override int Compare(string x, string y) => [|RankAsync(x).Result|] - [|RankAsync(y).GetAwaiter().GetResult()|];
        }
        """;

    [Fact]
    public Task Silent_in_overrides_of_a_base_member_that_implements_an_external_contract() =>
        VerifyAG0103.Diagnostics(Overrides.Replace("[|", "").Replace("|]", ""));

    [Fact]
    public Task The_external_contracts_option_reports_those_overrides_too()
    {
        var test = new AnalyzerTest<AG0103SyncOverAsyncAnalyzer>
        {
            TestCode = Overrides.Replace("[|", "{|AG0103:").Replace("|]", "|}"),
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.AG0103." + ExternalContracts.ReportOptionName + " = true\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Reported_in_overrides_of_the_code_bases_own_contracts() =>
        VerifyAG0103.Diagnostics(Usings + """
            public interface IStore { string Get(string key); }
            public abstract class StoreBase : IStore
            {
                public abstract string Get(string key);
                public virtual void Refresh() { }
                protected abstract void Load();
            }
            public sealed class RemoteStore : StoreBase
            {
                private Task<string> FetchAsync(string key) => Task.FromResult(key);
                // The root implements an interface of the compilation: the project can make it async.
                public override string Get(string key) => {|AG0103:FetchAsync(key).Result|};
                // Roots that implement no interface member.
                public override void Refresh() => {|AG0103:FetchAsync("all").Wait()|};
                protected override void Load() => {|AG0103:FetchAsync("x").Wait()|};
            }
            public abstract class Item : IDisposable
            {
                public void Dispose() { Close(); }
                protected abstract void Close();
            }
            public sealed class RemoteItem : Item
            {
                private Task CloseAsync() => Task.Delay(1);
                // Close is called by Dispose but implements nothing itself.
                protected override void Close() => {|AG0103:CloseAsync().Wait()|};
            }
            """);

    [Fact]
    public Task Half_typed_boundaries_do_not_throw() =>
        VerifyAG0103.DiagnosticsInBrokenCode(Usings + """
            public class Broken
            {
                private Task ConnectAsync() => Task.CompletedTask;
                public void Run() => Task.Run(() => Missing()).Wait();
                public void Run2() => Task.Run(Unknown).Wait();
                public bool Get { get { {|AG0103:Task.Run(() => ConnectAsync()).Wait()|}; return Missing; } }
                public bool Timed => Task.Run(() => ConnectAsync()).Wait(Oops);
                private void Helper(Task task) { var t = task[0]; t.Wait(100); task.Wait(Missing); {|AG0103:task.Wait()|}; Unknown(task); }
                private bool Checked(Task task) { task.Wait(Missing); return task.IsCompleted; }
                private bool Checked2(Task task) { {|AG0103:task.Wait(100)|}; return task.Unknown; }
                private void Offload() { var x = Task.Run(() => Missing).Result; Task.Run(async () => await Unknown()).Wait(); }
            }
            public class Derived : MissingBase
            {
                public override void Dispose() { {|AG0103:ConnectAsync().Wait()|}; }
                private Task ConnectAsync() => Task.CompletedTask;
                private void Loop(Task[] tasks) { foreach (var t in Unknown) { t.Wait(100); } }
            }
            """);
}
