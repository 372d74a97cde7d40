using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ProjectCorpus.Library
{
    // One core serves both the synchronous and the asynchronous API (the `async` flag decides, at run time).
    public sealed class DualStream
    {
        private readonly Stream _stream = new MemoryStream(new byte[16]);

        public int Read(byte[] buffer) => ReadCore(false, buffer, CancellationToken.None).GetAwaiter().GetResult();

        public Task<int> ReadAsync(byte[] buffer, CancellationToken cancellationToken) => ReadCore(true, buffer, cancellationToken);

        private async Task<int> ReadCore(bool async, byte[] buffer, CancellationToken cancellationToken)
        {
            if (async)
            {
                return await _stream.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
            }

            return _stream.Read(buffer, 0, buffer.Length);
        }

        public void Write(byte[] buffer) => WriteCore(buffer, false).AsTask().GetAwaiter().GetResult();

        public ValueTask WriteAsync(byte[] buffer) => WriteCore(buffer, true);

        private async ValueTask WriteCore(byte[] buffer, bool useAsync)
        {
            if (useAsync)
            {
                await _stream.WriteAsync(buffer, 0, buffer.Length).ConfigureAwait(false);
            }
            else
            {
                _stream.Write(buffer, 0, buffer.Length);
            }
        }

        internal int ReadTwice(byte[] buffer) => Read(buffer) + Read(buffer);
    }
}
