using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// corpus8lib class W1 (issue 16, tenth pass): the stream of an embedded resource (<c>Assembly.GetManifestResourceStream</c>)
/// is an UnmanagedMemoryStream over the loaded image, so disposing, reading or copying it into memory does no I/O. Each
/// silence has its nearest reported case beside it.
/// </summary>
public sealed class AG0102ResourceStreamTests
{
    private const string Usings = "using System; using System.IO; using System.Reflection; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Resource_streams_used_and_read_in_memory_are_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + """
            public class Schemas
            {
                public async Task<string> LoadAsync(string name, CancellationToken ct)
                {
                    await Task.Yield();
                    using (var xml = Assembly.GetExecutingAssembly().GetManifestResourceStream(name))
                    {
                        var buffer = new byte[16];
                        xml.Read(buffer, 0, buffer.Length);
                    }

                    using var other = typeof(Schemas).Assembly.GetManifestResourceStream(typeof(Schemas), name);
                    var copy = new MemoryStream();
                    other.CopyTo(copy);

                    using var reader = new StreamReader(typeof(Schemas).Assembly.GetManifestResourceStream(name)!);
                    return reader.ReadToEnd();
                }

                public Task<byte[]> BytesAsync(Assembly assembly, string name)
                {
                    using Stream s = assembly.GetManifestResourceStream(name);
                    var buffer = new byte[s.Length];
                    s.Read(buffer, 0, buffer.Length);
                    return Task.FromResult(buffer);
                }
            }
            """);

    [Fact]
    public Task Files_other_assemblies_and_copies_to_a_device_are_reported() =>
        VerifyAG0102.Diagnostics(Usings + """
            public class PackedAssembly : Assembly
            {
                public override Stream GetManifestResourceStream(string name) => File.OpenRead(name);
            }

            public class Schemas
            {
                public async Task ExtractAsync(string name, string path, PackedAssembly packed, bool fromFile)
                {
                    await Task.Yield();
                    using var resource = typeof(Schemas).Assembly.GetManifestResourceStream(name);
                    {|AG0102:using|} var target = File.Create(path);
                    {|AG0102:resource.CopyTo(target)|};

                    {|AG0102:using|} (var file = File.OpenWrite(path)) { }

                    {|AG0102:using|} var custom = packed.GetManifestResourceStream(name);

                    var either = typeof(Schemas).Assembly.GetManifestResourceStream(name);
                    if (fromFile) either = File.OpenRead(path);
                    {|AG0102:using|} (either) { }
                }
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0102.DiagnosticsInBrokenCode(Usings + """
        public class Schemas
        {
            public async Task LoadAsync(string name, Missing asm)
            {
                await Task.Yield();
                using var a = asm.GetManifestResourceStream(name);
                {|AG0102:using|} var b = typeof(Schemas).Assembly.GetManifestResourceStream();
                {|AG0102:using|} var c = typeof(Schemas).Assembly.GetManifestResourceStream(name,
            }
        }
        """);
}
