using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// Held-out class (ho5, linq2db's ClickHouse bulk copy): an async method first probes for the async capability with a
/// null test and, when it is there, returns the awaited async twin; the sync call below runs only when the probe failed.
/// The rule's advice is the branch the code already takes whenever it can. Each silence has its nearest reported case.
/// </summary>
public sealed class AG0102ProbedTwinFallbackTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    private const string Writer = """
        public sealed class Adapter
        {
            public Func<Stream, object>? CreateWriter { get; set; }
            public Func<Stream, CancellationToken, Task<object>>? CreateWriterAsync { get; set; }
        }

        public class Copier
        {
            protected readonly Adapter _adapter = new Adapter();

            protected int Copy(Stream s, IEnumerable<int> rows) => _adapter.CreateWriter!(s) is null ? 0 : 1;
            protected async Task<int> CopyAsync(Stream s, IEnumerable<int> rows, CancellationToken token) =>
                await _adapter.CreateWriterAsync!(s, token) is null ? 0 : 1;
            protected int Fallback(IEnumerable<int> rows) => 0;
        }
        """;

    [Fact]
    public Task The_fallback_after_a_probed_awaited_twin_is_silent() => VerifyAG0102.NoDiagnostics(Usings + Writer + """
        public sealed class BulkCopy : Copier
        {
            public async Task<int> RunAsync(Stream s, IEnumerable<int> rows, CancellationToken token)
            {
                if (s.CanWrite)
                {
                    if (_adapter.CreateWriterAsync != null)
                        return await CopyAsync(s, rows, token).ConfigureAwait(false);

                    if (_adapter.CreateWriter != null)
                        return Copy(s, rows);
                }

                return Fallback(rows);
            }

            public async Task<int> PatternAsync(Stream s, IEnumerable<int> rows, CancellationToken token)
            {
                // `is not null`, a block body ending in return, the sync call in an outer block.
                if (_adapter.CreateWriterAsync is not null)
                {
                    var copied = await CopyAsync(s, rows, token);
                    return copied;
                }

                var n = Copy(s, rows);
                return n;
            }

            public async Task<int> PropertyPatternAsync(Stream s, IEnumerable<int> rows, CancellationToken token)
            {
                if (_adapter.CreateWriterAsync is { }) return await this.CopyAsync(s, rows, token);
                if (null != _adapter.CreateWriter) return this.Copy(s, rows);
                throw new NotSupportedException();
            }
        }
        """);

    [Fact]
    public Task Other_guards_a_fall_through_and_a_later_twin_are_still_reported() => VerifyAG0102.Diagnostics(Usings + Writer + """
        public sealed class BulkCopy : Copier
        {
            public async Task<int> SizeAsync(Stream s, List<int> rows, CancellationToken token)
            {
                // Not a capability probe: small batches block by choice.
                if (rows.Count > 1000) return await CopyAsync(s, rows, token);
                return {|AG0102:Copy(s, rows)|};
            }

            public async Task<int> FallThroughAsync(Stream s, List<int> rows, CancellationToken token)
            {
                var total = 0;
                if (_adapter.CreateWriterAsync != null) total += await CopyAsync(s, rows, token);
                return total + {|AG0102:Copy(s, rows)|};
            }

            public async Task<int> LaterAsync(Stream s, List<int> rows, CancellationToken token)
            {
                var n = {|AG0102:Copy(s, rows)|};
                if (_adapter.CreateWriterAsync != null) return await CopyAsync(s, rows, token);
                return n;
            }

            public async Task<int> OtherReceiverAsync(Stream s, List<int> rows, Copier other, CancellationToken token)
            {
                if (_adapter.CreateWriterAsync != null) return await new Helper().CopyAsync(s, token);
                return {|AG0102:Copy(s, rows)|};
            }

            public async Task<int> NullBranchAsync(Stream s, List<int> rows, CancellationToken token)
            {
                if (_adapter.CreateWriterAsync == null) return await CopyAsync(s, rows, token);
                return {|AG0102:Copy(s, rows)|};
            }

            public async Task<int> LambdaAsync(Stream s, List<int> rows, CancellationToken token)
            {
                if (_adapter.CreateWriterAsync != null) return await CopyAsync(s, rows, token);
                Func<Task<int>> later = async () => { await Task.Yield(); return {|AG0102:Copy(s, rows)|}; };
                return await later();
            }
        }

        public sealed class Helper
        {
            public int Copy(Stream s) => 0;
            public Task<int> CopyAsync(Stream s, CancellationToken token) => Task.FromResult(0);
        }
        """);

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0102.DiagnosticsInBrokenCode(Usings + Writer + """
        public sealed class BulkCopy : Copier
        {
            public async Task<int> RunAsync(Stream s, IEnumerable<int> rows, CancellationToken token)
            {
                if (_adapter.Missing != null) return await CopyAsync(s, rows, token);
                if (Unknown() != null) return await CopyAsync(s, rows, );
                return Copy(s, rows);
            }
        }
        """);
}
