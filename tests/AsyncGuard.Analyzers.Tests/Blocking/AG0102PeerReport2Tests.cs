using Xunit;
using VerifyAG0102 = AsyncGuard.Analyzers.Tests.Verifiers.Verify<AsyncGuard.Analyzers.Blocking.AG0102AsyncAlternativeAnalyzer>;

namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>
/// AG0102 shapes from the peers' issue trackers, second slice (fourteenth pass, sonar-dotnet#9336): an XmlReader or
/// XmlWriter made without <c>Async = true</c> in its settings throws from every *Async member and from DisposeAsync, and
/// the legacy XmlTextReader/XmlTextWriter and the reader of XNode.CreateReader() do not implement them: the await the
/// rule offers would break the code, so the sync calls on such a value stay silent.
/// </summary>
public sealed class AG0102PeerReport2Tests
{
    private const string Usings = "using System; using System.IO; using System.Text; using System.Xml; using System.Xml.Linq; using System.Threading; using System.Threading.Tasks;\n";

    [Fact]
    public Task Xml_reader_and_writer_made_without_async_are_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + """
            class C
            {
                async Task<int> Count(Stream input)
                {
                    using var reader = XmlReader.Create(input);
                    var n = 0;
                    while (reader.Read()) n++;
                    await Task.Yield();
                    return n;
                }

                async Task Write(Stream output)
                {
                    await Task.Yield();
                    using (var writer = XmlWriter.Create(output, null))
                    {
                        writer.WriteStartElement("a");
                        writer.WriteString("b");
                        writer.WriteEndElement();
                        writer.Flush();
                    }
                }

                async Task SettingsLocal(Stream output)
                {
                    var settings = new XmlWriterSettings { Indent = true, Async = false };
                    settings.Encoding = Encoding.UTF8;
                    using var writer = XmlWriter.Create(output, settings);
                    writer.WriteEndDocument();
                    writer.Flush();
                    await Task.Yield();
                }

                async Task TargetTyped(TextWriter text)
                {
                    XmlWriterSettings settings = new() { OmitXmlDeclaration = true };
                    using XmlWriter writer = XmlWriter.Create(text, settings);
                    writer.WriteElementString("a", "b");
                    await Task.Yield();
                }

                async Task Legacy(Stream output, XDocument document)
                {
                    using var writer = new XmlTextWriter(output, Encoding.UTF8);
                    writer.WriteStartDocument();
                    writer.Flush();
                    using var nodes = document.CreateReader();
                    while (nodes.Read()) { }
                    await Task.Yield();
                }

                async Task InPlace(Stream output)
                {
                    await Task.Yield();
                    using (XmlWriter.Create(output)) { }
                    ((XmlWriter)XmlWriter.Create(output)).Flush();
                }
            }
            """);

    [Fact]
    public Task Xml_reader_and_writer_that_may_be_async_are_reported() =>
        VerifyAG0102.Diagnostics(Usings + """
            class C
            {
                private readonly XmlWriterSettings _shared = new();

                async Task<int> AsyncOn(Stream input)
                {
                    using var reader = XmlReader.Create(input, new XmlReaderSettings { Async = true });
                    var n = 0;
                    while ({|AG0102:reader.Read()|}) n++;
                    await Task.Yield();
                    return n;
                }

                async Task Given(Stream output, XmlWriterSettings settings, XmlWriter given)
                {
                    await Task.Yield();
                    {|AG0102:using|} var writer = XmlWriter.Create(output, settings);
                    {|AG0102:writer.Flush()|};
                    {|AG0102:given.Flush()|};
                }

                async Task FieldSettings(Stream output)
                {
                    await Task.Yield();
                    {|AG0102:using|} var writer = XmlWriter.Create(output, _shared);
                    {|AG0102:writer.Flush()|};
                }

                async Task TurnedOnLater(Stream output)
                {
                    await Task.Yield();
                    var settings = new XmlWriterSettings();
                    settings.Async = true;
                    {|AG0102:using|} var writer = XmlWriter.Create(output, settings);
                    {|AG0102:writer.Flush()|};
                }

                async Task Flag(Stream output, bool useAsync)
                {
                    await Task.Yield();
                    var settings = new XmlWriterSettings { Async = useAsync };
                    {|AG0102:using|} var writer = XmlWriter.Create(output, settings);
                    {|AG0102:writer.Flush()|};
                }

                async Task HandedToHelper(Stream output)
                {
                    await Task.Yield();
                    var settings = new XmlWriterSettings();
                    Configure(settings);
                    {|AG0102:using|} var writer = XmlWriter.Create(output, settings);
                    {|AG0102:writer.Flush()|};
                }

                async Task Reassigned(Stream output)
                {
                    await Task.Yield();
                    var writer = XmlWriter.Create(output);
                    writer = XmlWriter.Create(output, new XmlWriterSettings { Async = true });
                    {|AG0102:writer.Flush()|};
                }

                static void Configure(XmlWriterSettings settings) => settings.Async = true;
            }
            """);

    [Fact]
    public Task Twin_that_runs_the_sync_member_itself_is_silent() =>
        VerifyAG0102.NoDiagnostics(Usings + """
            class Binder
            {
                private readonly SemaphoreSlim _gate = new(1, 1);
                private string _text = "";
                public void Bind(string text) => _text = text;
                public async Task BindAsync(string text) { Bind(text); await Notify(); }
                public int Load(int key) => key;
                public async Task<int> LoadAsync(int key) { var value = Load(key); if (value == 0) value = await Fetch(key); return value; }
                public void Save() { }
                public async Task SaveAsync(CancellationToken ct = default) { await _gate.WaitAsync(ct); try { Save(); } finally { _gate.Release(); } }
                public static void Write(Stream s) { }
                public static async ValueTask WriteAsync(Stream s) { await Task.Yield(); Write(s); }
                private Task Notify() => Task.CompletedTask;
                private Task<int> Fetch(int key) => Task.FromResult(key);
            }

            sealed class Derived : Binder
            {
                public async Task Inside() { Bind("b"); await Task.Yield(); }
            }

            class User
            {
                async Task Use(Binder binder, Stream s)
                {
                    await Task.Yield();
                    binder.Bind("a");
                    var n = binder.Load(1);
                    binder.Save();
                    Binder.Write(s);
                }
            }
            """);

    [Fact]
    public Task Twin_that_runs_the_sync_member_only_sometimes_or_elsewhere_is_reported() =>
        VerifyAG0102.Diagnostics(Usings + """
            class Worker
            {
                public void Run(int x) { }
                public async Task RunAsync(int x) { if (x > 0) Run(x); await Task.Yield(); }
                public void Go() { }
                public Task GoAsync() => Task.Run(() => Go());
                public void Put(int x) { }
                public async Task PutAsync(int x) { Put(x + 1); await Task.Yield(); }
                public void Ping() { }
                public virtual async Task PingAsync() { Ping(); await Task.Yield(); }
                public void Loop(int x) { }
                public async Task LoopAsync(int x) { for (var i = 0; i < x; i++) { Loop(i); } await Task.Yield(); }
            }

            class User
            {
                async Task Use(Worker worker)
                {
                    await Task.Yield();
                    {|AG0102:worker.Run(1)|};
                    {|AG0102:worker.Go()|};
                    {|AG0102:worker.Put(1)|};
                    {|AG0102:worker.Ping()|};
                    {|AG0102:worker.Loop(2)|};
                }
            }
            """);
}
