namespace Showcase.Style;

/// <summary>
/// AG0501 — Use ConfigureAwait(false) in library code (off by default; enabled by ../.editorconfig, which also sets
/// `configure_await_mode = always` for this folder, because the default `library` mode skips executables like this one).
/// </summary>
public sealed class AG0501Examples
{
    private static async IAsyncEnumerable<int> NumbersAsync()
    {
        await Task.Yield();
        yield return 1;
    }

    public async Task<int> SumAsync(Stream stream, CancellationToken cancellationToken)
    {
        // AG0501: resumes on the caller's context. Fix: await stream.FlushAsync(cancellationToken).ConfigureAwait(false)
        await stream.FlushAsync(cancellationToken);

        // AG0501 on `await foreach`: the fix composes with WithCancellation: NumbersAsync().WithCancellation(cancellationToken).ConfigureAwait(false)
        var total = 0;
        await foreach (var n in NumbersAsync().WithCancellation(cancellationToken))
        {
            total += n;
        }

        // AG0501 on `await using`. Fix: await using (new BufferedStream(stream).ConfigureAwait(false))
        await using (new BufferedStream(stream))
        {
        }

        // Silent: MemoryStream's DisposeAsync (Stream's own) completes synchronously, there is nothing to resume.
        await using (new MemoryStream())
        {
        }

        // Silent: already configured, and Task.Yield() has no ConfigureAwait.
        await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        await Task.Yield();
        return total;
    }
}
