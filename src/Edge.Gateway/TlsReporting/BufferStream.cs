// BufferStream: a write-only Stream into a ReportBuffer, so MimeKit can decode a part straight into the bounded
// buffer. Writes past the buffer's limit are dropped (the buffer records the overflow); they never throw.
namespace Edge.Gateway.TlsReporting;

/// <summary>Writes into a <see cref="ReportBuffer"/>.</summary>
internal sealed class BufferStream(ReportBuffer buffer) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => buffer.Length;

    public override long Position
    {
        get => buffer.Length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer1, int offset, int count) => Write(buffer1.AsSpan(offset, count));

    // Past the limit the buffer notes the overflow and drops the rest; the reader rejects the part as too large.
    public override void Write(ReadOnlySpan<byte> data) => buffer.Append(data);

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer1, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
