// RelayTransaction: one client transaction mirrored live on one backend connection (Postfix smtpd_proxy's contract).
// Each step is forwarded and its reply class checked: 2xx/4xx/5xx of the allowed kind pass through (sanitised), a
// 421 or any unexpected class (3xx to MAIL, 2xx to DATA) breaks the connection and becomes a 4xx: the backend never
// makes promises for Edge. The end of data is answered with the backend's own final reply, or a 4xx if it never came.
// Metrics: each transaction whose MAIL was answered counts once by result; MAIL, RCPT, end of data and the whole
// transaction are timed.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Edge.Gateway.Metrics;
using Edge.Gateway.Threading;
using Edge.Gateway.Transactions;
using Edge.Protocol.Replies;

namespace Edge.Gateway.Relay;

/// <summary>A transaction relayed to a backend. Calls never overlap (one client connection drives it).</summary>
internal sealed partial class RelayTransaction : IMailTransaction
{
    private readonly BackendState _backend;
    private readonly BackendConnection _connection;
    private readonly RelaySettings _relay;
    private readonly ConsecutiveFailuresHealthPolicy _health;
    private readonly ILogger _logger;
    private readonly string _sessionId;
    private Phase _phase;
    private bool _disposed;
    private bool _counted;
    private long _mailSent;
    private bool _recipientPending;
    private bool _dataPending; // DATA went out pipelined behind a RCPT (the client's DATA was already buffered); reply unread
    private bool _chunked;
    private SinkReply? _chunkRefusal;
    private SessionInfo? _session;

    public RelayTransaction(
        BackendState backend, BackendConnection connection, RelaySettings relay, ConsecutiveFailuresHealthPolicy health, ILogger logger, string sessionId)
    {
        _backend = backend;
        _connection = connection;
        _relay = relay;
        _health = health;
        _logger = logger;
        _sessionId = sessionId;
        backend.TransactionStarted();
    }

    private enum Phase : byte { Idle, Envelope, Content, Completed }

    /// <summary>The backend.</summary>
    public BackendState Backend => _backend;

    /// <summary>The backend's refusal of MAIL (copied), after <see cref="MailOutcome.Refused"/>.</summary>
    public SinkReply MailRefusal { get; private set; }

    /// <summary>The connection (for the sink's failover decisions).</summary>
    public BackendConnection Connection => _connection;

    /// <summary>
    /// XFORWARD (when offered), MAIL and, with <paramref name="firstRecipient"/> &gt;= 0 and PIPELINING, that RCPT:
    /// one round trip when the backend offers PIPELINING (RFC 2920).
    /// </summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    public async ValueTask<MailOutcome> SendMailAsync(SessionInfo session, Envelope envelope, int firstRecipient, CancellationToken cancellationToken)
    {
        if (_backend.Settings.Xclient)
        {
            // XCLIENT replaces XFORWARD; a backend that does not offer or refuses it is misconfigured: 451 4.3.0.
            if ((_connection.Capabilities & BackendCapabilities.XClient) == 0)
            {
                return Unexpected(RelayStage.XClient);
            }

            if (!await _connection.XClientAsync(session, cancellationToken).ConfigureAwait(false))
            {
                return _connection.Failure == RelayFailure.UnexpectedReply ? Unexpected(RelayStage.XClient) : MailOutcome.Failed;
            }
        }

        var xforward = !_backend.Settings.Xclient
            && (_connection.Capabilities & BackendCapabilities.XForward) != 0 && _connection.XForward != XForwardAttributes.None;
        var pipelining = (_connection.Capabilities & BackendCapabilities.Pipelining) != 0;
        var mailWritten = false;
        _session = session;
        _mailSent = Stopwatch.GetTimestamp();
        if (xforward)
        {
            BackendCommands.WriteXForward(_connection.Output, session, _connection.XForward);
            if (pipelining)
            {
                WriteMail(session, envelope, firstRecipient);
                mailWritten = true;
            }

            if (!await _connection.ExchangeAsync(RelayStage.XForward, _relay.CommandTimeout, cancellationToken).ConfigureAwait(false))
            {
                return MailOutcome.Failed;
            }

            if (_connection.Reply.Code == 421)
            {
                // The backend closed the connection (e.g. a pooled one it timed out while idle): the sink retries the
                // transaction on a fresh connection when this one came from the pool.
                _connection.MarkBroken(RelayStage.XForward, RelayFailure.ConnectionLost);
                return MailOutcome.Failed;
            }

            if (_connection.Reply.Code != 250)
            {
                // A backend refusing XFORWARD (e.g. Edge missing from smtpd_authorized_xforward_hosts) is misconfigured.
                return Unexpected(RelayStage.XForward);
            }
        }

        if (!mailWritten)
        {
            WriteMail(session, envelope, pipelining ? firstRecipient : -1);
            if (!await _connection.ExchangeAsync(RelayStage.Mail, _relay.CommandTimeout, cancellationToken).ConfigureAwait(false))
            {
                return MailOutcome.Failed;
            }
        }
        else if (!await _connection.ReceiveAsync(RelayStage.Mail, _relay.CommandTimeout, cancellationToken).ConfigureAwait(false))
        {
            return MailOutcome.Failed;
        }

        _backend.Metrics?.Latency(BackendStage.Mail, Stopwatch.GetElapsedTime(_mailSent));
        switch (_connection.Reply.Class)
        {
            case 2:
                _phase = Phase.Envelope;
                return MailOutcome.Accepted;
            case 4 when _connection.Reply.Code == 421:
                _connection.MarkBroken(RelayStage.Mail, RelayFailure.ConnectionLost);
                return MailOutcome.Failed;
            case 4 or 5:
                Count(ResultOf(_connection.Reply.Class));
                MailRefusal = new SinkReply(_connection.Reply.Code, _connection.Reply.Encoded.ToArray());
                if (_recipientPending)
                {
                    // The pipelined RCPT's reply (a 503: no sender) is read so the connection stays in step.
                    _recipientPending = false;
                    await _connection.ReceiveAsync(RelayStage.Recipient, _relay.CommandTimeout, cancellationToken).ConfigureAwait(false);
                }

                if (_dataPending)
                {
                    // And the pipelined DATA's (a 503 as well).
                    await SettlePipelinedDataAsync(cancellationToken).ConfigureAwait(false);
                }

                return MailOutcome.Refused;
            default:
                return Unexpected(RelayStage.Mail);
        }
    }

    /// <inheritdoc />
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    public async ValueTask<SinkReply> AddRecipientAsync(Envelope envelope, int index, CancellationToken cancellationToken)
    {
        if (_phase != Phase.Envelope || _connection.IsBroken)
        {
            return RelayReplies.For(_connection.Failure);
        }

        if (_dataPending && !_recipientPending && !await SettlePipelinedDataAsync(cancellationToken).ConfigureAwait(false))
        {
            return Broken();
        }

        var sent = Stopwatch.GetTimestamp();
        if (_recipientPending)
        {
            // Already sent, pipelined with MAIL: its reply is the next one.
            _recipientPending = false;
            if (!await _connection.ReceiveAsync(RelayStage.Recipient, _relay.CommandTimeout, cancellationToken).ConfigureAwait(false))
            {
                return Broken();
            }
        }
        else
        {
            BackendCommands.WriteRecipient(_connection.Output, envelope, index, _connection.Capabilities);
            PipelineDataIfFollowing(envelope);
            if (!await _connection.ExchangeAsync(RelayStage.Recipient, _relay.CommandTimeout, cancellationToken).ConfigureAwait(false))
            {
                return Broken();
            }
        }

        _backend.Metrics?.Latency(BackendStage.Recipient, Stopwatch.GetElapsedTime(sent));

        return PassThrough(RelayStage.Recipient, allowPositive: true);
    }

    /// <inheritdoc />
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    public async ValueTask<SinkReply> BeginContentAsync(CancellationToken cancellationToken)
    {
        if (_phase != Phase.Envelope || _connection.IsBroken)
        {
            return RelayReplies.For(_connection.Failure);
        }

        if (_session is { ContentChunked: true } && !_dataPending && (_connection.Capabilities & BackendCapabilities.Chunking) != 0)
        {
            // BDAT to BDAT: no command until the first chunk; each client chunk block goes out as one BDAT.
            _chunked = true;
            _phase = Phase.Content;
            return SmtpReplies.StartMailInput;
        }

        bool answered;
        if (_dataPending)
        {
            // Sent behind the last RCPT: its reply (usually already here) is the next one.
            _dataPending = false;
            answered = await _connection.ReceiveAsync(RelayStage.Data, _relay.CommandTimeout, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _connection.Output.Write(BackendCommands.Data);
            answered = await _connection.ExchangeAsync(RelayStage.Data, _relay.CommandTimeout, cancellationToken).ConfigureAwait(false);
        }

        if (!answered)
        {
            return Broken();
        }

        if (_connection.Reply.Code == 354)
        {
            _phase = Phase.Content;
            _connection.BeginContent();
            return SmtpReplies.StartMailInput;
        }

        // DATA may only be answered 354, 4xx or 5xx; a 2xx here would be a promise the backend cannot have made.
        var refused = PassThrough(RelayStage.Data, allowPositive: false);
        if (!_connection.IsBroken)
        {
            Count(ResultOf(_connection.Reply.Class));
        }

        return refused;
    }

    /// <inheritdoc />
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder))]
    public async ValueTask WriteContentAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (!AcceptsContent(content.Span))
        {
            return;
        }

        if (_chunked)
        {
            if (_chunkRefusal is not null || content.IsEmpty)
            {
                return;
            }

            if (!await _connection.WriteChunkAsync(content, cancellationToken).ConfigureAwait(false))
            {
                Log.BackendFailed(_logger, _sessionId, _backend.Settings.Name, _connection.FailedStage, _connection.Failure);
            }
            else if (_connection.Reply.Class != 2)
            {
                // A refused chunk ends the backend's transaction (RFC 3030 4.2); its reply is the client's final one.
                var refusal = PassThrough(RelayStage.Content, allowPositive: false);
                _chunkRefusal = new SinkReply(refusal.Code, refusal.Span.ToArray());
            }

            return;
        }

        if (!await _connection.WriteContentAsync(content, cancellationToken).ConfigureAwait(false))
        {
            Log.BackendFailed(_logger, _sessionId, _backend.Settings.Name, _connection.FailedStage, _connection.Failure);
        }
    }

    /// <inheritdoc />
    public ValueTask WriteLastContentAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (_chunked)
        {
            return WriteContentAsync(content, cancellationToken); // each client chunk is a BDAT of its own
        }

        if (AcceptsContent(content.Span))
        {
            // Sent with the end of data by CompleteAsync: one write (one system call) for a message that arrived whole.
            _connection.BufferContent(content.Span);
        }

        return ValueTask.CompletedTask;
    }

    // False when the content is dropped: out of phase, broken, or 8-bit for a backend without 8BITMIME. The failure is
    // reported once, at the end of data; the client's content is read and dropped meanwhile.
    private bool AcceptsContent(ReadOnlySpan<byte> content)
    {
        if (_phase != Phase.Content || _connection.IsBroken)
        {
            return false;
        }

        if ((_connection.Capabilities & BackendCapabilities.EightBitMime) == 0 && content.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0)
        {
            // RFC 6152 3: 8-bit octets only to a server that offered 8BITMIME; Edge does not down-convert. The backend's
            // transaction is abandoned mid-content (the connection is closed, never reused): no 250 can follow.
            Count(BackendResult.Rejected);
            _connection.MarkBroken(RelayStage.Content, RelayFailure.EightBitUnsupported);
            Log.EightBitRefused(_logger, _sessionId, _backend.Settings.Name);
            return false;
        }

        return true;
    }

    /// <inheritdoc />
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    public async ValueTask<SinkReply> CompleteAsync(CancellationToken cancellationToken)
    {
        var ended = Stopwatch.GetTimestamp();
        if (_chunkRefusal is { } refused && !_connection.IsBroken)
        {
            Count(ResultOf(refused.Code / 100));
            _connection.MarkBroken(RelayStage.Content, RelayFailure.UnexpectedReply); // out of step after a refused chunk: closed
            return refused;
        }

        if (_phase != Phase.Content || _connection.IsBroken || !await EndAsync().ConfigureAwait(false))
        {
            if (_phase == Phase.Content && _connection.FailedStage == RelayStage.FinalReply)
            {
                Log.BackendFailed(_logger, _sessionId, _backend.Settings.Name, _connection.FailedStage, _connection.Failure);
            }

            return RelayReplies.For(_connection.Failure);
        }

        _phase = Phase.Completed;
        _connection.Transactions++;
        _backend.Metrics?.Latency(BackendStage.Data, Stopwatch.GetElapsedTime(ended));
        _backend.Metrics?.Latency(BackendStage.Transaction, Stopwatch.GetElapsedTime(_mailSent));
        var reply = PassThrough(RelayStage.FinalReply, allowPositive: true);
        Count(_connection.IsBroken ? BackendResult.Failed : ResultOf(_connection.Reply.Class));
        return reply;
    }

    /// <inheritdoc />
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder))]
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _backend.TransactionEnded();
        if (_phase != Phase.Idle)
        {
            // No verdict was counted: the backend broke (failed), or the client ended the transaction (aborted).
            Count(_connection.IsBroken && _connection.Failure != RelayFailure.Cancelled ? BackendResult.Failed : BackendResult.Aborted);
        }

        RecordHealth();
        if (_dataPending && !_connection.IsBroken && !await SettlePipelinedDataAsync(CancellationToken.None).ConfigureAwait(false))
        {
            // DATA went out pipelined but the client's DATA never reached the backend's turn (Edge answered it, e.g.
            // no valid recipients), and the backend now takes content (or is gone): only closing the connection is safe.
            await _backend.Pool.DiscardAsync(_connection).ConfigureAwait(false);
            return;
        }

        if (_backend.Settings.Xclient && !_connection.IsBroken && _phase != Phase.Content)
        {
            // An XCLIENT connection speaks for one client: closed after its transaction, never pooled.
            await _connection.QuitAsync().ConfigureAwait(false);
            await _backend.Pool.DiscardAsync(_connection).ConfigureAwait(false);
            return;
        }

        if (_connection.IsBroken || _phase == Phase.Content)
        {
            // Mid-DATA the backend would take whatever comes next as content: only closing the connection is safe.
            await _backend.Pool.DiscardAsync(_connection).ConfigureAwait(false);
            return;
        }

        if (_phase == Phase.Envelope)
        {
            // Aborted before the end of data: RSET ends the backend's transaction and the connection is reusable.
            _connection.Output.Write(BackendCommands.Reset);
            if (!await _connection.ExchangeAsync(RelayStage.Reset, _relay.CommandTimeout, CancellationToken.None).ConfigureAwait(false)
                || _connection.Reply.Code != 250)
            {
                await _backend.Pool.DiscardAsync(_connection).ConfigureAwait(false);
                return;
            }
        }

        // After a final reply (or a refused MAIL) the backend has no transaction open (RFC 5321 4.1.1.4): no RSET needed.
        _backend.Pool.Return(_connection);
    }

    // Passive health after MAIL (failures up to MAIL are the sink's, which may still fail over): a backend that
    // breaks transactions (lost, timed out, out of protocol) counts as failing; a final reply of any class is health.
    private void RecordHealth()
    {
        if (_phase == Phase.Completed && !_connection.IsBroken)
        {
            ConsecutiveFailuresHealthPolicy.OnSuccess(_backend);
        }
        else if (_connection.IsBroken && _connection.FailedStage > RelayStage.Mail
            && _connection.Failure is not (RelayFailure.Cancelled or RelayFailure.EightBitUnsupported) && _chunkRefusal is null)
        {
            _health.OnFailure(_backend, Environment.TickCount64);
        }
    }

    private SinkReply PassThrough(RelayStage stage, bool allowPositive)
    {
        var reply = _connection.Reply;
        if (reply.Code == 421)
        {
            // The backend is closing the connection: its text would tell the client that Edge is closing.
            _connection.MarkBroken(stage, RelayFailure.ConnectionLost);
            Log.BackendFailed(_logger, _sessionId, _backend.Settings.Name, stage, RelayFailure.ConnectionLost);
            return RelayReplies.BackendLost;
        }

        if (reply.Class is 4 or 5 || (allowPositive && reply.Class == 2))
        {
            return new SinkReply(reply.Code, reply.Encoded);
        }

        _connection.MarkBroken(stage, RelayFailure.UnexpectedReply);
        Log.UnexpectedReply(_logger, _sessionId, _backend.Settings.Name, stage, reply.Code);
        return SmtpReplies.LocalError;
    }

    private ValueTask<bool> EndAsync() => _chunked ? _connection.EndChunksAsync() : _connection.EndContentAsync();

    private void WriteMail(SessionInfo session, Envelope envelope, int recipient)
    {
        BackendCommands.WriteMail(_connection.Output, envelope, session, _connection.Capabilities);
        if (recipient >= 0)
        {
            BackendCommands.WriteRecipient(_connection.Output, envelope, recipient, _connection.Capabilities);
            _recipientPending = true;
            PipelineDataIfFollowing(envelope);
        }
    }

    // The reply to a pipelined DATA that the client's DATA never used: Edge answered the client's DATA itself (no valid
    // recipients) and the client goes on (another RCPT, RSET, QUIT), or MAIL was refused. The backend refused it too,
    // or it would take content now: then the connection is broken. False when it is.
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private async ValueTask<bool> SettlePipelinedDataAsync(CancellationToken cancellationToken)
    {
        _dataPending = false;
        if (!await _connection.ReceiveAsync(RelayStage.Data, _relay.CommandTimeout, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (_connection.Reply.Class == 3)
        {
            _connection.MarkBroken(RelayStage.Data, RelayFailure.UnexpectedReply);
            Log.UnexpectedReply(_logger, _sessionId, _backend.Settings.Name, RelayStage.Data, _connection.Reply.Code);
            return false;
        }

        return true;
    }

    // RFC 2920: DATA may end a pipelined group. When the client's DATA is already buffered behind this RCPT, the
    // backend gets its DATA in the same write: one round trip fewer per message for pipelining clients.
    private void PipelineDataIfFollowing(Envelope envelope)
    {
        if (envelope.DataFollows && (_connection.Capabilities & BackendCapabilities.Pipelining) != 0)
        {
            _connection.Output.Write(BackendCommands.Data);
            _dataPending = true;
        }
    }

    private SinkReply Broken()
    {
        Log.BackendFailed(_logger, _sessionId, _backend.Settings.Name, _connection.FailedStage, _connection.Failure);
        return RelayReplies.For(_connection.Failure);
    }

    private static BackendResult ResultOf(int replyClass) => replyClass switch
    {
        2 => BackendResult.Accepted,
        4 => BackendResult.TempFailed,
        _ => BackendResult.Rejected,
    };

    // Once per transaction: the first verdict (or failure) is the result.
    private void Count(BackendResult result)
    {
        if (!_counted)
        {
            _counted = true;
            _backend.Metrics?.Transaction(result);
        }
    }

    private MailOutcome Unexpected(RelayStage stage)
    {
        Count(BackendResult.Failed);
        Log.UnexpectedReply(_logger, _sessionId, _backend.Settings.Name, stage, _connection.Reply.Code);
        _connection.MarkBroken(stage, RelayFailure.UnexpectedReply);
        return MailOutcome.Unexpected;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "{SessionId}: 8-bit content for backend {Backend}, which does not offer 8BITMIME; transaction abandoned, the client gets 554 5.6.3")]
        public static partial void EightBitRefused(ILogger logger, string sessionId, string backend);

        [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "{SessionId}: backend {Backend} failed at {Stage} ({Failure}); the client gets a 4xx")]
        public static partial void BackendFailed(ILogger logger, string sessionId, string backend, RelayStage stage, RelayFailure failure);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "{SessionId}: backend {Backend} answered {Code} at {Stage}, which that step does not allow; replaced by 451 4.3.0")]
        public static partial void UnexpectedReply(ILogger logger, string sessionId, string backend, RelayStage stage, int code);
    }
}
