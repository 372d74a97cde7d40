using System.Threading;
using System.Threading.Tasks;

namespace ProjectCorpus.Library
{
    public sealed partial class Framed
    {
        private async Task<int> FillAsync(byte[] buffer, int count, bool async) =>
            async ? await _stream.ReadAsync(buffer, 0, count) : _stream.Read(buffer, 0, count);
    }

    public partial class Store
    {
        internal async Task<int> ParseBothAsync(string text, CancellationToken cancellationToken)
        {
            var parser = new Parser();
            return await parser.ParseAsync(text, cancellationToken) + parser.Measure(text, cancellationToken: CancellationToken.None)
                + await parser.ParseAsync(cancellationToken: default, text: text);
        }
    }
}
