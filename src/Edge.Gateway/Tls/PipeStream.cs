// PipeStream: a Stream over an IDuplexPipe, used as SslStream's inner stream on top of Kestrel's transport.
// It never completes the pipe (Kestrel owns it). A command round trip over TLS allocates nothing: synchronous
// fast paths, and waiting reads completed by a per-stream pump through a reusable IValueTaskSource
// (PipeReader/PipeWriter.AsStream cost ~180 B per round trip).
// ReachedEnd records that the peer closed, so a failed handshake can be told apart from a bad one.
// Under SslStream it can hand over one TLS record per read, so a short SslStream read means SslStream buffers nothing
// (what lets TlsInputPump wait on the transport instead of inside SslStream).
// It can also leave writes in the transport's output until a flush, or until a read has to wait for the peer, so
// records written one after another leave in one segment (TLS 1.3 session tickets with the first reply, the last
// reply with close_notify): one system call per flush instead of one per record.
using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using Edge.Gateway.Threading;

namespace Edge.Gateway.Tls;

/// <summary>Non-owning, allocation-free Stream over a duplex pipe.</summary>
internal sealed class PipeStream : Stream, IValueTaskSource<int>, IValueTaskSource<bool>
{
    private readonly PipeReader _input;
    private readonly PipeWriter _output;

    // A read that has to wait is completed by a per-stream pump (one long-lived async method) through a reusable
    // IValueTaskSource, so waiting allocates nothing in any build: the pump's state machine box is allocated once,
    // and Kestrel's pipe queues it to the thread pool without a work-item allocation (it special-cases async
    // method boxes; a plain Action continuation costs 32 B per wake-up, a per-read async method a box per read in
    // Debug builds, where state machines are classes). SslStream never overlaps reads on its inner stream.
    private ManualResetValueTaskSourceCore<int> _readSource;
    private ManualResetValueTaskSourceCore<bool> _wakeSource;
    private ValueTask<ReadResult> _pendingRead;
    private bool _hasPendingRead;
    private Memory<byte> _pendingBuffer;
    private CancellationToken _pendingToken;
    private int _pumpState;

    // One TLS record per read: octets of the current record not yet handed over (0: the next read starts a record).
    private readonly bool _oneRecordPerRead;
    private int _recordRemaining;

    // Writes wait in the transport's output for a flush (or for a read that has to wait) instead of each flushing.
    private readonly bool _flushOnWrite;
    private bool _unflushed;
    private ValueTask<FlushResult> _pendingFlush;
    private bool _hasPendingFlush;

    private const int PumpNotStarted = 0;
    private const int PumpReading = 1;
    private const int PumpParked = 2;
    private const int PumpStopped = 3;

    /// <param name="transport">The pipe to read and write; never completed here.</param>
    /// <param name="oneTlsRecordPerRead">Never return octets past the end of the TLS record a read starts in (see
    /// <see cref="TlsInputPump"/>). SslStream then never holds a second record: when it returns less than asked for,
    /// everything it read was decrypted and handed over. Reads wait for a whole record header first.</param>
    /// <param name="flushOnWrite">Flush the transport after every write (true), or only on <see cref="Stream.FlushAsync(CancellationToken)"/>
    /// and before a read waits for the peer (false; the owner must flush what a last write left, see <see cref="HasUnflushedWrites"/>).</param>
    public PipeStream(IDuplexPipe transport, bool oneTlsRecordPerRead = false, bool flushOnWrite = true)
    {
        _input = transport.Input;
        _output = transport.Output;
        _oneRecordPerRead = oneTlsRecordPerRead;
        _flushOnWrite = flushOnWrite;
    }

    /// <summary>The reader reported completion (peer closed) with no data left.</summary>
    public bool ReachedEnd { get; private set; }

    /// <summary>Written octets wait in the transport's output for a flush.</summary>
    public bool HasUnflushedWrites => _unflushed;

    /// <summary>While set, <see cref="Stream.FlushAsync(CancellationToken)"/> leaves what was written in the transport's
    /// output; a read that has to wait for the peer still flushes it first.</summary>
    public bool HoldFlushes { get; set; }

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
        ObjectDisposedException.ThrowIf(_pumpState == PumpStopped, this);

        // Fast path: data (or end) already buffered in the pipe.
        var read = _input.ReadAsync(cancellationToken);
        if (read.IsCompleted)
        {
            if (TryComplete(read.GetAwaiter().GetResult(), buffer.Span, out var count))
            {
                return new ValueTask<int>(count);
            }

            _hasPendingRead = false;
        }
        else
        {
            _pendingRead = read;
            _hasPendingRead = true;
        }

        // About to wait for the peer: it may be waiting for what was written (a handshake flight) first.
        if (_unflushed)
        {
            _unflushed = false;
            var flush = _output.FlushAsync(CancellationToken.None);
            if (flush.IsCompletedSuccessfully)
            {
                ThrowIfCanceled(flush.Result);
            }
            else
            {
                _pendingFlush = flush;
                _hasPendingFlush = true;
            }
        }

        _readSource.Reset();
        _pendingBuffer = buffer;
        _pendingToken = cancellationToken;
        if (_pumpState == PumpNotStarted)
        {
            _pumpState = PumpReading;
            _ = PumpAsync();
        }
        else
        {
            _pumpState = PumpReading;
            _wakeSource.SetResult(true);
        }

        return new ValueTask<int>(this, _readSource.Version);
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            int count = 0;
            Exception? error = null;
            try
            {
                if (_hasPendingFlush)
                {
                    // The flush before this read hit back-pressure: let the peer drain it before waiting on it.
                    _hasPendingFlush = false;
                    var flush = _pendingFlush;
                    _pendingFlush = default;
                    ThrowIfCanceled(await flush);
                }

                while (true)
                {
                    var result = _hasPendingRead ? await _pendingRead : await _input.ReadAsync(_pendingToken);
                    _hasPendingRead = false;
                    _pendingRead = default;
                    if (TryComplete(result, _pendingBuffer.Span, out count))
                    {
                        break;
                    }
                }
            }
            catch (Exception ex)
            {
                error = ex;
            }

            _pendingBuffer = default;
            _pendingToken = default;

            // Park before completing the read: SslStream may start the next read from inside SetResult.
            _wakeSource.Reset();
            var wake = new ValueTask<bool>(this, _wakeSource.Version);
            if (Interlocked.CompareExchange(ref _pumpState, PumpParked, PumpReading) == PumpStopped)
            {
                CompleteRead(count, error);
                return;
            }

            CompleteRead(count, error);
            if (!await wake)
            {
                return;
            }
        }
    }

    private void CompleteRead(int count, Exception? error)
    {
        if (error is null)
        {
            _readSource.SetResult(count);
        }
        else
        {
            _readSource.SetException(error);
        }
    }

    protected override void Dispose(bool disposing)
    {
        // Release a parked pump; a pump still waiting on the pipe ends when Kestrel completes or cancels it.
        if (Interlocked.Exchange(ref _pumpState, PumpStopped) == PumpParked)
        {
            _wakeSource.SetResult(false);
        }

        base.Dispose(disposing);
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
            var available = data.Length;
            if (_oneRecordPerRead)
            {
                if (_recordRemaining == 0)
                {
                    if (!TlsRecordHeader.TryGetRecordSize(data, out _recordRemaining))
                    {
                        if (!result.IsCompleted)
                        {
                            // Part of a header: wait for the rest (examined all, consumed nothing).
                            _input.AdvanceTo(data.Start, data.End);
                            ThrowIfCanceled(result);
                            count = 0;
                            return false;
                        }

                        // The peer closed mid-header: hand over what there is, SslStream reports the truncation.
                        _recordRemaining = (int)data.Length;
                    }
                }

                available = Math.Min(available, _recordRemaining);
            }

            count = (int)Math.Min(available, destination.Length);
            var slice = data.Slice(0, count);
            slice.CopyTo(destination);
            _input.AdvanceTo(slice.End);
            if (_oneRecordPerRead)
            {
                _recordRemaining -= count;
            }

            return true;
        }

        _input.AdvanceTo(data.End);
        count = 0;
        if (result.IsCompleted)
        {
            ReachedEnd = true;
            return true;
        }

        ThrowIfCanceled(result);
        return false;
    }

    private static void ThrowIfCanceled(ReadResult result)
    {
        if (result.IsCanceled)
        {
            throw new OperationCanceledException("The read was cancelled (CancelPendingRead).");
        }
    }

    int IValueTaskSource<int>.GetResult(short token) => _readSource.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _readSource.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _readSource.OnCompleted(continuation, state, token, flags);

    bool IValueTaskSource<bool>.GetResult(short token) => _wakeSource.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _wakeSource.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _wakeSource.OnCompleted(continuation, state, token, flags);

    // SslStream writes whole records and does not always flush during the handshake: flush on every write, or keep
    // the record in the transport's output for the next flush or the next read that waits (see flushOnWrite).
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_flushOnWrite)
        {
            return CompleteFlush(_output.WriteAsync(buffer, cancellationToken));
        }

        ObjectDisposedException.ThrowIf(_pumpState == PumpStopped, this);
        cancellationToken.ThrowIfCancellationRequested();
        _output.Write(buffer.Span);
        _unflushed = true;
        return default;
    }

    private ValueTask FlushCoreAsync(CancellationToken cancellationToken)
    {
        if (HoldFlushes)
        {
            return default;
        }

        _unflushed = false;
        return CompleteFlush(_output.FlushAsync(cancellationToken));
    }

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

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder))]
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
