using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102, issue 16 sixteenth pass (disp102): a `using` of an Npgsql binary importer completed by an awaited
/// <c>CompleteAsync</c> on every normal path before the `using` ends (directly, in both branches of a final if/else, or
/// through helpers of the compilation) is silent by default (`report_flushed_write_streams` reports it). The nearest
/// reported cases (a conditional or earlier completion, an early exit, a virtual helper, a helper that may not complete)
/// stand beside them. The importer is a stand-in with the library's name (the tests reference no Npgsql).
/// </summary>
public sealed class AG0102CompletedImporterTests
{
    private const string Npgsql = """
        using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks;
        namespace Npgsql
        {
            public sealed class NpgsqlBinaryImporter : IDisposable, IAsyncDisposable
            {
                public Task StartRowAsync(CancellationToken ct = default) => Task.CompletedTask;
                public Task WriteAsync<T>(T value, CancellationToken ct = default) => Task.CompletedTask;
                public ValueTask<ulong> CompleteAsync(CancellationToken ct = default) => new ValueTask<ulong>(0UL);
                public ulong Complete() => 0;
                public void Dispose() { }
                public async ValueTask DisposeAsync() => await Task.Yield();
            }
            public sealed class NpgsqlConnection
            {
                public NpgsqlBinaryImporter BeginBinaryImport(string copy) => new NpgsqlBinaryImporter();
                public Task<NpgsqlBinaryImporter> StartImportAsync(string copy, CancellationToken ct = default) => Task.FromResult(new NpgsqlBinaryImporter());
            }
        }
        """;

    [Fact]
    public Task Importer_completed_before_the_using_ends_is_silent() =>
        VerifyAG0102.NoDiagnostics(Npgsql + """
            namespace App
            {
                using Npgsql;
                class Sink
                {
                    async Task Direct(NpgsqlConnection con, IAsyncEnumerable<object> rows, CancellationToken ct)
                    {
                        using (var writer = con.BeginBinaryImport("COPY t FROM STDIN (FORMAT BINARY)"))
                        {
                            await foreach (var row in rows)
                            {
                                await writer.StartRowAsync(ct).ConfigureAwait(false);
                                try { await writer.WriteAsync(row, ct).ConfigureAwait(false); }
                                catch (Exception) { }
                            }
                            await writer.CompleteAsync(ct).ConfigureAwait(false);
                        }
                    }

                    async Task<int> Helpers(NpgsqlConnection con, IList<object> rows, bool plain, CancellationToken ct)
                    {
                        var result = 0;
                        for (var batch = 0; batch < 2; batch++)
                        {
                            using (var importer = await con.StartImportAsync("COPY", ct))
                            {
                                if (plain)
                                {
                                    result = await ImportAsync(importer, rows, ct);
                                }
                                else
                                {
                                    result += await Rows.WriteAllAsync(importer, rows, ct);
                                }
                            }
                        }

                        return result;
                    }

                    async Task Declared(NpgsqlConnection con, CancellationToken ct)
                    {
                        using var importer = con.BeginBinaryImport("COPY");
                        await importer.StartRowAsync(ct);
                        var count = await importer.CompleteAsync(ct);
                    }

                    private static async Task<int> ImportAsync(NpgsqlBinaryImporter importer, IList<object> rows, CancellationToken ct) =>
                        await Rows.WriteAllAsync(importer, rows, ct);
                }

                static class Rows
                {
                    public static async Task<int> WriteAllAsync(NpgsqlBinaryImporter importer, IList<object> rows, CancellationToken ct)
                    {
                        return await WriteCoreAsync(importer, rows, ct);
                    }

                    private static async Task<int> WriteCoreAsync(NpgsqlBinaryImporter importer, IList<object> rows, CancellationToken ct)
                    {
                        var result = 0;
                        foreach (var row in rows)
                        {
                            await importer.StartRowAsync(ct);
                            await importer.WriteAsync(row, ct);
                            result++;
                        }

                        await importer.CompleteAsync(ct);
                        return result;
                    }
                }
            }
            """);

    [Fact]
    public Task Importer_that_may_end_open_is_reported() =>
        VerifyAG0102.Diagnostics(Npgsql + """
            namespace App
            {
                using Npgsql;
                class Sink
                {
                    async Task Conditional(NpgsqlConnection con, bool done, CancellationToken ct)
                    {
                        {|AG0102:using|} (var writer = con.BeginBinaryImport("COPY"))
                        {
                            await writer.StartRowAsync(ct);
                            if (done) await writer.CompleteAsync(ct);
                        }
                    }

                    async Task NotLast(NpgsqlConnection con, CancellationToken ct)
                    {
                        {|AG0102:using|} (var writer = con.BeginBinaryImport("COPY"))
                        {
                            await writer.CompleteAsync(ct);
                            await writer.StartRowAsync(ct);
                        }
                    }

                    async Task ReturnsEarly(NpgsqlConnection con, bool stop, CancellationToken ct)
                    {
                        {|AG0102:using|} (var writer = con.BeginBinaryImport("COPY"))
                        {
                            await writer.StartRowAsync(ct);
                            if (stop) return;
                            await writer.CompleteAsync(ct);
                        }
                    }

                    async Task OneBranch(NpgsqlConnection con, bool plain, CancellationToken ct)
                    {
                        {|AG0102:using|} (var importer = con.BeginBinaryImport("COPY"))
                        {
                            if (plain)
                                await Completing(importer, ct);
                            else
                                await Writing(importer, ct);
                        }
                    }

                    async Task VirtualHelper(NpgsqlConnection con, CancellationToken ct)
                    {
                        {|AG0102:using|} (var importer = con.BeginBinaryImport("COPY"))
                        {
                            await Overridable(importer, ct);
                        }
                    }

                    async Task HelperReturnsEarly(NpgsqlConnection con, CancellationToken ct)
                    {
                        {|AG0102:using|} (var importer = con.BeginBinaryImport("COPY"))
                        {
                            await MayStop(importer, true, ct);
                        }
                    }

                    static async Task Completing(NpgsqlBinaryImporter importer, CancellationToken ct) => await importer.CompleteAsync(ct);
                    static async Task Writing(NpgsqlBinaryImporter importer, CancellationToken ct) => await importer.StartRowAsync(ct);
                    protected virtual async Task Overridable(NpgsqlBinaryImporter importer, CancellationToken ct) { await importer.CompleteAsync(ct); }
                    static async Task MayStop(NpgsqlBinaryImporter importer, bool stop, CancellationToken ct)
                    {
                        if (stop) return;
                        await importer.CompleteAsync(ct);
                    }
                }
            }
            """);

    [Fact]
    public Task Option_reports_the_completed_importer() =>
        VerifyAG0102.DiagnosticsWithOptions(
            Npgsql + """
                namespace App
                {
                    using Npgsql;
                    class Sink
                    {
                        async Task Direct(NpgsqlConnection con, CancellationToken ct)
                        {
                            {|AG0102:using|} (var writer = con.BeginBinaryImport("COPY"))
                                await writer.CompleteAsync(ct);
                        }
                    }
                }
                """,
            "dotnet_diagnostic.AG0102.report_flushed_write_streams = true");

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0102.DiagnosticsInBrokenCode(Npgsql + """
        namespace App
        {
            using Npgsql;
            class Sink
            {
                async Task M(NpgsqlConnection con, Unknown u, CancellationToken ct)
                {
                    {|AG0102:using|} (var writer = con.BeginBinaryImport(u.Copy))
                    {
                        await Missing(writer, ct);
                    }
                    {|AG0102:using|} var other = con.BeginBinaryImport("COPY");
                    await other.CompleteAsync(ct;
                    await u.CompleteAsync(other);
                }
            }
        }
        """);
}
