// RecordingStream: a write-only Stream that keeps what was written, counts Write calls, and can hold the first write
// until the test releases it (so a test decides deterministically what the next batch contains).
using System.Text;

namespace Edge.Gateway.Tests.Logging;

internal sealed class RecordingStream(bool holdFirstWrite = false) : Stream
{
    private readonly MemoryStream _data = new();
    private readonly ManualResetEventSlim _release = new(!holdFirstWrite);
    private readonly ManualResetEventSlim _firstWriteStarted = new(false);
    private readonly Lock _lock = new();

    public int Writes { get; private set; }

    public string Text
    {
        get
        {
            lock (_lock)
            {
                return Encoding.UTF8.GetString(_data.ToArray());
            }
        }
    }

    /// <summary>Waits until the writer thread is inside its first Write.</summary>
    public void WaitForFirstWrite() => Assert.True(_firstWriteStarted.Wait(TimeSpan.FromSeconds(10)), "the writer never wrote");

    public void Release() => _release.Set();

    public override void Write(byte[] buffer, int offset, int count)
    {
        _firstWriteStarted.Set();
        Assert.True(_release.Wait(TimeSpan.FromSeconds(10)), "the test never released the write");
        lock (_lock)
        {
            Writes++;
            _data.Write(buffer, offset, count);
        }
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _release.Dispose();
            _firstWriteStarted.Dispose();
        }

        base.Dispose(disposing);
    }
}
