using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// corpus9app class W1 (issue 16, SS14.Watchdog): sync data calls over Microsoft.Data.Sqlite, whose async ADO.NET members
/// run synchronously by design (its documentation asks callers not to use them). The provider's classes below override
/// their async members, so the base-fallback silence does not apply and only the new class decides. Each silence has its
/// nearest reported case beside it.
/// </summary>
public sealed class AG0102SynchronousProviderTests
{
    private const string Usings = "using System; using System.Data; using System.Data.Common; using System.Threading; using System.Threading.Tasks; using Dapper; using Microsoft.Data.Sqlite;\n";

    private const string Provider = """
        namespace Microsoft.Data.Sqlite
        {
            public class SqliteConnection : DbConnection
            {
                public override string ConnectionString { get; set; } = "";
                public override string Database => "";
                public override string DataSource => "";
                public override string ServerVersion => "";
                public override ConnectionState State => ConnectionState.Open;
                public override void ChangeDatabase(string databaseName) { }
                public override void Close() { }
                public override void Open() { }
                public override Task OpenAsync(CancellationToken cancellationToken) { Open(); return Task.CompletedTask; }
                public new SqliteCommand CreateCommand() => new SqliteCommand();
                public new SqliteTransaction BeginTransaction() => new SqliteTransaction();
                protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => new SqliteTransaction();
                protected override ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken) => new(BeginDbTransaction(isolationLevel));
                protected override DbCommand CreateDbCommand() => new SqliteCommand();
            }

            public class SqliteCommand : DbCommand
            {
                public override string CommandText { get; set; } = "";
                public override int CommandTimeout { get; set; }
                public override CommandType CommandType { get; set; }
                public override bool DesignTimeVisible { get; set; }
                public override UpdateRowSource UpdatedRowSource { get; set; }
                protected override DbConnection? DbConnection { get; set; }
                protected override DbParameterCollection DbParameterCollection => null!;
                protected override DbTransaction? DbTransaction { get; set; }
                public override void Cancel() { }
                public override int ExecuteNonQuery() => 0;
                public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => Task.FromResult(ExecuteNonQuery());
                public override object? ExecuteScalar() => null;
                public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => Task.FromResult(ExecuteScalar());
                public new SqliteDataReader ExecuteReader() => new SqliteDataReader();
                public new Task<SqliteDataReader> ExecuteReaderAsync() => Task.FromResult(ExecuteReader());
                public override void Prepare() { }
                protected override DbParameter CreateDbParameter() => null!;
                protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => new SqliteDataReader();
                protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) => Task.FromResult(ExecuteDbDataReader(behavior));
            }

            public class SqliteDataReader : DbDataReader
            {
                public override int Depth => 0;
                public override int FieldCount => 0;
                public override bool HasRows => false;
                public override bool IsClosed => false;
                public override int RecordsAffected => 0;
                public override object this[int ordinal] => null!;
                public override object this[string name] => null!;
                public override bool GetBoolean(int ordinal) => false;
                public override byte GetByte(int ordinal) => 0;
                public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => 0;
                public override char GetChar(int ordinal) => ' ';
                public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => 0;
                public override string GetDataTypeName(int ordinal) => "";
                public override DateTime GetDateTime(int ordinal) => default;
                public override decimal GetDecimal(int ordinal) => 0;
                public override double GetDouble(int ordinal) => 0;
                public override System.Collections.IEnumerator GetEnumerator() => null!;
                public override Type GetFieldType(int ordinal) => typeof(object);
                public override float GetFloat(int ordinal) => 0;
                public override Guid GetGuid(int ordinal) => default;
                public override short GetInt16(int ordinal) => 0;
                public override int GetInt32(int ordinal) => 0;
                public override long GetInt64(int ordinal) => 0;
                public override string GetName(int ordinal) => "";
                public override int GetOrdinal(string name) => 0;
                public override string GetString(int ordinal) => "";
                public override object GetValue(int ordinal) => null!;
                public override int GetValues(object[] values) => 0;
                public override bool IsDBNull(int ordinal) => false;
                public override bool NextResult() => false;
                public override Task<bool> NextResultAsync(CancellationToken cancellationToken) => Task.FromResult(NextResult());
                public override bool Read() => false;
                public override Task<bool> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(Read());
            }

            public class SqliteTransaction : DbTransaction
            {
                public override IsolationLevel IsolationLevel => IsolationLevel.Serializable;
                protected override DbConnection? DbConnection => null;
                public override void Commit() { }
                public override Task CommitAsync(CancellationToken cancellationToken = default) { Commit(); return Task.CompletedTask; }
                public override void Rollback() { }
                public override Task RollbackAsync(CancellationToken cancellationToken = default) { Rollback(); return Task.CompletedTask; }
            }

            public static class SqliteTools
            {
                // Typed on the provider's own class: it may do other work, so it is not covered.
                public static void Backup(this SqliteConnection connection, string path) { }
                public static Task BackupAsync(this SqliteConnection connection, string path) => Task.CompletedTask;
            }
        }

        namespace Dapper
        {
            public static class SqlMapper
            {
                public static int Execute(this IDbConnection cnn, string sql, object? param = null) => 0;
                public static Task<int> ExecuteAsync(this IDbConnection cnn, string sql, object? param = null) => Task.FromResult(0);
                public static T QuerySingle<T>(this IDbConnection cnn, string sql, object? param = null) => default!;
                public static Task<T> QuerySingleAsync<T>(this IDbConnection cnn, string sql, object? param = null) => Task.FromResult(default(T)!);
            }
        }

        /// <summary>Another provider, whose async members do real work.</summary>
        public class NetConnection : DbConnection
        {
            public override string ConnectionString { get; set; } = "";
            public override string Database => "";
            public override string DataSource => "";
            public override string ServerVersion => "";
            public override ConnectionState State => ConnectionState.Open;
            public override void ChangeDatabase(string databaseName) { }
            public override void Close() { }
            public override void Open() { }
            public override Task OpenAsync(CancellationToken cancellationToken) => Task.Delay(1, cancellationToken);
            protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => null!;
            protected override DbCommand CreateDbCommand() => null!;
        }

        /// <summary>A connection of the user's own over SQLite that adds a member with a real async twin.</summary>
        public class SyncedConnection : SqliteConnection
        {
            public void Push() { }
            public Task PushAsync() => Task.Delay(1);
        }

        """;

    [Fact]
    public Task Dapper_and_ADO_calls_over_a_Sqlite_connection_are_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + Provider + """
            public class Store
            {
                private SqliteConnection Open()
                {
                    var connection = new SqliteConnection();
                    connection.Open();
                    return connection;
                }

                public async Task<string?> Load(string key, CancellationToken cancel)
                {
                    await Task.Yield();
                    using var con = Open();
                    var token = con.QuerySingle<string?>("SELECT Token FROM T WHERE Key = @key", new { key });
                    con.Execute("UPDATE T SET Seen = 1 WHERE Key = @key", new { key });
                    SqlMapper.Execute(con, "DELETE FROM Old");
                    SqlMapper.Execute(sql: "DELETE FROM Older", cnn: con);
                    using var tx = con.BeginTransaction();
                    var command = con.CreateCommand();
                    command.ExecuteNonQuery();
                    command.ExecuteScalar();
                    using var reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                    }

                    reader.NextResult();
                    tx.Commit();
                    return token;
                }

                public async Task Derived(SyncedConnection synced)
                {
                    await Task.Yield();
                    // The ADO.NET and Dapper calls of a derived connection still reach the provider.
                    synced.Execute("VACUUM");
                    synced.CreateCommand().ExecuteNonQuery();
                }
            }
            """);

    [Fact]
    public Task Other_providers_unknown_providers_and_other_work_are_reported() =>
        VerifyAG0102.Diagnostics(Usings + Provider + """
            public class Store
            {
                public async Task Load(NetConnection net, DbConnection unknown, DbCommand command, SyncedConnection synced, SqliteConnection sqlite)
                {
                    await Task.Yield();
                    // Another provider: its async members do real work.
                    {|AG0102:net.Execute("UPDATE T SET Seen = 1")|};
                    {|AG0102:net.Open()|};
                    // The static type does not say which provider runs the call.
                    {|AG0102:unknown.QuerySingle<int>("SELECT 1")|};
                    {|AG0102:SqlMapper.Execute(sql: "SELECT 1", cnn: unknown)|};
                    {|AG0102:command.ExecuteNonQuery()|};
                    // A member the user's own derived connection adds, and an extension typed on the provider's class.
                    {|AG0102:synced.Push()|};
                    {|AG0102:sqlite.Backup("copy.db")|};
                }
            }
            """);
}
