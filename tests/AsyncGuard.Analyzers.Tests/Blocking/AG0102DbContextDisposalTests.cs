using System.Threading.Tasks;
using AsyncGuard.Analyzers.Blocking;
using AsyncGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 on the synchronous `using` of an Entity Framework Core context (issue 16, ef9; sync-preferred, held-out Remotely and
/// oqtane): a resource typed as a class derived from Microsoft.EntityFrameworkCore.DbContext, whose connection EF opens and
/// closes around each operation, so its disposal frees client-side state only. Silent by default, reported with
/// report_sync_preferred. Still reported: a context on which the function opens the connection or begins or uses a
/// transaction, a facade or connection handed elsewhere, a context from a parameter, a context type with its own
/// DisposeAsync, and any resource that is not such a context (a connection, a stream, a look-alike DbContext).
/// </summary>
public sealed class AG0102DbContextDisposalTests
{
    private const string Usings = "using System; using System.Data.Common; using System.IO; using System.Threading; using System.Threading.Tasks; using Microsoft.EntityFrameworkCore;\n";

    private const string SyncPreferred = SyncByNature.ReportSyncPreferredOption + " = true";

    // A stub of the EF Core types the rule reads (the real ones come from a package the tests do not reference).
    private const string EntityFramework = """
        namespace Microsoft.EntityFrameworkCore
        {
            public class DbContext : IDisposable, IAsyncDisposable
            {
                public Infrastructure.DatabaseFacade Database => new Infrastructure.DatabaseFacade();
                public int SaveChanges() => 0;
                public Task<int> SaveChangesAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);
                public void Dispose() { }
                public virtual async ValueTask DisposeAsync() { await Task.Yield(); }
            }
            public interface IDbContextFactory<TContext> where TContext : DbContext
            {
                TContext CreateDbContext();
            }
            public static class RelationalDatabaseFacadeExtensions
            {
                public static void OpenConnection(this Infrastructure.DatabaseFacade database) { }
                public static Task OpenConnectionAsync(this Infrastructure.DatabaseFacade database, CancellationToken cancellationToken = default) => Task.CompletedTask;
                public static DbConnection GetDbConnection(this Infrastructure.DatabaseFacade database) => null!;
                public static Storage.IDbContextTransaction UseTransaction(this Infrastructure.DatabaseFacade database, DbTransaction transaction) => null!;
            }
        }
        namespace Microsoft.EntityFrameworkCore.Infrastructure
        {
            public class DatabaseFacade
            {
                public Storage.IDbContextTransaction BeginTransaction() => null!;
                public Task<Storage.IDbContextTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default) => Task.FromResult<Storage.IDbContextTransaction>(null!);
            }
        }
        namespace Microsoft.EntityFrameworkCore.Storage
        {
            public interface IDbContextTransaction : IDisposable, IAsyncDisposable
            {
                Task CommitAsync(CancellationToken cancellationToken = default);
            }
        }
        namespace Lookalike
        {
            public class DbContext : IDisposable, IAsyncDisposable
            {
                public void Dispose() { }
                public async ValueTask DisposeAsync() { await Task.Yield(); }
            }
        }

        public class AppDb : DbContext { }
        public sealed class SqliteAppDb : AppDb { }
        public sealed class FlushingDb : DbContext
        {
            public override async ValueTask DisposeAsync() { await Task.Delay(1); await base.DisposeAsync(); }
        }

        """;

    private static string InAsync(string body) => Usings + EntityFramework + $$"""
        class Repository
        {
            private readonly IDbContextFactory<AppDb> _factory = null!;
            private readonly AppDb _field = new AppDb();

            public async Task<int> M(AppDb given, DbTransaction transaction, CancellationToken ct)
            {
                await Task.Yield();
                {{body}}
                return 0;
            }

            private static SqliteAppDb Create() => new SqliteAppDb();
            private static void Keep(object value) { }
        }
        """;

    [Theory]
    // A using declaration, a using statement, a context from a factory or a helper, a derived context type, the context itself.
    [InlineData("using var db = _factory.CreateDbContext(); await db.SaveChangesAsync(ct);")]
    [InlineData("using (var db = new AppDb()) { await db.SaveChangesAsync(ct); }")]
    [InlineData("using (SqliteAppDb db = Create()) { Keep(db); await db.SaveChangesAsync(ct); }")]
    [InlineData("using (var a = new AppDb()) using (var b = new SqliteAppDb()) { await a.SaveChangesAsync(ct); await b.SaveChangesAsync(ct); }")]
    [InlineData("using (new DbContext()) { await Task.Delay(1, ct); }")]
    [InlineData("var db = _factory.CreateDbContext(); using (db) { await db.SaveChangesAsync(ct); }")]
    // A query's result kept in a local; the facade read for something else.
    [InlineData("using var db = Create(); var saved = await db.SaveChangesAsync(ct); var facade = db.Database; Keep(saved);")]
    public Task Silent_on_the_disposal_of_a_context(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Theory]
    // The connection opened by the function, directly or through the ADO.NET connection (also kept in a local).
    [InlineData("{|AG0102:using|} var db = _factory.CreateDbContext(); await db.Database.OpenConnectionAsync(ct); await db.SaveChangesAsync(ct);")]
    [InlineData("{|AG0102:using|} (var db = new AppDb()) { {|AG0102:db.Database.OpenConnection()|}; }")]
    [InlineData("{|AG0102:using|} var db = Create(); await db.Database.GetDbConnection().OpenAsync(ct);")]
    [InlineData("{|AG0102:using|} var db = Create(); var connection = db.Database.GetDbConnection(); await connection.OpenAsync(ct);")]
    // A transaction begun or used on it, also inside a lambda; a facade or connection handed elsewhere.
    [InlineData("{|AG0102:using|} var db = _factory.CreateDbContext(); await using var tx = await db.Database.BeginTransactionAsync(ct); await tx.CommitAsync(ct);")]
    [InlineData("{|AG0102:using|} var db = _factory.CreateDbContext(); Func<Task> run = async () => { await using var tx = {|AG0102:db.Database.BeginTransaction()|}; await tx.CommitAsync(ct); }; await run();")]
    [InlineData("{|AG0102:using|} var db = new AppDb(); await using var tx = db.Database.UseTransaction(transaction); await db.SaveChangesAsync(ct);")]
    [InlineData("{|AG0102:using|} var db = new AppDb(); Keep(db.Database.GetDbConnection());")]
    // A context the function was given or keeps in a field; a context type with its own DisposeAsync.
    [InlineData("{|AG0102:using|} (given) { await given.SaveChangesAsync(ct); }")]
    [InlineData("{|AG0102:using|} (_field) { await _field.SaveChangesAsync(ct); }")]
    [InlineData("var db = new AppDb(); await db.Database.OpenConnectionAsync(ct); Func<Task> later = async () => { {|AG0102:using|} (db) { await db.SaveChangesAsync(ct); } }; await later();")]
    [InlineData("{|AG0102:using|} var db = new FlushingDb(); await db.SaveChangesAsync(ct);")]
    // Not a context: a connection, a stream, a look-alike type named DbContext, a context beside a stream.
    [InlineData("{|AG0102:using|} var connection = transaction.Connection!; await connection.OpenAsync(ct);")]
    [InlineData("{|AG0102:using|} var db = new AppDb(); {|AG0102:using|} var connection = db.Database.GetDbConnection(); await connection.OpenAsync(ct);")]
    [InlineData("{|AG0102:using|} var file = File.Create(\"a\"); await file.WriteAsync(new byte[1], ct);")]
    [InlineData("{|AG0102:using|} var other = new Lookalike.DbContext();")]
    [InlineData("using (var db = new AppDb()) {|AG0102:using|} (var file = File.Create(\"a\")) { await file.WriteAsync(new byte[1], ct); }")]
    public Task Reported_where_the_disposal_may_close_a_connection(string body) =>
        VerifyAG0102.Diagnostics(InAsync(body));

    [Fact]
    public Task Await_using_stays_silent() =>
        VerifyAG0102.Diagnostics(InAsync("await using var db = _factory.CreateDbContext(); await db.Database.OpenConnectionAsync(ct); await using (var other = new AppDb()) { await other.SaveChangesAsync(ct); }"));

    [Fact]
    public Task The_sync_preferred_option_reports_them_again() =>
        VerifyAG0102.DiagnosticsWithOptions(
            InAsync("{|AG0102:using|} var db = _factory.CreateDbContext(); await db.SaveChangesAsync(ct); {|AG0102:using|} (var other = new SqliteAppDb()) { await other.SaveChangesAsync(ct); }"),
            SyncPreferred);

    [Theory]
    // Half-typed code: a missing initializer, receiver or member (a facade or connection used in a way not known: reported).
    // Nothing throws.
    [InlineData("using var db = missing.CreateDbContext(); await db.SaveChangesAsync(ct);")]
    [InlineData("{|AG0102:using|} (var db = new AppDb()) { await db.Database.(ct); }")]
    [InlineData("{|AG0102:using|} var db = _factory.CreateDbContext(); await db.Database.GetDbConnection().; ")]
    [InlineData("using AppDb db = , other = new AppDb();")]
    public Task Never_throws_on_half_typed_code(string body) =>
        VerifyAG0102.DiagnosticsInBrokenCode(InAsync(body));
}
