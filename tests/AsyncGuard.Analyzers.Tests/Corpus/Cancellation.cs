using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Cancellation
{
    public sealed class Context
    {
        public CancellationToken RequestAborted { get; }
    }

    public static class StringExtensions
    {
        public static Task SendAsync(this string message) => Task.CompletedTask;
        public static Task SendAsync(this string message, CancellationToken ct) => Task.CompletedTask;
    }

    public class Api
    {
        public Task Optional(string s, int x = 0, CancellationToken ct = default) => Task.CompletedTask;
        public Task Middle(int a, int b) => Task.CompletedTask;
        public Task Middle(int a, CancellationToken ct, int b) => Task.CompletedTask;
        public Task<T> Get<T>(T value) => Task.FromResult(value);
        public Task<T> Get<T>(T value, CancellationToken ct) => Task.FromResult(value);
        public Task<int> Inner(CancellationToken ct = default) => Task.FromResult(1);
        public Task Outer(int x, CancellationToken ct = default) => Task.CompletedTask;
    }

    public class Forwarding
    {
        private readonly CancellationToken _stopping;
        private static CancellationToken s_shutdown;

        public async Task Parameters(Api api, Stream stream, byte[] buffer, CancellationToken ct)
        {
            await Task.Delay(100);
            await File.ReadAllTextAsync("a");
            await Task.Delay(1, CancellationToken.None);
            await Task.Delay(1, default);
            await stream.ReadAsync(buffer, 0, 1);
            await (stream?.ReadAsync(buffer, 0, 1) ?? Task.FromResult(0));
            await api.Optional("a");
            await api.Optional(s: "a", x: 1);
            await api.Middle(1, 2);
            var n = await api.Get(42);
            await "x".SendAsync();
            await StringExtensions.SendAsync("x");
            await api.Outer(await api.Inner());
            Func<Task> lambda = () => Task.Delay(1);
            Func<CancellationToken, Task> own = inner => Task.Delay(1);
            async Task Local() => await Task.Delay(1);
            await Local();
            await lambda();
            await own(ct);
        }

        public async Task LocalsAndSources()
        {
            using var cts = new CancellationTokenSource();
            await Task.Delay(1);
            var token = cts.Token;
            await Task.Delay(2, CancellationToken.None);
        }

        public Task Fields() => Task.Delay(1);

        public static Task StaticField() => Task.Delay(1);

        public Task Hidden(int _stopping) => Task.Delay(_stopping);

        public Task Members(Context context) => Task.Delay(1);

        public Task Nullable(CancellationToken? maybe) => Task.Delay(1);
    }

    public class Enumerating
    {
        private static async IAsyncEnumerable<int> Numbers() { await Task.Yield(); yield return 1; }
        private static async IAsyncEnumerable<(int, int)> Pairs() { await Task.Yield(); yield return (1, 2); }
        private IAsyncEnumerable<int>? Maybe => null;

        public async Task<int> Sum(CancellationToken ct)
        {
            var sum = 0;
            await foreach (var x in Numbers()) { sum += x; }
            await foreach (var x in Numbers().ConfigureAwait(false)) { sum += x; }
            await foreach (var (a, b) in Pairs()) { sum += a + b; }
            await foreach (var x in Maybe ?? Numbers()) { sum += x; }
            var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
            await foreach (var x in /* keep */ Numbers() /* me */) { sum += x; }
            return sum;
        }
    }

    public class Sources
    {
        public async Task Timeouts(CancellationToken ct, int kind)
        {
            // a linked source with a timeout
            var linked = CancellationTokenSource.CreateLinkedTokenSource(ct); // trailing
            linked.CancelAfter(100);
            await Task.Delay(1, linked.Token);
            CancellationTokenSource plain = new();
            plain.Cancel();
            switch (kind)
            {
                case 1:
                    var inSection = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                    await Task.Delay(1, inSection.Token);
                    break;
            }
        }
    }

    public class Accepting
    {
        public async Task<string> LoadAsync(string path)
        {
            await Task.Delay(1);
            await Task.Delay(1, CancellationToken.None);
            Func<Task> later = () => Task.Delay(2);
            await later();
            return await File.ReadAllTextAsync(path);
        }

        public async Task RunAsync(int cancellationToken, params string[] paths)
        {
            foreach (var p in paths)
            {
                await File.ReadAllTextAsync(p);
            }
        }

        protected Task<string> ReadAsync(string path) => File.ReadAllTextAsync(path);
    }

    public sealed class Worker(CancellationToken stopping)
    {
        public Task Run() => Task.Delay(1);
    }
}
