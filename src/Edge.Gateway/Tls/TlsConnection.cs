// TlsConnection: the IStartTlsFeature of one connection on a TLS-capable listener. UpgradeAsync runs the server
// handshake over the current transport (SslStream over a PipeStream) and swaps ConnectionContext.Transport for a
// pipe over the SslStream (input: a TlsInputPump, output: a StreamPipeWriter); CloseAsync undoes it (complete the TLS
// pipe, stop the pump, close_notify, dispose, restore transport).
// The PipeStream under SslStream flushes when a read waits for the client and when the handler flushes, not per
// record: TLS 1.3 session tickets (written after the client's Finished, which the client does not wait for) leave with
// the first reply, and the last reply leaves with close_notify, one send each instead of two.
// One handshake attempt per connection; failures are classified and reported to the observer.
using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Security.Cryptography;
using Edge.Gateway.Connections;
using Edge.Gateway.Threading;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Edge.Gateway.Tls;

/// <summary>TLS state of one connection.</summary>
internal sealed class TlsConnection : IStartTlsFeature
{
    // Kestrel's pool hands out 4 KiB blocks; larger buffers would fall back to unpooled arrays.
    private const int MaxTlsBufferSize = 4096;
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(1);

    private static readonly ServerOptionsSelectionCallback SelectOptions =
        static (_, hello, state, _) => ValueTask.FromResult(((CertificateStore)state!).GetOptions(hello.ServerName));

    private readonly TlsUpgradeMiddleware _owner;
    private readonly ConnectionContext _context;
    private IDuplexPipe? _original;
    private PipeStream? _inner;
    private SslStream? _ssl;
    private TlsDuplexPipe? _pipe;
    private TlsInputPump? _pump;
    private bool _attempted;

    public TlsConnection(TlsUpgradeMiddleware owner, ConnectionContext context)
    {
        _owner = owner;
        _context = context;
    }

    public bool IsActive => _pipe is not null;

    public bool CanStartTls => _owner.Settings.Mode == TlsMode.StartTls && !_attempted && CertificateStore.HasCertificate;

    public TlsHandshakeInfo? Handshake { get; private set; }

    public ValueTask<bool> UpgradeAsync(CancellationToken cancellationToken)
    {
        // SECURITY: one handshake per connection; no second STARTTLS, no renegotiation through this door.
        if (_attempted)
        {
            return ValueTask.FromResult(false);
        }

        _attempted = true;
        return HandshakeAsync(cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private async ValueTask<bool> HandshakeAsync(CancellationToken cancellationToken)
    {
        var settings = _owner.Settings;
        var started = Stopwatch.GetTimestamp();
        var transport = _context.Transport;
        var inner = new PipeStream(transport, oneTlsRecordPerRead: true, flushOnWrite: false);
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);

        // The handshake must finish within the listener's timeout: on expiry the pending transport read is cancelled
        // (a timer per handshake, not a linked CancellationTokenSource with two registrations plus CancelAfter's timer).
        // The peer going away needs no token: Kestrel completes the input pipe, which ends the read.
        var deadline = new ReadDeadline(transport.Input, settings.HandshakeTimeout, TimeProvider.System);

        HandshakeFailureReason reason;
        Exception? error = null;
        try
        {
            // SECURITY: plaintext where a ClientHello belongs (commands sent after STARTTLS's 220 without waiting)
            // is refused by its first byte, before SslStream sees it.
            var (verdict, firstByte) = await TlsRecordSniffer.PeekAsync(transport.Input, cancellationToken);
            if (verdict == TlsRecordSniffer.Verdict.Tls)
            {
                // SslStream flushes after each flight; a flight only has to leave before SslStream waits for the
                // client's next one, which PipeStream does. What the last step wrote is decided below.
                inner.HoldFlushes = true;
                await ssl.AuthenticateAsServerAsync(SelectOptions, _owner.Certificates, cancellationToken);
                inner.HoldFlushes = false;

                // Done exactly at the deadline: its read cancellation may already be issued and would hit the first
                // SMTP read inside TLS. Count it as the timeout it was.
                if (deadline.TryStop())
                {
                    await deadline.DisposeAsync();

                    // TLS 1.2 ends with the server's Finished, which the client waits for; TLS 1.3 ends with session
                    // tickets it does not wait for: they leave with the first reply.
                    if (ssl.SslProtocol != SslProtocols.Tls13)
                    {
                        await inner.FlushAsync(cancellationToken);
                    }

                    Activate(transport, inner, ssl, started);
                    return true;
                }

                throw new OperationCanceledException("The TLS handshake finished at its deadline.");
            }

            if (verdict == TlsRecordSniffer.Verdict.NotTls)
            {
                TlsUpgradeMiddleware.Log.NotTls(_owner.Logger, _context.ConnectionId, settings.ListenerName, firstByte);
                reason = HandshakeFailureReason.NotTls;
            }
            else
            {
                reason = HandshakeFailureReason.ClientGone;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or AuthenticationException or CryptographicException or ObjectDisposedException)
        {
            error = ex;
            reason = cancellationToken.IsCancellationRequested ? HandshakeFailureReason.Other
                : _context.ConnectionClosed.IsCancellationRequested || inner.ReachedEnd ? HandshakeFailureReason.ClientGone
                : deadline.HasExpired ? HandshakeFailureReason.Timeout
                : HandshakeFailureClassifier.Classify(ex);
        }

        await deadline.DisposeAsync();

        // Nothing can be written after a failed handshake (the peer is in TLS state): the caller closes. An alert
        // SslStream wrote on the way out still goes.
        if (inner.HasUnflushedWrites)
        {
            await FlushBoundedAsync(transport, sendCloseNotify: null);
        }

        await ssl.DisposeAsync();
        var elapsed = Stopwatch.GetElapsedTime(started);
        _owner.Observer.HandshakeFailed(settings.ListenerName, settings.Mode, reason, elapsed);
        TlsUpgradeMiddleware.Log.HandshakeFailed(_owner.Logger, _context.ConnectionId, settings.ListenerName, settings.Mode, reason, elapsed.TotalMilliseconds, error);
        return false;
    }

    private void Activate(IDuplexPipe transport, PipeStream inner, SslStream ssl, long started)
    {
        var settings = _owner.Settings;
        var (pool, bufferSize) = Buffers();

        // The pump waits for input on the transport, as a zero-byte read would: an idle TLS session holds no buffer.
        var pump = new TlsInputPump(ssl, transport.Input, _owner.Pipes.Rent(pool, bufferSize), bufferSize);
        var output = PipeWriter.Create(ssl, new StreamPipeWriterOptions(pool, bufferSize, leaveOpen: true));

        var info = TlsHandshakeInfo.From(ssl);
        _original = transport;
        _inner = inner;
        _ssl = ssl;
        _pump = pump;
        _pipe = new TlsDuplexPipe(pump.Reader, output);
        _context.Transport = _pipe;
        pump.Start();
        Handshake = info;
        _context.Features.Set<ITlsHandshakeFeature>(info);

        var elapsed = Stopwatch.GetElapsedTime(started);
        _owner.Observer.HandshakeSucceeded(settings.ListenerName, settings.Mode, info.Protocol, elapsed);
        TlsUpgradeMiddleware.Log.HandshakeSucceeded(_owner.Logger, _context.ConnectionId, settings.ListenerName, settings.Mode, info.Protocol, info.NegotiatedCipherSuite, info.HostName, elapsed.TotalMilliseconds);
    }

    private (MemoryPool<byte> Pool, int BufferSize) Buffers()
    {
        var pool = _context.Features.Get<IMemoryPoolFeature>()?.MemoryPool ?? MemoryPool<byte>.Shared;
        return (pool, pool.MaxBufferSize is > 0 and < MaxTlsBufferSize ? pool.MaxBufferSize : MaxTlsBufferSize);
    }

    private void ReturnPipe(Pipe pipe)
    {
        var (pool, bufferSize) = Buffers();
        _owner.Pipes.Return(pipe, pool, bufferSize);
    }

    /// <summary>Ends TLS: completes the TLS pipe (encrypting what the handler left), sends close_notify when the
    /// handler ended in order and the peer is still there, flushes both in one send, disposes the SslStream, restores
    /// the original transport.</summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder))]
    public async ValueTask CloseAsync(bool orderly)
    {
        if (_pipe is null || _pump is null || _ssl is null || _original is null || _inner is null)
        {
            return;
        }

        try
        {
            await _pipe.Input.CompleteAsync();
            await _pump.DisposeAsync();
            _inner.HoldFlushes = true;
            await _pipe.Output.CompleteAsync();
            await FlushBoundedAsync(_original, orderly && !_context.ConnectionClosed.IsCancellationRequested ? _ssl : null);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or AuthenticationException or InvalidOperationException)
        {
            TlsUpgradeMiddleware.Log.CloseFailed(_owner.Logger, _context.ConnectionId, ex);
        }
        finally
        {
            // After a failure above the pump may still be running: SslStream must not be read while it is disposed.
            await _pump.DisposeAsync();
            await _ssl.DisposeAsync();

            // Both ends of the plaintext pipe are complete now (the handler's here, the pump's as it ended), and the
            // connection no longer points at it: reusable.
            await _pipe.Input.CompleteAsync();
            _context.Transport = _original;
            ReturnPipe(_pump.Pipe);
            _pipe = null;
            _pump = null;
            _ssl = null;
            _inner = null;
        }
    }

    /// <summary>Sends close_notify first when <paramref name="sendCloseNotify"/> is given, then flushes what waits in
    /// the transport's output; bounded, since a peer that stopped reading would hold the flush forever.</summary>
    private async ValueTask FlushBoundedAsync(IDuplexPipe transport, SslStream? sendCloseNotify)
    {
        var done = SendAsync(transport, sendCloseNotify);
        try
        {
            await done.WaitAsync(ShutdownTimeout);
        }
        catch (TimeoutException)
        {
            TlsUpgradeMiddleware.Log.ShutdownTimedOut(_owner.Logger, _context.ConnectionId, ShutdownTimeout.TotalMilliseconds);
            transport.Output.CancelPendingFlush();
            await done;
        }
    }

    private static async Task SendAsync(IDuplexPipe transport, SslStream? sendCloseNotify)
    {
        if (sendCloseNotify is not null)
        {
            // RFC 8446 6.1: close_notify tells the peer the session ended on purpose (not truncated). The PipeStream
            // holds flushes now, so this only encrypts it into the transport's output, behind the last reply.
            await sendCloseNotify.ShutdownAsync();
        }

        await transport.Output.FlushAsync();
    }
}
