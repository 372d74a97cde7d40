using System;
using System.Threading;
using System.Threading.Tasks;
using ProjectCorpus.Library;

namespace ProjectCorpus.App
{
    internal static class Program
    {
        private static readonly DualStream Stream = new DualStream();

        private static int Main(string[] args)
        {
            var reader = new BlockReader();
            var store = new Store();
            var total = Load(store) + reader.Read(Task.FromResult(1)).Result;
            Stream.Read(new byte[4]);
            store.ThreadSleeps(1).Wait();
            return total + new Program2()?.Run(args)?.Length ?? 0;
        }

        private static int Load(Store? store) => store?.ThreadSleeps(2).Result ?? 0;
    }

    internal sealed class Program2
    {
        private Program2? _next;

        internal string? Run(string[] args)
        {
            var name = _next?.Run(args);
            Thread.Sleep(1);
            return name ?? Stream(args).GetAwaiter().GetResult();
        }

        private static Task<string> Stream(string[] args) => Task.FromResult(string.Join(",", args));
    }
}
