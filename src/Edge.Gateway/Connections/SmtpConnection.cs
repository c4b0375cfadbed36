// SmtpConnection: the one read loop of one SMTP connection. It reads the Kestrel pipe, lets Edge.Protocol
// frame and decide, writes replies (one flush per read batch), and drives the sink for MAIL/RCPT/content.
// Timeouts come from Kestrel's heartbeat (no CancellationTokenSource per command); shutdown from the
// connection's close-requested notification.
using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Edge.Gateway.Hosting;
using Edge.Gateway.Metrics;
using Edge.Gateway.Threading;
using Edge.Gateway.Tls;
using Edge.Gateway.Transactions;
using Edge.Protocol.Framing;
using Edge.Protocol.Parsing;
using Edge.Protocol.Replies;
using Edge.Protocol.Session;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Connections;

/// <summary>Per-connection state and loop. Created by <see cref="SmtpConnectionHandler"/> for each connection.</summary>
internal sealed partial class SmtpConnection : IAsyncDisposable
{
    private readonly ConnectionContext _context;
    private readonly ListenerModel _listener;
    private readonly IMessageSink _sink;
    private readonly ILogger _logger;
    private readonly IStartTlsFeature? _tls;
    private readonly SmtpSession _session;
    private readonly SessionInfo _info;
    private readonly Envelope _envelope = new();
    private readonly ConnectionMetrics _metrics;
    private CommandLineReader _lines;
    private DataFramer _data;
    private BdatFramer _chunk;
    private ContentMode _mode;
    private IMailTransaction? _transaction;
    private PooledBufferWriter? _content;
    private bool _contentOpen; // the sink began this transaction's content (DATA 354 or the first BDAT chunk)
    private SmtpReply? _contentFailure;
    private CancellationTokenSource? _dataTermination;
    private Decision _discardDecision;
    private long _deadline = long.MaxValue;
    private int _timedOut;
    private volatile bool _shutdownRequested;
    private volatile bool _idle;
    private bool _clientSpoke;
    private int _pendingRecipient;
    private long _chunkSize;
    private bool _chunkLast;

    public SmtpConnection(ConnectionContext context, ListenerModel listener, IMessageSink sink, EdgeMetrics metrics, ILogger logger)
    {
        _context = context;
        _listener = listener;
        _sink = sink;
        _logger = logger;
        _tls = context.Features.Get<IStartTlsFeature>();
        _session = new SmtpSession(listener.Session, _tls?.IsActive ?? false);
        _metrics = new ConnectionMetrics(metrics, listener, context.ConnectionId, context.RemoteEndPoint, _session.IsTls);
        _lines = new CommandLineReader(listener.MaxCommandLineLength);
        _data = new DataFramer(listener.BareLineEndings);
        _chunk = new BdatFramer(listener.BareLineEndings);
        _info = new SessionInfo
        {
            ConnectionId = context.ConnectionId,
            ListenerName = listener.Name,
            Client = context.RemoteEndPoint as System.Net.IPEndPoint,
        };
        CaptureTls();
    }

    private enum ContentMode : byte { Commands, Data, Chunk, DiscardChunk }

    private PipeWriter Output => _context.Transport.Output;

    public async Task RunAsync()
    {
        RegisterTimersAndShutdown();
        Output.Write(_listener.Session.Greeting.Span);
        _metrics.Reply(_listener.Session.Greeting.Code);
        if ((await Output.FlushAsync().ConfigureAwait(false)).IsCompleted)
        {
            return;
        }

        while (_session.State != SessionState.Closed)
        {
            // Re-read the transport on every turn: STARTTLS replaces it (KESTREL-TLS.md pitfall 1).
            var input = _context.Transport.Input;
            ArmDeadline();
            ReadResult result;
            try
            {
                result = await input.ReadAsync().ConfigureAwait(false);
            }
            finally
            {
                DisarmDeadline();
            }

            if (result.IsCanceled)
            {
                if (await HandleInterruptAsync().ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            var buffer = result.Buffer;
            _clientSpoke |= !buffer.IsEmpty;
            var swapped = false;
            var flushSwapped = false;
            while (true)
            {
                var step = Process(ref buffer);
                if (step == Step.NeedMore)
                {
                    break;
                }

                if (step == Step.StartTls)
                {
                    swapped = true;
                    if (!await StartTlsAsync(input, buffer).ConfigureAwait(false))
                    {
                        return;
                    }

                    break;
                }

                if (step == Step.Authenticate)
                {
                    // The SASL exchange reads its own lines: give back what follows the AUTH line first.
                    swapped = true;
                    flushSwapped = true;
                    input.AdvanceTo(buffer.Start);
                    await AuthenticateAsync(input).ConfigureAwait(false);
                    if (_session.State == SessionState.Closed)
                    {
                        await Output.FlushAsync().ConfigureAwait(false);
                        return;
                    }

                    break;
                }

                if (step == Step.Close)
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                    await FlushLastReplyAsync().ConfigureAwait(false);
                    return;
                }

                await ExecuteAsync(step).ConfigureAwait(false);
                AfterStep();
                if (_session.State == SessionState.Closed)
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                    await Output.FlushAsync().ConfigureAwait(false);
                    return;
                }
            }

            if (swapped)
            {
                // After STARTTLS nothing was written to the new transport (flushing it would only send TLS 1.3's
                // session tickets on their own, see TlsConnection).
                if (flushSwapped)
                {
                    await Output.FlushAsync().ConfigureAwait(false);
                }
            }
            else
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                var flush = await Output.FlushAsync().ConfigureAwait(false);
                if (flush.IsCompleted || result.IsCompleted)
                {
                    return;
                }
            }
        }
    }

    /// <summary>The reply that ends the session (221 to QUIT, or a closing error). Over TLS it stays in the TLS pipe:
    /// TlsConnection.CloseAsync encrypts it and sends it with close_notify, in one send instead of two.</summary>
    private ValueTask<FlushResult> FlushLastReplyAsync() =>
        _tls is { IsActive: true } ? default : Output.FlushAsync();

    public async ValueTask DisposeAsync()
    {
        _metrics.SessionEnded(_info);
        await AbortTransactionAsync().ConfigureAwait(false);
        _content?.Dispose();
        _envelope.Dispose();
        _dataTermination?.Dispose();
    }

    /// <summary>Called when a read was cancelled: timeout or shutdown. Returns true when the session is over.</summary>
    private async ValueTask<bool> HandleInterruptAsync()
    {
        if (Volatile.Read(ref _timedOut) != 0)
        {
            Log.Timeout(_logger, _context.ConnectionId, _session.State);
            Output.Write(SmtpReplies.Timeout.Span);
            _metrics.Reply(SmtpReplies.Timeout.Code);
            await Output.FlushAsync().ConfigureAwait(false);
            _session.Close();
            return true;
        }

        if (_shutdownRequested && _mode == ContentMode.Commands && !_session.InTransaction)
        {
            Output.Write(SmtpReplies.ShuttingDown.Span);
            _metrics.Reply(SmtpReplies.ShuttingDown.Code);
            await Output.FlushAsync().ConfigureAwait(false);
            _session.Close();
            return true;
        }

        return false;
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private async ValueTask<bool> StartTlsAsync(PipeReader input, ReadOnlySequence<byte> buffer)
    {
        // SECURITY: every byte the client sent after the STARTTLS line is plaintext that must never run inside
        // TLS (CVE-2011-0411, "NO STARTTLS"): consume it all with the line, log and count it.
        var residue = buffer.Length;
        input.AdvanceTo(buffer.End);
        if (residue > 0)
        {
            Log.StartTlsResidueDiscarded(_logger, _context.ConnectionId, residue);
            _metrics.PlaintextDiscarded();
        }

        if ((await Output.FlushAsync().ConfigureAwait(false)).IsCompleted)
        {
            return false;
        }

        if (_tls is null || !await _tls.UpgradeAsync(_context.ConnectionClosed).ConfigureAwait(false))
        {
            // The client is mid-handshake: no plaintext reply is possible. Close.
            _metrics.TlsFailed();
            _session.Close();
            return false;
        }

        await AbortTransactionAsync().ConfigureAwait(false);
        _envelope.Clear();
        _session.TlsStarted();
        _metrics.TlsStarted();
        _lines = new CommandLineReader(_listener.MaxCommandLineLength);
        _info.Helo = null;
        CaptureTls();
        if (residue > 0 && _listener.StartTlsInjection == Policy.StartTlsInjectionAction.Reject)
        {
            Log.StartTlsInjectionRejected(_logger, _context.ConnectionId);
            await RejectInjectionAsync().ConfigureAwait(false);
            return false;
        }

        return true;
    }

    private void CaptureTls()
    {
        var handshake = _tls?.Handshake;
        if (handshake is not null)
        {
            _info.TlsProtocol = handshake.Protocol;
            _info.TlsCipher = handshake.NegotiatedCipherSuite;
        }
    }

    private void RegisterTimersAndShutdown()
    {
        _context.Features.Get<IConnectionHeartbeatFeature>()?.OnHeartbeat(static state => ((SmtpConnection)state).OnHeartbeat(), this);
        var lifetime = _context.Features.Get<IConnectionLifetimeNotificationFeature>();
        lifetime?.ConnectionClosedRequested.UnsafeRegister(static state => ((SmtpConnection)state!).OnShutdownRequested(), this);
    }

    private void OnHeartbeat()
    {
        if (Environment.TickCount64 > Volatile.Read(ref _deadline) && Interlocked.Exchange(ref _timedOut, 1) == 0)
        {
            _context.Transport.Input.CancelPendingRead();
        }
    }

    private void OnShutdownRequested()
    {
        _shutdownRequested = true;
        Interlocked.MemoryBarrier(); // store, then load: pairs with ArmDeadline (see there)
        if (_idle)
        {
            _context.Transport.Input.CancelPendingRead();
        }
    }

    private void ArmDeadline()
    {
        var timeout = _mode is not ContentMode.Commands ? _listener.Timeouts.DataBlock
            : _clientSpoke ? _listener.Timeouts.Command
            : _listener.Timeouts.Greeting;
        Volatile.Write(ref _deadline, Environment.TickCount64 + (long)timeout.TotalMilliseconds);
        _idle = _mode == ContentMode.Commands && !_session.InTransaction;

        // Each side stores its flag, then loads the other's. volatile alone lets a store be reordered after the
        // following load (x86 store buffer), so both could miss each other and an idle session would get no 421
        // until the drain timeout; a full fence on both sides makes at least one of them cancel the read.
        Interlocked.MemoryBarrier();
        if (_idle && _shutdownRequested)
        {
            _context.Transport.Input.CancelPendingRead();
        }
    }

    private void DisarmDeadline()
    {
        _idle = false;
        Volatile.Write(ref _deadline, long.MaxValue);
    }
}
