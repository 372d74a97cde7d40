using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102, issue 16 fourteenth pass (wrong16, Rebus's UpdateLastReadTime): the `using` of a stream handed at once to an owning
/// reader whose body names the stream only in `Position` assignments and in one owning writer's `using` is silent: the reader
/// (or the writer first) closes the stream, so its own Dispose is a no-op, and the writer's `using` stays reported. Still
/// reported: a direct write or any other use of the stream in the reader's body, two writers, a writer or reader with
/// `leaveOpen: true`, a reader with no writer, a statement between the stream's and the reader's `using`.
/// </summary>
public sealed class AG0102ReaderOwnedStreamTests
{
    private const string Usings = "using System; using System.IO; using System.Text; using System.Threading.Tasks;\n";

    [Fact]
    public Task Silent_when_the_reader_owns_the_stream_and_one_writer_writes_it() =>
        VerifyAG0102.Diagnostics(Usings + """
            class C
            {
                async Task Rebus(string path)
                {
                    try
                    {
                        using (var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite))
                        {
                            using (var reader = new StreamReader(file, Encoding.UTF8))
                            {
                                var json = await reader.ReadToEndAsync();
                                file.Position = 0;
                                {|AG0102:using|} (var writer = new StreamWriter(file, Encoding.UTF8))
                                {
                                    await writer.WriteAsync(json + "!");
                                }
                            }
                        }
                    }
                    catch (IOException)
                    {
                    }
                }

                async Task Declarations(string path)
                {
                    await Task.Yield();
                    using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
                    using var reader = new StreamReader(file, leaveOpen: false);
                    var text = await reader.ReadToEndAsync();
                    file.Position = text.Length;
                    {|AG0102:using|} var writer = new StreamWriter(file);
                    await writer.WriteAsync("tail");
                }

                async Task NestedStatements(string path, byte[] data)
                {
                    using (var file = File.Open(path, FileMode.Open))
                    using (var reader = new BinaryReader(file))
                    {
                        var count = reader.ReadInt32();
                        await Task.Delay(count);
                        {|AG0102:using|} (var writer = new BinaryWriter(file, Encoding.UTF8, false))
                        {
                            writer.Write(data);
                        }
                    }
                }
            }
            """);

    [Fact]
    public Task Reported_when_the_stream_is_written_or_kept_open_otherwise() =>
        VerifyAG0102.Diagnostics(Usings + """
            class C
            {
                async Task DirectWrite(string path, byte[] data)
                {
                    {|AG0102:using|} (var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite))
                    {
                        using (var reader = new StreamReader(file))
                        {
                            await reader.ReadToEndAsync();
                            {|AG0102:file.Write(data, 0, data.Length)|};
                            {|AG0102:using|} (var writer = new StreamWriter(file))
                            {
                                await writer.WriteAsync("x");
                            }
                        }
                    }
                }

                async Task WrittenInTheWriter(string path, byte[] data)
                {
                    {|AG0102:using|} (var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite))
                    {
                        using (var reader = new StreamReader(file))
                        {
                            await reader.ReadToEndAsync();
                            {|AG0102:using|} (var writer = new StreamWriter(file))
                            {
                                await file.WriteAsync(data, 0, data.Length);
                            }
                        }
                    }
                }

                async Task TwoWriters(string path)
                {
                    {|AG0102:using|} (var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite))
                    {
                        using (var reader = new StreamReader(file))
                        {
                            await reader.ReadToEndAsync();
                            {|AG0102:using|} (var first = new StreamWriter(file)) { await first.WriteAsync("a"); }
                            {|AG0102:using|} (var second = new StreamWriter(file)) { await second.WriteAsync("b"); }
                        }
                    }
                }

                async Task WriterLeftOpen(string path)
                {
                    {|AG0102:using|} (var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite))
                    {
                        using (var reader = new StreamReader(file))
                        {
                            await reader.ReadToEndAsync();
                            {|AG0102:using|} (var writer = new StreamWriter(file, Encoding.UTF8, 1024, leaveOpen: true))
                            {
                                await writer.WriteAsync("x");
                            }
                        }
                    }
                }

                async Task ReaderLeftOpen(string path)
                {
                    {|AG0102:using|} (var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite))
                    {
                        using (var reader = new StreamReader(file, Encoding.UTF8, true, 1024, leaveOpen: true))
                        {
                            await reader.ReadToEndAsync();
                            {|AG0102:using|} (var writer = new StreamWriter(file))
                            {
                                await writer.WriteAsync("x");
                            }
                        }
                    }
                }

                async Task SomethingBetween(string path)
                {
                    {|AG0102:using|} (var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite))
                    {
                        {|AG0102:file.Flush()|};
                        using (var reader = new StreamReader(file))
                        {
                            await reader.ReadToEndAsync();
                            {|AG0102:using|} (var writer = new StreamWriter(file))
                            {
                                await writer.WriteAsync("x");
                            }
                        }
                    }
                }

                async Task OtherCall(string path, Action<Stream> touch)
                {
                    {|AG0102:using|} (var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite))
                    {
                        using (var reader = new StreamReader(file))
                        {
                            await reader.ReadToEndAsync();
                            touch(file);
                            {|AG0102:using|} (var writer = new StreamWriter(file))
                            {
                                await writer.WriteAsync("x");
                            }
                        }
                    }
                }
            }
            """);
}
