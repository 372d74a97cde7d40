// Corpus for the style rules AG0501–AG0503 (off by default): StyleCorpusSoundnessTests turns them on and checks
// that every fix and Fix All still compiles. Library code, so AG0501's default `library` mode applies.
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Style
{
    public interface IRepository
    {
        Task Save(string item, CancellationToken cancellationToken);

        int CountAsync();
    }

    public sealed class Repository : IRepository
    {
        private readonly List<string> _items = new List<string>();

        public async Task Save(string item, CancellationToken cancellationToken)
        {
            await Task.Delay(1, cancellationToken);
            _items.Add(item);
        }

        public int CountAsync() => _items.Count;
    }

    public abstract class Job
    {
        public abstract Task Run(CancellationToken cancellationToken);

        public virtual ValueTask Stop() => default;
    }

    public sealed class CopyJob : Job
    {
        public override async Task Run(CancellationToken cancellationToken) => await Task.Delay(1, cancellationToken);

        public override async ValueTask Stop() => await Task.Yield();
    }

    public class Loader
    {
        private Task<int>? _pending;

        public async Task<string> Read(string path, CancellationToken cancellationToken)
        {
            using var reader = new StreamReader(path);
            return await reader.ReadToEndAsync(cancellationToken);
        }

        public async IAsyncEnumerable<int> Numbers([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            for (var i = 0; i < 3; i++)
            {
                await Task.Delay(1, cancellationToken);
                yield return i;
            }
        }

        public async Task<int> Sum(CancellationToken cancellationToken)
        {
            var total = 0;
            await foreach (var n in Numbers(cancellationToken))
            {
                total += n;
            }

            await foreach (var n in Numbers().WithCancellation(cancellationToken))
            {
                total += n;
            }

            return total;
        }

        public async Task Copy(Stream source, CancellationToken cancellationToken)
        {
            await using (var target = new MemoryStream())
            {
                await source.CopyToAsync(target, cancellationToken);
            }

            await using (new MemoryStream())
            {
            }

            await using var temp = new MemoryStream();
            await temp.FlushAsync(cancellationToken);
        }

        public async ValueTask<int> Twice(Func<Task<int>> produce) => await produce() + await (produce());

        public async Task<int> Pending(Loader? other) => await (other?._pending ?? Task.FromResult(0)) + await Task.FromResult(1);

        public async Task<int> Nested(Task<Task<int>> outer) => await await outer;

        public async Task Lambdas(CancellationToken cancellationToken)
        {
            Func<Task> later = async () => await Task.Delay(1, cancellationToken);
            async Task Local() => await later();
            await Local();
        }

        public Task<int> Chain(Task<int>? task) => task ?? Task.FromResult(0);

        public string FormatAsync(int n) => n.ToString();

        public int LengthAsync(string text) => FormatAsync(text.Length).Length;

        public void Use(IRepository repository)
        {
            _ = FormatAsync(repository.CountAsync());
        }
    }
}
