namespace AsyncGuard.Analyzers.Tests.Blocking;

/// <summary>Test sources shared by the AG0102 in-memory stream tests: a concrete-member base for stream classes of the compilation.</summary>
internal static class StreamStubs
{
    /// <summary>An abstract Stream with every abstract member given a trivial body (ends with a blank line).</summary>
    public const string StreamBase = """
        public abstract class StreamBase : Stream
        {
            public override bool CanRead => true;
            public override bool CanSeek => true;
            public override bool CanWrite => true;
            public override long Length => 0;
            public override long Position { get; set; }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => 0;
            public override long Seek(long offset, SeekOrigin origin) => 0;
            public override void SetLength(long value) { }
            public override void Write(byte[] buffer, int offset, int count) { }
        }


        """ + "\n";
}
