namespace Showcase.TaskLifetime;

/// <summary>AG0211 — Awaiting a null-conditional call.</summary>
public sealed class AG0211Examples
{
    public sealed class Channel
    {
        public Task SendAsync() => Task.CompletedTask;

        public Task<int> CountAsync() => Task.FromResult(1);
    }

// Nullable warnings off for this file: with them on, the compiler's CS8602 reports the same site and AG0211 leaves it to
// the compiler (its fix is offered on CS8602 too).
#nullable disable warnings
    public async Task<int> RunAsync(Channel channel)
    {
        // AG0211: when channel is null, `await null` throws NullReferenceException.
        // Fix: if (channel is not null) await channel.SendAsync();  or  await (channel?.SendAsync() ?? Task.CompletedTask);
        await channel?.SendAsync();

        // AG0211 on a Task<int>. Fix: await (channel?.CountAsync() ?? Task.FromResult(default(int)))
        var count = await channel?.CountAsync();

        // Silent: the null case falls back to a completed task.
        await (channel?.SendAsync() ?? Task.CompletedTask);
        return count;
    }
#nullable restore warnings
}
