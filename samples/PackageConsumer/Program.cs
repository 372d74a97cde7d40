// A consumer of the packed AsyncGuard.Analyzers package. `.ci/run` checks that AG0101 is reported here,
// then applies its fix with `dotnet format analyzers` and checks that the fixed copy builds clean.
var length = await Downloads.LengthAsync(Task.FromResult("hello"));
Console.WriteLine(length);

public static class Downloads
{
    public static async Task<int> LengthAsync(Task<string> download)
    {
        await Task.Yield();
        return download.Result.Length; // AG0101
    }

    public static Task<int> CountAsync(Task<int[]> items) => Task.FromResult(items.Result.Length); // AG0101, fix makes it async

    // AG0503 (a style rule, off by default): shown only under <AsyncGuardMode>strict</AsyncGuardMode>.
    public static int ParseAsync(string text) => int.Parse(text);
}
