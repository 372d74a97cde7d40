using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

// Usage: AsyncGuard.EditorTest <project folder> <file to open> <expected rule id> [timeout seconds]
// Starts `dotnet csharp-ls` in the folder, answers its configuration requests with analyzers enabled, opens the file and
// waits until the server publishes a diagnostic with the expected id and a link to the rule's page.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: AsyncGuard.EditorTest <project folder> <file> <rule id> [timeout seconds]");
    return 2;
}

var folder = Path.GetFullPath(args[0]);
var file = Path.GetFullPath(Path.Combine(folder, args[1]));
var ruleId = args[2];
var timeout = TimeSpan.FromSeconds(args.Length > 3 ? int.Parse(args[3]) : 240);
var fileUri = new Uri(file).AbsoluteUri;

var start = new ProcessStartInfo("dotnet", "tool run csharp-ls --loglevel warning")
{
    WorkingDirectory = folder,
    RedirectStandardInput = true,
    RedirectStandardOutput = true,
    RedirectStandardError = true,
    UseShellExecute = false,
};
using var server = Process.Start(start) ?? throw new InvalidOperationException("csharp-ls did not start");
server.ErrorDataReceived += (_, e) => { if (e.Data != null) Console.Error.WriteLine("[csharp-ls] " + e.Data); };
server.BeginErrorReadLine();
var input = server.StandardInput.BaseStream;
var output = server.StandardOutput.BaseStream;
var nextId = 1;

void Send(JsonObject message)
{
    message["jsonrpc"] = "2.0";
    var body = Encoding.UTF8.GetBytes(message.ToJsonString());
    var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
    input.Write(header);
    input.Write(body);
    input.Flush();
}

void Request(string method, JsonNode? parameters) => Send(new JsonObject { ["id"] = nextId++, ["method"] = method, ["params"] = parameters });

void Notify(string method, JsonNode? parameters) => Send(new JsonObject { ["method"] = method, ["params"] = parameters });

JsonObject? Read()
{
    var length = -1;
    var line = new StringBuilder();
    while (true)
    {
        var b = output.ReadByte();
        if (b < 0)
        {
            return null;
        }

        if (b == '\n')
        {
            var text = line.ToString().TrimEnd('\r');
            line.Clear();
            if (text.Length == 0)
            {
                break;
            }

            if (text.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(text.Substring("Content-Length:".Length).Trim());
            }
        }
        else
        {
            line.Append((char)b);
        }
    }

    var buffer = new byte[length];
    var read = 0;
    while (read < length)
    {
        var n = output.Read(buffer, read, length - read);
        if (n <= 0)
        {
            return null;
        }

        read += n;
    }

    return JsonNode.Parse(buffer)?.AsObject();
}

var settings = new JsonObject { ["analyzersEnabled"] = true };
Request("initialize", new JsonObject
{
    ["processId"] = Environment.ProcessId,
    ["rootUri"] = new Uri(folder + Path.DirectorySeparatorChar).AbsoluteUri,
    ["capabilities"] = new JsonObject
    {
        ["workspace"] = new JsonObject { ["configuration"] = true },
        ["textDocument"] = new JsonObject { ["publishDiagnostics"] = new JsonObject { ["codeDescriptionSupport"] = true } },
    },
    ["initializationOptions"] = new JsonObject { ["csharp"] = settings.DeepClone() },
});

var watch = Stopwatch.StartNew();
var opened = false;
var reader = Task.Run(() =>
{
    while (true)
    {
        var message = Read();
        if (message is null)
        {
            return (false, "the server closed its output");
        }

        var method = message["method"]?.GetValue<string>();
        if (method is null && message["id"]?.GetValue<int>() == 1 && !opened)
        {
            // The initialize response: finish the handshake and open the document.
            Notify("initialized", new JsonObject());
            Notify("workspace/didChangeConfiguration", new JsonObject { ["settings"] = new JsonObject { ["csharp"] = settings.DeepClone() } });
            Notify("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject
                {
                    ["uri"] = fileUri,
                    ["languageId"] = "csharp",
                    ["version"] = 1,
                    ["text"] = File.ReadAllText(file),
                },
            });
            opened = true;
            continue;
        }

        if (method == "workspace/configuration" && message["id"] is { } configId)
        {
            var items = message["params"]?["items"]?.AsArray();
            var result = new JsonArray();
            for (var i = 0; i < (items?.Count ?? 1); i++)
            {
                result.Add(settings.DeepClone());
            }

            Send(new JsonObject { ["id"] = configId.DeepClone(), ["result"] = result });
            continue;
        }

        if (method != null && message["id"] is { } otherId)
        {
            // Any other server request (progress tokens, capability registration): acknowledge it.
            Send(new JsonObject { ["id"] = otherId.DeepClone(), ["result"] = null });
            continue;
        }

        if (method == "textDocument/publishDiagnostics" && message["params"]?["uri"]?.GetValue<string>() == fileUri)
        {
            foreach (var diagnostic in message["params"]?["diagnostics"]?.AsArray() ?? new JsonArray())
            {
                var code = diagnostic?["code"]?.ToString();
                var href = diagnostic?["codeDescription"]?["href"]?.GetValue<string>();
                if (code == ruleId)
                {
                    Console.WriteLine($"csharp-ls published {code} after {watch.Elapsed.TotalSeconds:F0}s: {diagnostic?["message"]} (link: {href ?? "none"})");
                    return href != null && href.EndsWith("docs/rules/" + ruleId + ".md", StringComparison.Ordinal)
                        ? (true, "ok")
                        : (false, "the diagnostic has no link to its rule page");
                }
            }
        }
    }
});

var finished = await Task.WhenAny(reader, Task.Delay(timeout));
var (ok, why) = finished == reader ? reader.Result : (false, $"no {ruleId} diagnostic within {timeout.TotalSeconds:F0}s");
try
{
    server.Kill(entireProcessTree: true);
}
catch (InvalidOperationException)
{
}

Console.WriteLine(ok ? $"editor test passed: {ruleId} shown with its link" : $"editor test FAILED: {why}");
return ok ? 0 : 1;
