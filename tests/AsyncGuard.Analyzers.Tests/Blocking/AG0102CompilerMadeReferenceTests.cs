using System.Collections.Immutable;
using AsyncGuard.Analyzers.Blocking;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Xunit;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 on types of a reference assembly the compiler made from a project's own source (issue 16, fourteenth pass,
/// corpus16lib: RepoDB's in-memory <c>DataEntityDataReader</c>, a DbDataReader that overrides no DisposeAsync, disposed with
/// <c>using</c> in another project that sees it through the <c>obj/ref</c> assembly). Such an assembly keeps every public
/// override, so a base fallback (DbDataReader.DisposeAsync, Stream.DisposeAsync, DbCommand.ExecuteReaderAsync ...) it does not
/// override is the one that runs: <c>await using</c> (or the Async call) gains nothing. It is told from a platform or package
/// contract, whose overrides may be left out, by having no public key. Still reported: the same types in a strong-named
/// reference assembly, a type that overrides the fallback, a type of an implementation assembly that overrides it.
/// </summary>
public sealed class AG0102CompilerMadeReferenceTests
{
    private const string Library = """
        using System;
        using System.Collections;
        using System.Collections.Generic;
        using System.Data.Common;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        namespace Lib
        {
            public class ListReader<T> : DbDataReader
            {
                private bool closed;
                public ListReader(IEnumerable<T> items) { }
                public override void Close() => closed = true;
                public override bool IsClosed => closed;
                public override int Depth => 0;
                public override int FieldCount => 0;
                public override bool HasRows => false;
                public override int RecordsAffected => -1;
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
                public override IEnumerator GetEnumerator() => Array.Empty<object>().GetEnumerator();
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
                public override bool Read() => false;
            }
            public sealed class SealedListReader : ListReader<int> { public SealedListReader() : base(Array.Empty<int>()) { } }
            public class NetworkReader : ListReader<int>
            {
                public NetworkReader() : base(Array.Empty<int>()) { }
                public override async ValueTask DisposeAsync() { await Task.Yield(); Dispose(); }
            }
            public class Buffer : Stream
            {
                public override bool CanRead => true;
                public override bool CanSeek => false;
                public override bool CanWrite => true;
                public override long Length => 0;
                public override long Position { get => 0; set { } }
                public override void Flush() { }
                public override int Read(byte[] buffer, int offset, int count) => 0;
                public override long Seek(long offset, SeekOrigin origin) => 0;
                public override void SetLength(long value) { }
                public override void Write(byte[] buffer, int offset, int count) { }
            }
            public class Upload : Buffer
            {
                public override async ValueTask DisposeAsync() { await FlushAsync(); await base.DisposeAsync(); }
            }
        }
        """;

    private static string InAsync(string body) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Data.Common;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Lib;
        class C
        {
            async Task<int> M(List<string> items, ListReader<string> given, DbDataReader provider, CancellationToken ct)
            {
                await Task.Yield();
                {{body}}
                return 0;
            }
        }
        """;

    private enum Shape { Implementation, UnsignedReference, SignedReference }

    private static MetadataReference Emit(Shape shape)
    {
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        if (shape == Shape.SignedReference)
        {
            // Public signing needs only a public key: the runtime library's own will do.
            options = options.WithCryptoPublicKey(ImmutableArray.Create(typeof(object).Assembly.GetName().GetPublicKey()!)).WithPublicSign(true);
        }

        var library = CSharpCompilation.Create("Lib", new[] { CSharpSyntaxTree.ParseText(Library) }, Verifiers.TestReferences.Net100, options);
        using var image = new System.IO.MemoryStream();
        var emit = shape == Shape.Implementation ? new EmitOptions() : new EmitOptions(metadataOnly: true, includePrivateMembers: false);
        var result = library.Emit(image, options: emit);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    private static Task Run(string body, Shape shape)
    {
        var test = new Verifiers.AnalyzerTest<AG0102AsyncAlternativeAnalyzer> { TestCode = InAsync(body) };
        test.TestState.AdditionalReferences.Add(Emit(shape));
        return test.RunAsync();
    }

    [Theory]
    // The corpus shape: a generic in-memory reader made in place, as a declaration and as a statement.
    [InlineData("using var reader = new ListReader<string>(items);")]
    [InlineData("using (var reader = new ListReader<string>(items)) { await Task.Delay(1, ct); }")]
    [InlineData("using (new ListReader<string>(items)) { }")]
    // A sealed derived class that adds no override, a loosely typed local made as one, a parameter of the exact class.
    [InlineData("using var reader = new SealedListReader();")]
    [InlineData("using DbDataReader reader = new SealedListReader();")]
    [InlineData("using (given) { }")]
    // Stream.DisposeAsync inherited unchanged from the same kind of assembly.
    [InlineData("using var buffer = new Lib.Buffer();")]
    public Task Unsigned_reference_assembly_lists_every_override(string body) => Run(body, Shape.UnsignedReference);

    [Theory]
    // An implementation assembly already showed its overrides (unchanged behaviour).
    [InlineData("using var reader = new ListReader<string>(items);")]
    [InlineData("using var buffer = new Lib.Buffer();")]
    public Task Implementation_assembly_stays_silent(string body) => Run(body, Shape.Implementation);

    [Theory]
    // Nearest cases: a class of the unsigned assembly that does override DisposeAsync, a provider reader of unknown runtime type.
    [InlineData("{|AG0102:using|} var reader = new NetworkReader();")]
    [InlineData("{|AG0102:using|} var upload = new Upload();")]
    [InlineData("{|AG0102:using|} var reader = provider;")]
    [InlineData("{|AG0102:using|} (var reader = new NetworkReader()) { }")]
    public Task Override_in_the_unsigned_assembly_is_still_reported(string body) => Run(body, Shape.UnsignedReference);

    [Theory]
    // A strong-named reference assembly is treated as a contract whose overrides may be left out: still reported.
    [InlineData("{|AG0102:using|} var reader = new ListReader<string>(items);")]
    [InlineData("{|AG0102:using|} var reader = new SealedListReader();")]
    [InlineData("{|AG0102:using|} var buffer = new Lib.Buffer();")]
    public Task Strong_named_reference_assembly_is_still_reported(string body) => Run(body, Shape.SignedReference);
}
