using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102's wrong and debatable classes from the corpus6 pass (issue 16): a twin that is a sync wrapper written as a block
/// (W9), a Dispose right after a Close of the same local (W8), a write stream flushed asynchronously after its last write
/// (D4), a sleep right before the process exits (D2). Each silence has its nearest reported case beside it.
/// </summary>
public sealed class AG0102Corpus6Tests
{
    private const string Usings = "using System; using System.Diagnostics.CodeAnalysis; using System.IO; using System.Threading; using System.Threading.Tasks;\n";

    // W9: the async twin only calls the flagged member with its own parameters and returns a completed awaitable.

    private const string Converters = """
        public abstract class Conv<T>
        {
            public abstract void Write(Stream w, T value);
            public abstract ValueTask WriteAsync(Stream w, T value, CancellationToken ct = default);
            public abstract T Read(Stream r);
            public abstract ValueTask<T> ReadAsync(Stream r, CancellationToken ct = default);
            internal abstract ValueTask WriteAsObject(bool async, Stream w, object? value, CancellationToken ct);
        }

        """;

    [Fact]
    public Task Sealed_twin_that_calls_the_sync_member_then_returns_completed_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + Converters + """
            public abstract class Buffered<T> : Conv<T>
            {
                public sealed override ValueTask WriteAsync(Stream w, T value, CancellationToken ct = default)
                {
                    Write(w, value);
                    return new();
                }

                public sealed override ValueTask<T> ReadAsync(Stream r, CancellationToken ct = default)
                {
                    ct.ThrowIfCancellationRequested();
                    var result = Read(r);
                    return new ValueTask<T>(result);
                }

                internal sealed override ValueTask WriteAsObject(bool async, Stream w, object? value, CancellationToken ct)
                {
                    Write(w, (T)value!);
                    return new();
                }

                internal async ValueTask<T> Copy(Stream r, Stream w, CancellationToken ct)
                {
                    await Task.Yield();
                    var v = this.Read(r);
                    Write(w, v);
                    return v;
                }
            }

            public abstract class StoreBase
            {
                public virtual Task SaveAsync(string path) => Task.Delay(1);
            }

            public sealed class Store : StoreBase
            {
                public void Save(string path) => File.WriteAllText(path, "");
                public override Task SaveAsync(string path) { Save(path); return Task.CompletedTask; }
                public int Count(string path) => File.ReadAllLines(path).Length;
                public Task<int> CountAsync(string path, CancellationToken ct = default) { int n = Count(path); return Task.FromResult(n); }
                public void Flush() { }
                public ValueTask FlushAsync() { Flush(); return default; }
                public static void Touch(string path) => File.WriteAllText(path, "");
                public static ValueTask TouchAsync(string path) { Touch(path); return ValueTask.CompletedTask; }
            }

            class Caller
            {
                async Task M(Store store)
                {
                    await Task.Yield();
                    store.Save("a");
                    var n = store.Count("a");
                    store.Flush();
                    Store.Touch("a");
                }
            }
            """);

    [Fact]
    public Task Twin_that_may_be_overridden_or_gets_other_arguments_is_still_reported() =>
        VerifyAG0102.Diagnostics(Usings + Converters + """
            public abstract class Open<T> : Conv<T>
            {
                public override ValueTask WriteAsync(Stream w, T value, CancellationToken ct = default)
                {
                    Write(w, value);
                    return new();
                }

                internal sealed override ValueTask WriteAsObject(bool async, Stream w, object? value, CancellationToken ct)
                {
                    {|AG0102:Write(w, (T)value!)|};
                    return new();
                }
            }

            public class Store
            {
                public void Save(string path) => File.WriteAllText(path, "");
                public virtual Task SaveAsync(string path) { Save(path); return Task.CompletedTask; }
                public void Log(string path) => File.AppendAllText(path, "");
                public Task LogAsync(string path) { Log(path); Console.WriteLine(path); return Task.CompletedTask; }
                public void Put(string path) => File.WriteAllText(path, "");
                public Task PutAsync(string path) { Put("other"); return Task.CompletedTask; }
                public void Send(string path) => File.WriteAllText(path, "");
                public Task SendAsync(string path) { Send(path); return default!; }
                public void Push(string path) => File.WriteAllText(path, "");
                public async Task PushAsync(string path) { Push(path); await Task.Yield(); }
                public void Wait(string path) => File.WriteAllText(path, "");
                public Task WaitAsync(string path) { Wait(path); return Task.Delay(10); }
            }

            class Caller
            {
                async Task M(Store store)
                {
                    await Task.Yield();
                    {|AG0102:store.Save("a")|};
                    // Fourteenth pass (fpissues2, ComposingTwins): a twin that runs the sync member itself with its own
                    // parameters and then does more is no async form of it (awaiting it still blocks there): silent.
                    store.Log("a");
                    {|AG0102:store.Put("a")|};
                    store.Send("a");
                    store.Push("a");
                    store.Wait("a");
                }
            }
            """);

    // W8: a Dispose right after a Close (or Dispose) of the same variable is a no-op.

    [Fact]
    public Task Dispose_after_close_of_the_same_variable_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + """
            class C
            {
                async Task M(string path, Stream given)
                {
                    await Task.Yield();
                    Stream? output = new FileStream(path, FileMode.Create);
                    await output.WriteAsync(new byte[1]);
                    output.Close();
                    output.Dispose();

                    var writer = new StreamWriter(path);
                    await writer.WriteAsync("x");
                    writer.Close();
                    Console.WriteLine("closed");
                    writer.Dispose();

                    var again = new FileStream(path, FileMode.Create);
                    {|AG0102:again.Dispose()|};   // the first one is reported
                    again.Dispose();

                    given.Close();
                    given.Dispose();
                }
            }
            """);

    [Fact]
    public Task Dispose_not_right_after_a_close_of_the_same_variable_is_still_reported() =>
        VerifyAG0102.Diagnostics(Usings + """
            class Conn : IDisposable, IAsyncDisposable
            {
                public void Close() { }
                public void Dispose() { }
                public ValueTask DisposeAsync() => default;
            }

            class C
            {
                async Task M(string path, bool flag)
                {
                    await Task.Yield();
                    var output = new FileStream(path, FileMode.Create);
                    var other = new FileStream(path + "2", FileMode.Create);
                    other.Close();
                    {|AG0102:output.Dispose()|};

                    var reopened = new FileStream(path, FileMode.Create);
                    reopened.Close();
                    reopened = new FileStream(path, FileMode.Append);
                    {|AG0102:reopened.Dispose()|};

                    var maybe = new FileStream(path, FileMode.Create);
                    if (flag) maybe.Close();
                    {|AG0102:maybe.Dispose()|};

                    var conn = new Conn();
                    conn.Close();
                    {|AG0102:conn.Dispose()|};

                    var jumped = new FileStream(path, FileMode.Create);
                    jumped.Close();
                    if (flag) goto done;
                    done:
                    {|AG0102:jumped.Dispose()|};
                }
            }
            """);

    // D4: a write stream flushed asynchronously after every write: its Dispose only closes the handle.

    [Fact]
    public Task Using_of_a_file_stream_flushed_after_every_write_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + """
            class C
            {
                async Task Download(string tmp, Stream source, Action<long> progress)
                {
                    using var file = new FileStream(tmp, FileMode.OpenOrCreate);
                    file.Seek(0, SeekOrigin.End);
                    if (file.Position > 100)
                    {
                        progress(file.Position);
                        return;
                    }

                    var buffer = new byte[4096];
                    while (true)
                    {
                        var read = await source.ReadAsync(buffer);
                        if (read == 0) break;
                        await file.WriteAsync(buffer.AsMemory(0, read));
                        await file.FlushAsync();
                        progress(file.Position);
                    }
                }

                async Task Log(string path, TextReader reader, CancellationToken ct)
                {
                    Stream target = new FileStream(path, FileMode.Append);
                    using (target)
                    {
                        string? line;
                        while ((line = await reader.ReadLineAsync()) is not null)
                        {
                            var bytes = System.Text.Encoding.UTF8.GetBytes(line);
                            if (!target.CanWrite)
                            {
                                break;
                            }

                            await target.WriteAsync(bytes, ct).ConfigureAwait(false);
                            var count = bytes.Length;
                            if (!target.CanWrite) break;
                            await target.FlushAsync(ct).ConfigureAwait(false);
                        }
                    }
                }
            }
            """);

    [Fact]
    public Task Using_of_a_write_stream_not_flushed_after_its_last_write_is_still_reported() =>
        VerifyAG0102.Diagnostics(Usings + """
            class C
            {
                async Task AfterLastFlush(string tmp, byte[] data)
                {
                    {|AG0102:using|} var file = new FileStream(tmp, FileMode.Create);
                    await file.WriteAsync(data);
                    await file.FlushAsync();
                    await file.WriteAsync(data);
                }

                async Task SyncFlush(string tmp, byte[] data)
                {
                    // The blocking call is the Flush; the disposal after it has nothing to write (report_read_streams' class).
                    using var file = new FileStream(tmp, FileMode.Create);
                    await file.WriteAsync(data);
                    {|AG0102:file.Flush()|};
                }

                async Task ConditionalFlush(string tmp, byte[] data, bool flag)
                {
                    {|AG0102:using|} var file = new FileStream(tmp, FileMode.Create);
                    await file.WriteAsync(data);
                    if (flag) await file.FlushAsync();
                }

                async Task JumpBeforeFlush(string tmp, byte[] data, bool flag)
                {
                    {|AG0102:using|} var file = new FileStream(tmp, FileMode.Create);
                    await file.WriteAsync(data);
                    if (flag) return;
                    await file.FlushAsync();
                }

                async Task HandedOver(string tmp, Stream source)
                {
                    // A CopyToAsync destination flushed after the copy: disposal writes nothing (report_read_streams' class).
                    using var file = new FileStream(tmp, FileMode.Create);
                    await source.CopyToAsync(file);
                    await file.FlushAsync();
                }

                async Task Compressed(string tmp, byte[] data)
                {
                    {|AG0102:using|} var zip = new System.IO.Compression.GZipStream(File.Create(tmp), System.IO.Compression.CompressionLevel.Fastest);
                    await zip.WriteAsync(data);
                    await zip.FlushAsync();
                }

                async Task UnknownStream(Stream target, byte[] data)
                {
                    {|AG0102:using|} (target)
                    {
                        await target.WriteAsync(data);
                        await target.FlushAsync();
                    }
                }

                async Task Captured(string tmp, byte[] data)
                {
                    {|AG0102:using|} var file = new FileStream(tmp, FileMode.Create);
                    await file.WriteAsync(data);
                    await file.FlushAsync();
                    Func<Task> later = () => file.WriteAsync(data).AsTask();
                    await later();
                }
            }
            """);

    // D2: a sleep right before the process exits.

    [Fact]
    public Task Sleep_right_before_the_process_exits_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + """
            static class Fatal
            {
                [DoesNotReturn]
                public static void Quit(int code)
                {
                    Console.Error.WriteLine("bye");
                    Environment.Exit(code);
                }
            }

            class C
            {
                async Task M(bool failed)
                {
                    await Task.Yield();
                    if (failed)
                    {
                        Console.WriteLine("error; exiting");
                        Thread.Sleep(3000);
                        Environment.Exit(1);
                    }

                    Thread.Sleep(TimeSpan.FromMilliseconds(1));
                    Fatal.Quit(2);
                }

                async Task N()
                {
                    await Task.Yield();
                    System.Threading.Thread.Sleep(10);
                    System.Environment.FailFast("broken");
                }
            }
            """);

    [Fact]
    public Task Sleep_followed_by_anything_else_is_still_reported() =>
        VerifyAG0102.Diagnostics(Usings + """
            static class Fatal
            {
                [DoesNotReturn]
                public static void Throw(string message) => throw new InvalidOperationException(message);

                public static void Quit(int code) => Environment.Exit(code);
            }

            class C
            {
                async Task M(bool failed)
                {
                    await Task.Yield();
                    {|AG0102:Thread.Sleep(200)|};
                    Console.WriteLine("retry");
                    {|AG0102:Thread.Sleep(100)|};
                    Fatal.Throw("stop");
                }

                async Task N()
                {
                    await Task.Yield();
                    {|AG0102:Thread.Sleep(100)|};
                    Fatal.Quit(1);
                }

                async Task O()
                {
                    await Task.Yield();
                    {|AG0102:Thread.Sleep(100)|};
                    Console.WriteLine("bye");
                    Environment.Exit(1);
                }
            }
            """);

    [Fact]
    public Task Options_report_the_silenced_sleep_and_flushed_stream() =>
        VerifyAG0102.DiagnosticsWithOptions(
            Usings + """
                    class C
                    {
                        async Task M(string tmp, byte[] data)
                        {
                            await Task.Yield();
                            {|AG0102:using|} var file = new FileStream(tmp, FileMode.Create);
                            await file.WriteAsync(data);
                            await file.FlushAsync();
                            {|AG0102:Thread.Sleep(1)|};
                            Environment.Exit(1);
                        }
                    }
                    """,
            "dotnet_diagnostic.AG0102.report_sleep_before_exit = true",
            "dotnet_diagnostic.AG0102.report_flushed_write_streams = true",
            "dotnet_diagnostic.AG0102.report_read_streams = true");

    [Fact]
    public Task Survives_half_typed_code() => VerifyAG0102.DiagnosticsInBrokenCode(Usings + """
        abstract class B
        {
            public void Write(Stream s) { }
            public sealed ValueTask WriteAsync(Stream s) { Write(s; return new(); }
            public ValueTask ReadAsync(Stream s) { Read(s); return missing; }
        }
        class C
        {
            async Task M(string p, Stream s)
            {
                {|AG0102:using|} var f = new FileStream(p, FileMode.Create);
                await f.WriteAsync(;
                await f.FlushAsync(
                f.Close();
                {|AG0102:f.Dispose(|};
                s.Close()
                s.Dispose();
                {|AG0102:Thread.Sleep(1)|};
                Environment.Exit(;
                Thread.Sleep(;
                Unknown.Quit();
            }
        }
        """);
}
