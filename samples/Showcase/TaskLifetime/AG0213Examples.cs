using System.Text;

namespace Showcase.TaskLifetime;

/// <summary>AG0213 — Task used as a value where its result was meant.</summary>
public sealed class AG0213Examples
{
    private static Task<int> CountAsync() => Task.FromResult(3);

    public static async Task RunAsync(Task work, Task timeout)
    {
        // AG0213: prints "Found System.Threading.Tasks.Task`1[System.Int32] items". Fix: {await CountAsync()}
        Console.WriteLine($"Found {CountAsync()} items");

        // AG0213: the builder appends the task's type name. Fix: .Append(await CountAsync())
        var text = new StringBuilder().Append("count=").Append(CountAsync()).ToString();
        Console.WriteLine(text);

        // AG0213: compares the Task<Task> returned by WhenAny with a task: never true. Fix: await Task.WhenAny(work, timeout) == timeout
        if (Task.WhenAny(work, timeout) == timeout)
        {
            Console.WriteLine("timed out");
        }

        // Silent: the result is awaited.
        Console.WriteLine($"Found {await CountAsync()} items");
    }
}
