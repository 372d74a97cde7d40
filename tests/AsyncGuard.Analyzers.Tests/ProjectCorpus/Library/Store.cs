// Project-scope fix soundness: a partial class across files, `?.` chains, spans and unsafe code, a method that
// serves both sync and async callers, and callers in other files and in another project (App).
using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ProjectCorpus.Library
{
    public sealed class Connection
    {
        public Connection? Next { get; set; }

        public Session? Session { get; set; }

        public Task<int> CountAsync() => Task.FromResult(1);

        public Task<string> NameAsync(CancellationToken cancellationToken = default) => Task.FromResult("name");

        public Task FlushAsync() => Task.CompletedTask;

        public Connection Self() => this;

        public int Count() => 1;

        public void Flush() { }
    }

    public sealed class Session
    {
        public Connection? Owner { get; set; }

        public Task<Connection?> OpenAsync() => Task.FromResult<Connection?>(new Connection());

        public Task<int>[] Pending { get; } = new[] { Task.FromResult(1) };
    }

    public partial class Store
    {
        private readonly Connection? _connection = new Connection();
        private readonly Session? _session = new Session();
        private readonly object _gate = new object();
        private Task<int> _warm = Task.FromResult(0);

        // `?.` chains around blocking waits: the waits may not become awaits inside the chain.
        internal int ChainedCount() => _connection?.Next?.CountAsync().Result ?? 0;

        internal int ChainedName() => _connection?.Self().NameAsync().GetAwaiter().GetResult()?.Length ?? 0;

        internal void ChainedFlush() => _connection?.Session?.Owner?.FlushAsync().Wait();

        internal int ElementChain() => _session?.Pending[0].Result ?? 0;

        internal int OpenedCount() => _session?.OpenAsync().Result?.CountAsync().Result ?? 0;

        // A wait in an argument of a `?.` call may become an await: `x?.M(await t)`.
        internal void ArgumentOfConditional(List<int>? sink) => sink?.Add(_warm.Result);

        // Plain waits next to chains: these convert, and their callers in other files follow.
        internal int Total() => _connection!.CountAsync().Result + LocalCount();

        internal string Describe(Connection? other)
        {
            var name = other?.NameAsync().Result;
            return (name ?? "none") + Total();
        }

        private int LocalCount() => Sync.Helpers.Block(_warm);

        internal void Locked(Task t)
        {
            lock (_gate)
            {
                t.Wait();
            }
        }

        public Task<int> ThreadSleeps(int delay)
        {
            Thread.Sleep(delay);
            return Task.FromResult(delay);
        }

        public Task<string> ReadsFile(string path)
        {
            var text = File.ReadAllText(path);
            return Task.FromResult(text);
        }
    }
}
