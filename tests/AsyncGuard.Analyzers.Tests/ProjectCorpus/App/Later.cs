using System.Threading;
using System.Threading.Tasks;
using ProjectCorpus.Library;

namespace ProjectCorpus.App
{
    // Calls into Library's internals (InternalsVisibleTo): the AG0306 removal reaches them across projects.
    internal static class Later
    {
        internal static async Task<int> ParseAllAsync(CancellationToken cancellationToken)
        {
            var parser = new Parser();
            cancellationToken.ThrowIfCancellationRequested();
            return await parser.ParseAsync("abc", CancellationToken.None) + parser.Measure("de") + parser.Measure("f", default);
        }

        internal static string Describe(Relay relay, Connection connection) => relay.Summary(connection) + relay.DescribeAsync(connection).Result;
    }
}
