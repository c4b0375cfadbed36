// TlsInputPump: the read side of an active TLS session. One long-lived loop per connection decrypts from the
// SslStream into a Pipe whose reader is the handler's Transport.Input. Its state machine is allocated once, so a read
// that has to wait allocates nothing (a StreamPipeReader allocated a box per waiting read, and SslStream's own read
// methods one or two more; their pools hold a box per thread and per core, too few for hundreds of waiting sessions).
// Idle, it waits on the Kestrel transport for a whole TLS record and holds no buffer; SslStream is only read once that
// record is there, so the read completes without waiting (PipeStream hands SslStream one record at a time).
// The plaintext pipe can come from a TlsPipePool and go back to it once the pump stopped and the handler completed it.
using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Runtime.CompilerServices;
using Edge.Gateway.Threading;

namespace Edge.Gateway.Tls;

/// <summary>Decrypts one connection's TLS input into a pipe.</summary>
internal sealed class TlsInputPump : IAsyncDisposable
{
    // Two TLS records' worth: the handler never keeps more than a command line unconsumed, and a busy session
    // buffers at most this much plaintext ahead of it.
    private const int PauseWriterThreshold = 32 * 1024;
    private const int ResumeWriterThreshold = 16 * 1024;

    private readonly SslStream _ssl;
    private readonly PipeReader _transport;
    private readonly Pipe _pipe;
    private readonly int _readSize;
    private readonly CancellationTokenSource _stop = new();
    private ValueTask _running;
    private bool _started;

    /// <param name="ssl">The authenticated stream, over a <see cref="PipeStream"/> built with one TLS record per read.</param>
    /// <param name="transport">The Kestrel transport's reader under that PipeStream (read here only to wait for data).</param>
    /// <param name="pool">Buffers for the plaintext (Kestrel's pool).</param>
    /// <param name="bufferSize">Size of one buffer, at most the pool's.</param>
    public TlsInputPump(SslStream ssl, PipeReader transport, MemoryPool<byte> pool, int bufferSize)
        : this(ssl, transport, new Pipe(CreatePipeOptions(pool, bufferSize)), bufferSize)
    {
    }

    /// <param name="pipe">A new or reset pipe made with <see cref="CreatePipeOptions"/>.</param>
    public TlsInputPump(SslStream ssl, PipeReader transport, Pipe pipe, int bufferSize)
    {
        _ssl = ssl;
        _transport = transport;
        _readSize = bufferSize / 2;
        _pipe = pipe;
    }

    /// <summary>The plaintext: completes at the peer's close_notify or end of stream, faults with SslStream's error.</summary>
    public PipeReader Reader => _pipe.Reader;

    /// <summary>The plaintext pipe (to return to its pool once both ends completed).</summary>
    public Pipe Pipe => _pipe;

    /// <summary>Options of the plaintext pipe: buffers from <paramref name="pool"/>, back-pressure at two records' worth.</summary>
    public static PipeOptions CreatePipeOptions(MemoryPool<byte> pool, int bufferSize) =>
        new(pool, pauseWriterThreshold: PauseWriterThreshold, resumeWriterThreshold: ResumeWriterThreshold,
            minimumSegmentSize: bufferSize, useSynchronizationContext: false);

    public void Start()
    {
        // Consumed exactly once, by DisposeAsync (which every owner calls; _started guards a second call).
#pragma warning disable CA2012
        _running = RunAsync();
#pragma warning restore CA2012
        _started = true;
    }

    /// <summary>Stops reading (the caller completed <see cref="Reader"/> or is about to) and waits for the loop to end,
    /// so SslStream is no longer being read when it is shut down or disposed. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            // Read the loop's result once only (its box goes back to the pool then).
            _started = false;
            _stop.Cancel();
            await _running;
            _running = default;
        }

        _stop.Dispose();
    }

    // The loop lives as long as the session: its box comes from a shared pool (one per TLS session otherwise).
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder))]
    private async ValueTask RunAsync()
    {
        var writer = _pipe.Writer;
        var token = _stop.Token;
        Exception? error = null;
        try
        {
            // The handshake read one record at a time too, and ended with the client's last handshake record: whatever
            // the client sent after it is still on the transport. Starting there means a session that never speaks
            // holds no SslStream read (and its state-machine boxes) while it idles.
            var sslMayHoldData = false;
            while (true)
            {
                if (sslMayHoldData)
                {
                    // Zero-byte read: returns at once if SslStream holds plaintext or a whole record, otherwise waits
                    // without a buffer (SslStream forwards it to PipeStream).
#pragma warning disable CA2022 // a zero-byte read returns 0; it only waits
                    await _ssl.ReadAsync(Memory<byte>.Empty, token);
#pragma warning restore CA2022
                }
                else
                {
                    // Wait on the transport until a whole record is there (inline: a helper method would be one more
                    // async state machine, allocated whenever it waits). Consume nothing; SslStream reads it through
                    // PipeStream. Examine everything while waiting, so the next read waits for more.
                    while (true)
                    {
                        var result = await _transport.ReadAsync(token);
                        var buffer = result.Buffer;
                        var ready = result.IsCompleted || result.IsCanceled || TlsRecordHeader.StartsWithWholeRecord(buffer);
                        _transport.AdvanceTo(buffer.Start, ready ? buffer.Start : buffer.End);
                        if (ready)
                        {
                            break;
                        }
                    }
                }

                var memory = writer.GetMemory(_readSize);
                var read = await _ssl.ReadAsync(memory, token);
                if (read == 0)
                {
                    break; // close_notify, or the peer closed between records
                }

                writer.Advance(read);

                // A short read leaves SslStream empty: PipeStream gave it one record, and all of it was returned.
                sslMayHoldData = read == memory.Length;

                // Pipelined commands: decrypt every record already here before waking the handler, so it answers them
                // in one batch; bounded so a fast sender cannot outrun back-pressure.
                if ((sslMayHoldData || TransportHasWholeRecord()) && writer.UnflushedBytes < ResumeWriterThreshold)
                {
                    continue;
                }

                var flush = await writer.FlushAsync(token);
                if (flush.IsCompleted)
                {
                    break; // the handler completed its reader
                }
            }
        }
        catch (Exception ex)
        {
            // Stopped on purpose: nobody reads any more, so the cancellation is not an error.
            error = token.IsCancellationRequested ? null : ex;
        }

        await writer.CompleteAsync(error);
    }

    private bool TransportHasWholeRecord()
    {
        if (!_transport.TryRead(out var result))
        {
            return false;
        }

        var whole = TlsRecordHeader.StartsWithWholeRecord(result.Buffer);
        _transport.AdvanceTo(result.Buffer.Start);
        return whole;
    }
}
