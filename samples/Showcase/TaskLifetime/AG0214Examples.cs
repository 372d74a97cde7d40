namespace Showcase.TaskLifetime;

/// <summary>AG0214 — Deferred sequence of tasks enumerated twice.</summary>
public sealed class AG0214Examples
{
    private static async Task<string> DownloadAsync(int page)
    {
        await Task.Yield();
        return "page " + page;
    }

    public static async Task RunAsync(int[] pages)
    {
        // The query is deferred: each enumeration calls DownloadAsync again for every page.
        // Fix: var downloads = pages.Select(p => DownloadAsync(p)).ToArray();
        var downloads = pages.Select(p => DownloadAsync(p));
        await Task.WhenAll(downloads);

        // AG0214: the second enumeration downloads every page again.
        foreach (var download in downloads)
        {
            Console.WriteLine(await download);
        }

        // Silent: materialised once.
        var once = pages.Select(p => DownloadAsync(p)).ToArray();
        await Task.WhenAll(once);
        Console.WriteLine(once.Length);
    }
}
