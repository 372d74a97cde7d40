using System.Runtime.CompilerServices;

namespace Showcase.Cancellation;

/// <summary>AG0302 — Enumerate async sequences with the available token.</summary>
public sealed class AG0302Examples
{
    private static async IAsyncEnumerable<int> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Delay(1, cancellationToken);
        yield return 1;
    }

    private static IAsyncEnumerable<int> Feed => ReadLinesAsync();

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        var count = 0;

        // AG0302: the sequence never sees the token. Fix: Feed.WithCancellation(cancellationToken).ConfigureAwait(false)
        await foreach (var line in Feed.ConfigureAwait(false))
        {
            count += line;
        }

        // Silent: the token is passed to the iterator itself.
        await foreach (var line in ReadLinesAsync(cancellationToken))
        {
            count += line;
        }

        return count;
    }
}
