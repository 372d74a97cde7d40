using Xunit;
using AsyncGuard.Analyzers.Blocking;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 corpus11lib W1: the `using` of a stream whose next statement is the `using` of a StreamWriter/StreamReader/
/// BinaryWriter that owns it (no `leaveOpen`, or a constant `false`) is silent: the wrapper closes the stream
/// first, so the stream's Dispose is a no-op. The wrapper's own `using` stays reported, and so does every near shape. A stream handed to an owning reader first is
/// AG0102ReaderOwnedStreamTests' (silent only when the reader's body writes it through one owning writer alone).
/// </summary>
public sealed class AG0102WrapperOwnedStreamTests
{
    private const string Usings = "using System; using System.IO; using System.Text; using System.Threading.Tasks;\n";

    [Fact]
    public Task Stream_handed_to_an_owning_wrapper_is_silent_and_the_wrapper_is_reported() =>
        VerifyAG0102.Diagnostics(Usings + """
            class C
            {
                async Task Nested(string path, string text)
                {
                    using (var file = File.Create(path))
                    {|AG0102:using|} (var writer = new StreamWriter(file, Encoding.UTF8))
                    {
                        await writer.WriteAsync(text);
                    }
                }

                async Task Block(string path, string text)
                {
                    using (var file = File.OpenWrite(path))
                    {
                        {|AG0102:using|} (var writer = new StreamWriter(file, Encoding.UTF8, 1024, false))
                        {
                            await writer.WriteAsync(text);
                        }
                    }
                }

                async Task Declarations(string path, string text)
                {
                    await Task.Yield();
                    using var file = File.OpenWrite(path);
                    {|AG0102:using|} var writer = new StreamWriter(file);
                    await writer.WriteAsync(text);
                }

                async Task Binary(string path, byte[] data)
                {
                    await Task.Yield();
                    using (var file = new FileStream(path, FileMode.Create))
                    {|AG0102:using|} (var writer = new BinaryWriter(file, Encoding.UTF8, leaveOpen: false))
                    {
                        writer.Write(data.Length);
                        await file.WriteAsync(data, 0, data.Length);
                    }
                }

                async Task ReadWriteFile(string path)
                {
                    using (var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite))
                    {
                        {|AG0102:using|} (var writer = new StreamWriter(file, Encoding.UTF8))
                        {
                            await writer.WriteAsync("x");
                        }
                    }
                }
            }
            """);

    [Fact]
    public Task Streams_the_wrapper_does_not_own_first_are_reported() =>
        VerifyAG0102.Diagnostics(Usings + """
            class Own : StreamWriter { public Own(Stream s) : base(s) { } }

            class C
            {
                async Task LeftOpen(string path, string text)
                {
                    {|AG0102:using|} (var file = File.Create(path))
                    {
                        using (var writer = new StreamWriter(file, Encoding.UTF8, 1024, leaveOpen: true))
                        {
                            await writer.WriteAsync(text);
                            await writer.FlushAsync();
                        }
                    }
                }

                async Task NotConstant(string path, string text, bool keep)
                {
                    {|AG0102:using|} (var file = File.Create(path))
                    {|AG0102:using|} (var writer = new StreamWriter(file, Encoding.UTF8, 1024, keep))
                    {
                        await writer.WriteAsync(text);
                    }
                }

                async Task Derived(string path, string text)
                {
                    {|AG0102:using|} (var file = File.Create(path))
                    {|AG0102:using|} (var writer = new Own(file))
                    {
                        await writer.WriteAsync(text);
                    }
                }

                async Task WrittenBefore(string path, byte[] header, string text)
                {
                    {|AG0102:using|} (var file = File.Create(path))
                    {
                        {|AG0102:file.Write(header, 0, header.Length)|};
                        {|AG0102:using|} (var writer = new StreamWriter(file))
                        {
                            await writer.WriteAsync(text);
                        }
                    }
                }

                async Task PlainDeclaration(string path, string text)
                {
                    await Task.Yield();
                    {|AG0102:using|} var file = File.OpenWrite(path);
                    var writer = new StreamWriter(file);
                    await writer.WriteAsync(text);
                }

                // Silent since the fourteenth pass (wrong16, Rebus): the reader closes the stream, which nothing but the
                // reader's one owning writer writes (AG0102ReaderOwnedStreamTests has the near shapes that stay reported).
                async Task ReaderThenWriter(string path)
                {
                    using (var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite))
                    {
                        using (var reader = new StreamReader(file, Encoding.UTF8))
                        {
                            var text = await reader.ReadToEndAsync();
                            file.Position = 0;
                            {|AG0102:using|} (var writer = new StreamWriter(file, Encoding.UTF8))
                            {
                                await writer.WriteAsync(text + "!");
                            }
                        }
                    }
                }

                async Task OtherStream(string path, Stream other, string text)
                {
                    {|AG0102:using|} (var file = File.Create(path))
                    {|AG0102:using|} (var writer = new StreamWriter(other))
                    {
                        await writer.WriteAsync(text);
                        await other.CopyToAsync(file);
                    }
                }
            }
            """);

    [Fact]
    public Task Half_typed_wrappers_do_not_throw() =>
        Verifiers.Verify<AG0102AsyncAlternativeAnalyzer>.DiagnosticsInBrokenCode(Usings + """
            class C
            {
                async Task M(Missing repository, string path, bool keep)
                {
                    await Task.Yield();
                    using var stream = await repository.Get();
                    {|AG0102:using|} var writer = new StreamWriter(stream, );
                    {|AG0102:using|} var file = File.Create(path);
                    {|AG0102:using|} var other = new StreamWriter(file, Encoding.UTF8, 1024, keep
                    using var third = new Missing(file);
                    using (var x = File.Create(
                    {|AG0102:using|} (var y = new StreamWriter(x))
                    {
                    }
                }
            }
            """);
}
