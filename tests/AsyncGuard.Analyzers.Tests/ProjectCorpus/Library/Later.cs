// The rules added last (AG0104, AG0211-AG0214, AG0305, AG0306) at project scope: a dual core split across files, awaits on
// `?.` calls, a long-running async delegate, tasks used as values, a deferred task sequence, a registration never
// disposed, and unused token parameters whose callers are in another file (Store) and in another project (App, through
// InternalsVisibleTo).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("App")]

namespace ProjectCorpus.Library
{
    public sealed partial class Framed
    {
        private readonly Stream _stream = new MemoryStream(new byte[32]);

        public int ReadFrame(byte[] buffer) => ReadFrameCore(buffer, false).GetAwaiter().GetResult();

        public Task<int> ReadFrameAsync(byte[] buffer) => ReadFrameCore(buffer, true);

        private async Task<int> ReadFrameCore(byte[] buffer, bool async)
        {
            // AG0104: the async path reads the header synchronously.
            var header = await FillAsync(buffer, 4, async: false);
            return header + (async ? await _stream.ReadAsync(buffer, 4, buffer.Length - 4) : _stream.Read(buffer, 4, buffer.Length - 4));
        }
    }

    public sealed class Relay
    {
        private readonly Connection? _connection = new Connection();
        private readonly Stream _sink = new MemoryStream();

        // AG0211, both fixes (a statement) and the coalescing one (a value); where nullable warnings are on, the compiler's
        // CS8602 reports these instead (and carries the fix).
#nullable disable warnings
        public async Task ForwardAsync()
        {
            await _connection?.FlushAsync();
            var count = await _connection?.CountAsync();
            _sink.WriteByte((byte)count);
        }
#nullable restore warnings

        // AG0212: an async delegate on a dedicated thread.
        public async Task PumpAsync(CancellationToken cancellationToken)
        {
            await Task.Factory.StartNew(async () => await PumpOnceAsync(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        private async Task PumpOnceAsync(CancellationToken cancellationToken) => await Task.Delay(1, cancellationToken);

        // AG0213: tasks formatted where their results were meant.
        public async Task LogAsync(Connection connection)
        {
            await Task.Yield();
            Console.WriteLine("count " + connection.CountAsync());
        }

        internal Task<string> DescribeAsync(Connection connection) => Task.FromResult($"{connection.CountAsync()} items");

        internal string Summary(Connection connection) => "n=" + connection.CountAsync();

        internal async Task<bool> IsFirstAsync(Task work, Task timeout)
        {
            await Task.Yield();
            return Task.WhenAny(work, timeout) == timeout;
        }

        // AG0212 and AG0211 inside lambdas and an expression body.
        internal Task StartAsync() => Task.Factory.StartNew(async () => await PumpOnceAsync(CancellationToken.None), TaskCreationOptions.LongRunning).Unwrap();

#nullable disable warnings
        internal Func<Task> Flusher(Connection? other) => async () => await other?.FlushAsync();

        internal async Task FlushBothAsync(Connection? other)
        {
            await (other?.Session?.Owner?.FlushAsync());
            await other?.FlushAsync();
        }
#nullable restore warnings

        // AG0214: the deferred sequence runs its tasks twice.
        internal async Task<int> SumAsync(IEnumerable<int> ids)
        {
            var tasks = ids.Select(id => LoadAsync(id));
            await Task.WhenAll(tasks);
            var total = 0;
            foreach (var task in tasks)
            {
                total += await task;
            }

            return total;
        }

        private Task<int> LoadAsync(int id) => Task.FromResult(id);

        internal async Task<int> CountTwiceAsync(int[] ids)
        {
            IEnumerable<Task<int>> tasks = from id in ids select LoadAsync(id);
            await Task.WhenAll(tasks);
            return tasks.Count() + (await Task.WhenAll(tasks)).Length;
        }

        internal async Task<int> SwitchAsync(int kind, TaskCompletionSource<int> pending, CancellationToken cancellationToken)
        {
            switch (kind)
            {
                case 1:
                    _ = cancellationToken.Register(() => pending.TrySetCanceled());
                    return await pending.Task;
                default:
                    var registration = cancellationToken.Register(static state => ((TaskCompletionSource<int>)state!).TrySetCanceled(), pending);
                    return await pending.Task;
            }
        }

        // AG0305: the registration outlives the wait.
        internal async Task<int> WaitAsync(TaskCompletionSource<int> pending, CancellationToken cancellationToken)
        {
            cancellationToken.Register(() => pending.TrySetCanceled(cancellationToken));
            return await pending.Task;
        }
    }

    // AG0306: unused tokens of internal members (both fixes), called from Later.Callers.cs and from App.
    internal sealed class Parser
    {
        private int _parsed;

        /// <summary>Parses <paramref name="text"/>.</summary>
        /// <param name="text">The text.</param>
        /// <param name="cancellationToken">Not observed yet.</param>
        internal async Task<int> ParseAsync(string text, CancellationToken cancellationToken)
        {
            await Task.Yield();
            _parsed += text.Length;
            return _parsed;
        }

        internal int Measure(string text, CancellationToken cancellationToken = default) => text.Length + _parsed;

        internal async Task<int> TwiceAsync(string text)
        {
            return await Half(text, CancellationToken.None) * 2;

            async Task<int> Half(string value, CancellationToken token)
            {
                await Task.Yield();
                return value.Length / 2;
            }
        }
    }
}
