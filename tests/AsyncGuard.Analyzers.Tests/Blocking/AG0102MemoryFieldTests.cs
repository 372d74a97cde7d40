using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// corpus7app class A3 (issue 16): calls on a readonly field whose every value is made over memory only copy into
/// memory. Each silence has its nearest reported case beside it.
/// </summary>
public sealed class AG0102MemoryFieldTests
{
    private const string Usings = "using System; using System.IO; using System.Text; using System.Threading.Tasks;\n";

    [Fact]
    public Task Writer_field_made_in_the_constructor_over_a_memory_stream_field_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + """
            public class LogWriter : StreamWriter
            {
                public LogWriter(Stream stream, bool leaveOpen) : base(stream, new UTF8Encoding(false), 1024, leaveOpen) => NewLine = "\r\n";
            }

            public class MemorySession
            {
                private readonly LogWriter log;
                private readonly MemoryStream logStream = new();
                private readonly StreamWriter initialized = new StreamWriter(new MemoryStream());
                private readonly StreamWriter chained;

                public MemorySession() : this(0) => log = new LogWriter(logStream, false);

                private MemorySession(int unused) => chained = new StreamWriter(logStream, Encoding.UTF8, 1024, true);

                public Task Append(string text)
                {
                    log.WriteLine(text);
                    this.initialized.Write(text);
                    chained.Flush();
                    return Task.CompletedTask;
                }

                public async Task<byte[]> GetLog()
                {
                    await Task.Yield();
                    log.Flush();
                    logStream.Write(new byte[1], 0, 1);
                    return logStream.ToArray();
                }
            }
            """);

    [Fact]
    public Task Fields_that_are_not_readonly_or_hold_anything_but_memory_are_reported() =>
        VerifyAG0102.Diagnostics(Usings + """
            public class FileSession
            {
                private readonly MemoryStream memory = new();
                private readonly StreamWriter file;
                private readonly StreamWriter either;
                private StreamWriter notReadOnly = new StreamWriter(new MemoryStream());
                private StreamWriter assignedInConstructor;
                private readonly StreamWriter byRef;

                public FileSession(string path, bool flag)
                {
                    file = new StreamWriter(path);
                    either = flag ? new StreamWriter(memory) : new StreamWriter(path);
                    assignedInConstructor = new StreamWriter(memory);
                    byRef = new StreamWriter(memory);
                    Swap(ref byRef);
                }

                public Task Append(string text)
                {
                    {|AG0102:file.WriteLine(text)|};
                    {|AG0102:either.WriteLine(text)|};
                    {|AG0102:notReadOnly.WriteLine(text)|};
                    {|AG0102:assignedInConstructor.WriteLine(text)|};
                    {|AG0102:byRef.WriteLine(text)|};
                    return Task.CompletedTask;
                }

                public void Replace() => notReadOnly = new StreamWriter("log.txt");

                private static void Swap(ref StreamWriter writer) => writer = new StreamWriter("other.txt");
            }
            """);
}
