// WireStream: the client's side of the socket under its SslStream, shaping what reaches the server: writes cut into
// pieces of ChunkSize octets (a TLS record arrives in fragments, its header split), writes held back while Corked and
// sent in one send by ReleaseAsync (many records in one segment; CorkAfterWrites holds everything after the first
// writes, e.g. a TLS 1.3 client's Finished and its first data), or the next write cut short (a record truncated).
using System.Net.Sockets;

namespace Edge.Gateway.Tests.Tls;

internal sealed class WireStream(Socket socket) : Stream
{
    private readonly NetworkStream _network = new(socket, ownsSocket: true);
    private readonly MemoryStream _held = new();
    private int _truncateNextWriteTo = -1;
    private int _writes;

    /// <summary>Octets per send (0: the whole write in one send).</summary>
    public int ChunkSize { get; set; }

    /// <summary>Hold writes until <see cref="ReleaseAsync"/>.</summary>
    public bool Corked { get; set; }

    /// <summary>Cork once this many writes have gone out (0: never).</summary>
    public int CorkAfterWrites { get; set; }

    public Socket Socket { get; } = socket;

    /// <summary>The next write sends only its first <paramref name="count"/> octets.</summary>
    public void TruncateNextWriteTo(int count) => _truncateNextWriteTo = count;

    /// <summary>Sends everything held back in one send and uncorks.</summary>
    public async Task ReleaseAsync()
    {
        Corked = false;
        var held = _held.ToArray();
        _held.SetLength(0);
        await Socket.SendAsync(held);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_truncateNextWriteTo >= 0)
        {
            buffer = buffer[..Math.Min(_truncateNextWriteTo, buffer.Length)];
            _truncateNextWriteTo = -1;
        }

        if (CorkAfterWrites > 0 && ++_writes > CorkAfterWrites)
        {
            CorkAfterWrites = 0;
            Corked = true;
        }

        if (Corked)
        {
            _held.Write(buffer.Span);
            return;
        }

        var chunk = ChunkSize > 0 ? ChunkSize : buffer.Length;
        for (var offset = 0; offset < buffer.Length; offset += chunk)
        {
            await Socket.SendAsync(buffer.Slice(offset, Math.Min(chunk, buffer.Length - offset)), cancellationToken);
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _network.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => _network.Read(buffer, offset, count);

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _network.Dispose();
            _held.Dispose();
        }

        base.Dispose(disposing);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
