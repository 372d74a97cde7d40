namespace Showcase.Style;

/// <summary>
/// AG0506 — CancellationToken parameter should come last (off by default; enabled by ../.editorconfig, which also turns
/// the SDK's CA1068 off for this file and asks AG0506 to report there: where CA1068 is on, it reports these methods and
/// AG0506 stays silent).
/// </summary>
public sealed class AG0506Examples
{
    // AG0506: the token comes first. Fix: SendAsync(string message, CancellationToken cancellationToken), and the call below follows.
    public Task SendAsync(CancellationToken cancellationToken, string message) => Task.Delay(message.Length, cancellationToken);

    public Task CallAsync(CancellationToken cancellationToken) => SendAsync(cancellationToken, "ping");

    // Silent: an optional parameter may follow a required token.
    public Task RetryAsync(CancellationToken cancellationToken, int attempts = 3) => Task.Delay(attempts, cancellationToken);
}
