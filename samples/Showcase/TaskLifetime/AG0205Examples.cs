namespace Showcase.TaskLifetime;

/// <summary>AG0205 — Using on an un-awaited task (an error by default; TaskLifetime/.editorconfig lowers it to a warning so that the Showcase builds).</summary>
public sealed class AG0205Examples
{
    private static Task<Stream> OpenAsync() => Task.FromResult<Stream>(new MemoryStream());

    public async Task RunAsync()
    {
        // AG0205: this disposes the Task<Stream>, never the Stream. Fix: using (await OpenAsync())
        using (OpenAsync())
        {
        }

        // Silent: the stream itself is disposed.
        using var stream = await OpenAsync();
    }
}
