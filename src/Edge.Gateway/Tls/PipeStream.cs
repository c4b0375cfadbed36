// PipeStream: a Stream over an IDuplexPipe, used as SslStream's inner stream on top of Kestrel's transport.
// It never completes the pipe (Kestrel owns it), and its async paths use pooled state machines so a command
// round trip over TLS allocates nothing (PipeReader/PipeWriter.AsStream cost ~180 B per round trip).
// ReachedEnd records that the peer closed, so a failed handshake can be told apart from a bad one.
using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace Edge.Gateway.Tls;

/// <summary>Non-owning, allocation-free Stream over a duplex pipe.</summary>
internal sealed class PipeStream : Stream, IValueTaskSource<int>
{
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Action _onReadCompleted;

    // One pending read at a time (SslStream never overlaps reads on its inner stream): its state lives here and
    // the returned ValueTask is backed by this object, so a read that has to wait allocates nothing. A pooled
    // async method was measured at ~500 B per round trip here: its box cache is per thread/core, and reads are
    // started and completed on different thread-pool threads, so boxes were dropped and re-allocated.
    private ManualResetValueTaskSourceCore<int> _readSource;
    private ValueTaskAwaiter<ReadResult> _pendingRead;
    private Memory<byte> _pendingBuffer;
    private CancellationToken _pendingToken;

    public PipeStream(IDuplexPipe transport)
    {
        _input = transport.Input;
        _output = transport.Output;
        _onReadCompleted = OnReadCompleted;
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

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Fast path: data (or end) already buffered in the pipe.
        while (true)
        {
            var read = _input.ReadAsync(cancellationToken);
            if (!read.IsCompleted)
            {
                return WaitForReadAsync(read, buffer, cancellationToken);
            }

            if (TryComplete(read.GetAwaiter().GetResult(), buffer.Span, out var count))
            {
                return new ValueTask<int>(count);
            }
        }
    }

    private ValueTask<int> WaitForReadAsync(ValueTask<ReadResult> read, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        _readSource.Reset();
        _pendingBuffer = buffer;
        _pendingToken = cancellationToken;
        _pendingRead = read.GetAwaiter();
        _pendingRead.UnsafeOnCompleted(_onReadCompleted);
        return new ValueTask<int>(this, _readSource.Version);
    }

    /// <summary>Keeps the pipe read's awaiter; true when it is pending and OnReadCompleted will run later.</summary>
    private bool Park(ValueTask<ReadResult> read)
    {
        _pendingRead = read.GetAwaiter();
        if (_pendingRead.IsCompleted)
        {
            return false;
        }

        _pendingRead.UnsafeOnCompleted(_onReadCompleted);
        return true;
    }

    private void OnReadCompleted()
    {
        try
        {
            while (true)
            {
                var result = _pendingRead.GetResult();
                _pendingRead = default;
                if (TryComplete(result, _pendingBuffer.Span, out var count))
                {
                    _pendingBuffer = default;
                    _pendingToken = default;
                    _readSource.SetResult(count);
                    return;
                }

                // Woken with nothing to return (cannot normally happen: a pipe read returns data, end or cancel).
                if (Park(_input.ReadAsync(_pendingToken)))
                {
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            _pendingBuffer = default;
            _pendingToken = default;
            _readSource.SetException(ex);
        }
    }

    /// <summary>Turns a pipe read into a Stream read result; false when there is nothing to return yet.</summary>
    private bool TryComplete(ReadResult result, Span<byte> destination, out int count)
    {
        var data = result.Buffer;
        if (destination.IsEmpty)
        {
            // Zero-byte read (SslStream forwards them so idle TLS sessions hold no buffer): data is ready, consume nothing.
            _input.AdvanceTo(data.Start);
            ReachedEnd |= data.IsEmpty && result.IsCompleted;
            count = 0;
            return true;
        }

        if (!data.IsEmpty)
        {
            count = (int)Math.Min(data.Length, destination.Length);
            var slice = data.Slice(0, count);
            slice.CopyTo(destination);
            _input.AdvanceTo(slice.End);
            return true;
        }

        _input.AdvanceTo(data.End);
        count = 0;
        if (result.IsCompleted)
        {
            ReachedEnd = true;
            return true;
        }

        if (result.IsCanceled)
        {
            throw new OperationCanceledException("The read was cancelled (CancelPendingRead).");
        }

        return false;
    }

    int IValueTaskSource<int>.GetResult(short token) => _readSource.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _readSource.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _readSource.OnCompleted(continuation, state, token, flags);

    // SslStream writes whole records and does not always flush during the handshake: flush on every write.
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        CompleteFlush(_output.WriteAsync(buffer, cancellationToken));

    private ValueTask FlushCoreAsync(CancellationToken cancellationToken) => CompleteFlush(_output.FlushAsync(cancellationToken));

    // Kestrel's output pipe only makes a flush wait under back-pressure (64 KiB unsent): the common case
    // completes synchronously and must not go through an async method (a class, so an allocation, in Debug builds).
    private static ValueTask CompleteFlush(ValueTask<FlushResult> flush)
    {
        if (flush.IsCompletedSuccessfully)
        {
            ThrowIfCanceled(flush.Result);
            return default;
        }

        return AwaitFlushAsync(flush);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask AwaitFlushAsync(ValueTask<FlushResult> flush) => ThrowIfCanceled(await flush);

    private static void ThrowIfCanceled(FlushResult result)
    {
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
