// PipeStream: a Stream over an IDuplexPipe, used as SslStream's inner stream on top of Kestrel's transport.
// It never completes the pipe (Kestrel owns it), and its async paths use pooled state machines so a command
// round trip over TLS allocates nothing (PipeReader/PipeWriter.AsStream cost ~180 B per round trip).
// ReachedEnd records that the peer closed, so a failed handshake can be told apart from a bad one.
using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Edge.Gateway.Tls;

/// <summary>Non-owning, allocation-free Stream over a duplex pipe.</summary>
internal sealed class PipeStream : Stream
{
    private readonly PipeReader _input;
    private readonly PipeWriter _output;

    public PipeStream(IDuplexPipe transport)
    {
        _input = transport.Input;
        _output = transport.Output;
    }

    /// <summary>The reader reported completion (peer closed) with no data left.</summary>
    public bool ReachedEnd { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken);
            var data = result.Buffer;

            if (buffer.IsEmpty)
            {
                // Zero-byte read (SslStream forwards them so idle TLS sessions hold no buffer): data is ready, consume nothing.
                _input.AdvanceTo(data.Start);
                if (data.IsEmpty && result.IsCompleted)
                {
                    ReachedEnd = true;
                }

                return 0;
            }

            if (!data.IsEmpty)
            {
                var count = (int)Math.Min(data.Length, buffer.Length);
                var slice = data.Slice(0, count);
                slice.CopyTo(buffer.Span);
                _input.AdvanceTo(slice.End);
                return count;
            }

            _input.AdvanceTo(data.End);
            if (result.IsCompleted)
            {
                ReachedEnd = true;
                return 0;
            }

            if (result.IsCanceled)
            {
                throw new OperationCanceledException("The read was cancelled (CancelPendingRead).");
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // SslStream writes whole records and does not always flush during the handshake: flush on every write.
        var result = await _output.WriteAsync(buffer, cancellationToken);
        if (result.IsCanceled)
        {
            throw new OperationCanceledException("The flush was cancelled (CancelPendingFlush).");
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FlushCoreAsync(CancellationToken cancellationToken)
    {
        var result = await _output.FlushAsync(cancellationToken);
        if (result.IsCanceled)
        {
            throw new OperationCanceledException("The flush was cancelled (CancelPendingFlush).");
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => FlushCoreAsync(cancellationToken).AsTask();

    // Synchronous paths exist for Stream's contract only; SslStream is always driven asynchronously here.
    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() => FlushCoreAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
