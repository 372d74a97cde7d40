using Xunit;
using VerifyAG0101 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0101BlockingWaitAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// corpus13app (issue 16, thirteenth pass; POPForums, 100 findings): AG0101 on a task local that only callbacks store, each
/// callback returning the task it stores and given to a call awaited where it is made, whose async callee awaits every call
/// of the delegate (<c>await conn.UsingAsync(c => rows = c.QueryAsync()); return rows.Result;</c>). The task is complete
/// when the function reads it. Each silent shape has its nearest reported case.
/// </summary>
public sealed class AG0101AwaitedCallbackTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;\n";

    private const string Db = """
        public class Db
        {
            public Task OpenAsync() => Task.CompletedTask;
            public Task<int> CountAsync() => Task.Run(() => 1);
            public Task<IEnumerable<string>> NamesAsync() => Task.Run(() => (IEnumerable<string>)new[] { "a" });
            public Task<int> ExecuteAsync() => Task.Run(() => 2);
            public Task<int> Insert(object row) => Task.Run(() => 3);
            public ValueTask DisposeAsync() => default;
        }

        public static class DbExtensions
        {
            public static async Task UsingAsync(this Db connection, Func<Db, Task> action)
            {
                try
                {
                    await connection.OpenAsync();
                    await action(connection);
                }
                finally
                {
                    await connection.DisposeAsync();
                }
            }

            public static async Task RetryAsync(this Db connection, Func<Db, Task> work, int times)
            {
                for (var i = 0; i < times; i++)
                {
                    try
                    {
                        await work.Invoke(connection).ConfigureAwait(false);
                        return;
                    }
                    catch (InvalidOperationException)
                    {
                    }
                }
            }

            public static async Task FireAsync(this Db connection, Func<Db, Task> action)
            {
                _ = action(connection);
                await Task.Yield();
            }

            public static async Task BothAsync(this Db connection, Func<Db, Task> first, Func<Db, Task> second)
            {
                await first(connection);
                await second(connection);
            }

            public static async Task OffloadAsync(this Db connection, Func<Db, Task> action)
            {
                await Task.Run(() => action(connection));
            }
        }

        public interface IRunner
        {
            Task RunAsync(Func<Db, Task> work);
        }

        """;

    [Fact]
    public Task Tasks_stored_by_callbacks_of_awaited_callees_are_silent() =>
        VerifyAG0101.NoDiagnostics(Usings + Db + """
            public class Repository
            {
                private readonly Db _db = new Db();

                public async Task<List<string>> NamesAsync()
                {
                    Task<IEnumerable<string>> names = null;
                    await _db.UsingAsync(connection =>
                        names = connection.NamesAsync());
                    return new List<string>(names.Result);
                }

                public async Task<int> CountAsync(int? category)
                {
                    Task<int> count = null!;
                    if (category.HasValue)
                        await _db.UsingAsync(c => (count = c.CountAsync()));
                    else
                        await DbExtensions.UsingAsync(_db, c => count = c.ExecuteAsync()).ConfigureAwait(false);
                    return count.Result + count.GetAwaiter().GetResult();
                }

                public async Task<bool> ExistsAsync()
                {
                    Task<int> rows = default;
                    await (_db.RetryAsync(c => { return rows = c.ExecuteAsync(); }, 3));
                    rows.Wait();
                    return rows.Result == 1;
                }

                public async Task<int> PrivateHelperAsync()
                {
                    Task<int> n = null;
                    await RunAsync(c => n = c.CountAsync());
                    return n.Result;
                }

                private async Task RunAsync(Func<Db, Task> work) => await work(_db);

                public async Task<User> CreateUserAsync(string name)
                {
                    Task<int> id = null;
                    await _db.UsingAsync(c => id = c.CountAsync());
                    await _db.UsingAsync(c => c.Insert(new User { Id = id.Result, Name = name }));
                    return new User { Id = await id, Name = name };
                }
            }

            public class User
            {
                public int Id { get; set; }
                public string Name { get; set; }
            }
            """);

    [Fact]
    public Task Tasks_the_callee_may_not_have_awaited_are_reported() =>
        VerifyAG0101.Diagnostics(Usings + Db + """
            public class Repository
            {
                private readonly Db _db = new Db();
                private readonly IRunner _runner;

                public Repository(IRunner runner) => _runner = runner;

                public async Task<int> AsyncCallbackAsync()
                {
                    Task<int> n = null;
                    await _db.UsingAsync(async c => n = c.CountAsync());
                    return {|AG0101:n.Result|};
                }

                public async Task<int> NotAwaitedWhereMadeAsync()
                {
                    Task<int> n = null;
                    var pending = _db.UsingAsync(c => n = c.CountAsync());
                    var value = {|AG0101:n.Result|};
                    await pending;
                    return value;
                }

                public async Task<int> DroppedByCalleeAsync()
                {
                    Task<int> n = null;
                    await _db.FireAsync(c => n = c.CountAsync());
                    return {|AG0101:n.Result|};
                }

                public async Task<int> CalledInALambdaAsync()
                {
                    Task<int> n = null;
                    await _db.OffloadAsync(c => n = c.CountAsync());
                    return {|AG0101:n.Result|};
                }

                public async Task<int> OverridableCalleeAsync()
                {
                    Task<int> n = null;
                    await _runner.RunAsync(c => n = c.CountAsync());
                    return {|AG0101:n.Result|};
                }

                public async Task<int> CalleeOutsideTheCompilationAsync()
                {
                    Task<int> n = null;
                    await Task.Run(() => n = _db.CountAsync());
                    return {|AG0101:n.Result|};
                }

                public async Task<int> CallbackReturnsSomethingElseAsync()
                {
                    Task<int> n = null;
                    await _db.UsingAsync(c => { n = c.CountAsync(); return Task.CompletedTask; });
                    return {|AG0101:n.Result|};
                }

                public async Task<int> AlsoWrittenDirectlyAsync(bool fresh)
                {
                    Task<int> n = null;
                    await _db.UsingAsync(c => n = c.CountAsync());
                    if (fresh)
                        n = _db.CountAsync();
                    return {|AG0101:n.Result|};
                }

                public async Task<int> StartedByTheInitializerAsync()
                {
                    Task<int> n = _db.CountAsync();
                    await _db.UsingAsync(c => n = c.CountAsync());
                    return {|AG0101:n.Result|};
                }

                public async Task<int> ReadInACallbackOfADroppingCalleeAsync()
                {
                    Task<int> id = null;
                    await _db.UsingAsync(c => id = c.CountAsync());
                    await _db.FireAsync(c => Task.FromResult({|AG0101:id.Result|}));
                    return await id;
                }

                public async Task<int> ReadInAnAsyncCallbackAsync()
                {
                    Task<int> id = null;
                    await _db.UsingAsync(c => id = c.CountAsync());
                    await _db.UsingAsync(async c => await Task.FromResult({|AG0101:id.Result|}));
                    return await id;
                }

                public async Task<int> ReadInAKeptLambdaAsync()
                {
                    Task<int> id = null;
                    Func<Db, Task> later = c => Task.FromResult({|AG0101:id.Result|});
                    await _db.UsingAsync(c => id = c.CountAsync());
                    await _db.UsingAsync(later);
                    return await id;
                }

                public async Task<int> ReadInACallbackOfTheStoringCallAsync()
                {
                    Task<int> id = null;
                    await _db.BothAsync(c => id = c.CountAsync(), c => Task.FromResult({|AG0101:id.Result|}));
                    return await id;
                }
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0101.DiagnosticsInBrokenCode(Usings + Db + """
        public class Repository
        {
            private readonly Db _db = new Db();

            public async Task<int> BrokenAsync()
            {
                Task<int> n = null;
                await _db.UsingAsync(c => n = c.Missing());
                await Unknown(c => n = c.CountAsync());
                await _db.UsingAsync(c => m = c.CountAsync());
                return {|AG0101:n.Result|};
            }
        }
        """);
}
