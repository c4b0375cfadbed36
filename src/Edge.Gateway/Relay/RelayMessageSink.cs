// RelayMessageSink: the IMessageSink of a gateway with backends. At MAIL FROM it picks a backend (selector policy
// among healthy ones; panic mode: when none is left healthy, the ones marked down are tried too), takes a pooled
// connection (a stale pooled one is replaced by a fresh one), sends XFORWARD and MAIL, and fails over to the next
// backend when a connection cannot be made. When no backend answers, the client gets 451 4.4.1 and keeps the message.
// Metrics: failovers and connect latency here, transaction results and latencies in RelayTransaction, up/down and
// pool connections read from the backends' state at scrape time.
using System.Runtime.CompilerServices;
using Edge.Gateway.Configuration;
using Edge.Gateway.Metrics;
using Edge.Gateway.Threading;
using Edge.Gateway.Transactions;
using Edge.Protocol.Parsing;
using Edge.Protocol.Replies;

namespace Edge.Gateway.Relay;

/// <summary>Relays every transaction live to a backend MTA. Singleton, thread-safe.</summary>
internal sealed partial class RelayMessageSink : IMessageSink, IAsyncDisposable, IDisposable
{
    /// <summary>Failover keeps a bit per backend tried in a 64-bit mask.</summary>
    public const int MaxBackends = 64;

    private readonly BackendState[] _backends;
    private readonly IBackendSelector _selector;
    private readonly ConsecutiveFailuresHealthPolicy _health;
    private readonly RelaySettings _relay;
    private readonly ILogger _logger;
    private readonly EdgeMetrics _metrics;
    private readonly RelayRoutes _routes;
    private readonly bool _pipelineMail;
    private int _disposed;

    public RelayMessageSink(IOptions<EdgeOptions> options, EdgeMetrics metrics, ILogger<RelayMessageSink> logger, IBackendTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        _logger = logger;
        _metrics = metrics;
        _relay = RelaySettings.FromOptions(options.Value) with { Transport = transport ?? SocketBackendTransport.Instance };
        var settings = BackendSettings.FromOptions(options.Value);
        if (settings.Count is 0 or > MaxBackends)
        {
            throw new InvalidOperationException($"The relay needs 1..{MaxBackends} backends (Edge:Backends has {settings.Count}).");
        }

        _backends = new BackendState[settings.Count];
        for (var i = 0; i < _backends.Length; i++)
        {
            _backends[i] = new BackendState(settings[i], _relay, logger, metrics.Backend(settings[i].Name));
        }

        metrics.Registry.AddBeforeCollectCallback(UpdateGauges);

        _routes = new RelayRoutes(options.Value.Relay, settings);
        _pipelineMail = options.Value.Relay.PipelineMail;
        _selector = BackendSelectors.Create(_relay.Policy);
        _health = new ConsecutiveFailuresHealthPolicy(_relay.FailureThreshold, _relay.DownPeriod);
    }

    /// <summary>The backends, in configuration order.</summary>
    public IReadOnlyList<BackendState> Backends => _backends;

    /// <summary>The bit of <paramref name="backend"/> in route masks.</summary>
    public ulong Bit(BackendState backend) => 1UL << Array.IndexOf(_backends, backend);

    /// <summary>Relay-wide settings.</summary>
    public RelaySettings Settings => _relay;

    /// <summary>The passive health policy the active probes feed.</summary>
    public ConsecutiveFailuresHealthPolicy Health => _health;

    /// <inheritdoc />
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    public async ValueTask<(SinkReply Reply, IMailTransaction? Transaction)> OpenAsync(SessionInfo session, Envelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.Body == BodyType.BinaryMime)
        {
            // Content goes to backends as DATA, whose dot-stuffing canonicalises line ends: binary would not survive.
            return (SmtpReplies.BinaryMimeUnsupported, null);
        }

        if (_routes.ByRecipient || _pipelineMail)
        {
            // MAIL is answered here and the backend's transaction opens at the first RCPT, MAIL and RCPT pipelined:
            // the backend group may depend on the recipient, and it saves a backend round trip per transaction.
            return (SmtpReplies.SenderOk, new RoutedTransaction(this, _routes, session));
        }

        var (reply, transaction) = await OpenInAsync(session, envelope, RelayRoutes.All(_backends.Length), firstRecipient: -1, cancellationToken).ConfigureAwait(false);
        return (reply, transaction);
    }

    /// <summary>
    /// Opens the backend transaction on one of the <paramref name="allowed"/> backends (bit i: backend i), with
    /// failover among them; with <paramref name="firstRecipient"/> &gt;= 0 its RCPT is pipelined after MAIL when the
    /// backend offers PIPELINING (the transaction's first AddRecipientAsync reads its reply).
    /// </summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    public async ValueTask<(SinkReply Reply, RelayTransaction? Transaction)> OpenInAsync(
        SessionInfo session, Envelope envelope, ulong allowed, int firstRecipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(envelope);
        var tried = ~allowed; // backends outside the group count as tried: never picked
        BackendState? failed = null;
        while (PickNext(ref tried) is { } backend)
        {
            failed?.Metrics?.Failover(); // counted only when there is a next backend to move to

            // One backend: a pooled connection first, then (if that one turns out stale) one fresh connection.
            var name = backend.Settings.Name;
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var connection = await backend.Pool.RentAsync(allowIdle: attempt == 0 && !backend.Settings.Xclient, cancellationToken).ConfigureAwait(false);
                if (connection is null)
                {
                    Log.PoolExhausted(_logger, session.ConnectionId, name);
                    break; // the next backend
                }

                var reused = connection.IdleSince != 0;
                if (connection.IsBroken)
                {
                    await backend.Pool.DiscardAsync(connection).ConfigureAwait(false);
                    Failed(backend, session, connection);
                    break; // the next backend
                }

                if (!reused)
                {
                    ConsecutiveFailuresHealthPolicy.OnSuccess(backend);
                    backend.Metrics?.Latency(BackendStage.Connect, connection.ConnectDuration);
                    if (backend.Settings.Tls == BackendTlsMode.StartTlsOpportunistic && !connection.IsTls)
                    {
                        // DESIGN.md downgrade kind backend_without_starttls: counted once per plaintext backend connection, under
                        // the listener of the session that opened it (the backend is named in the log line).
                        Log.BackendWithoutStartTls(_logger, name, session.ConnectionId);
                        _metrics.Listener(session.ListenerName).Downgrade(DowngradeKind.BackendWithoutStartTls);
                    }
                }

                if (Refusal(connection, envelope) is { } refusal)
                {
                    backend.Pool.Return(connection);
                    return (refusal, null);
                }

                var transaction = new RelayTransaction(backend, connection, _relay, _health, _logger, session.ConnectionId);
                var outcome = await transaction.SendMailAsync(session, envelope, firstRecipient, cancellationToken).ConfigureAwait(false);
                switch (outcome)
                {
                    case MailOutcome.Accepted:
                        return (new SinkReply(connection.Reply.Code, connection.Reply.Encoded), transaction);
                    case MailOutcome.Refused:
                        // Copied (in SendMailAsync): the connection goes back to the pool before the client sees it.
                        await transaction.DisposeAsync().ConfigureAwait(false);
                        return (transaction.MailRefusal, null);
                    case MailOutcome.Unexpected:
                        await transaction.DisposeAsync().ConfigureAwait(false);
                        _health.OnFailure(backend, Environment.TickCount64);
                        return (SmtpReplies.LocalError, null);
                }

                await transaction.DisposeAsync().ConfigureAwait(false);
                if (connection.Failure == RelayFailure.Cancelled)
                {
                    return (RelayReplies.BackendLost, null); // the client left; nobody reads this
                }

                if (!reused)
                {
                    Failed(backend, session, connection);
                    break; // the next backend
                }

                // A pooled connection the backend had closed meanwhile: not the backend's fault, try a fresh one.
                Log.StaleConnection(_logger, session.ConnectionId, name, connection.FailedStage, connection.Failure);
            }

            failed = backend;
        }

        Log.NoBackend(_logger, session.ConnectionId);
        return (RelayReplies.NoBackend, null);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return; // registered as itself and as the IMessageSink: the container disposes it twice
        }

        foreach (var backend in _backends)
        {
            await backend.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void Failed(BackendState backend, SessionInfo session, BackendConnection connection)
    {
        Log.ConnectFailed(_logger, session.ConnectionId, backend.Settings.Name, connection.FailedStage, connection.Failure);
        if (connection.Failure != RelayFailure.Cancelled && _health.OnFailure(backend, Environment.TickCount64))
        {
            Log.BackendDown(_logger, backend.Settings.Name, backend.ConsecutiveFailures, _relay.DownPeriod);
        }
    }

    // At scrape time: up/down as the health policy sees it now (a down period ends without an event), and the pools.
    private void UpdateGauges()
    {
        var now = Environment.TickCount64;
        foreach (var backend in _backends)
        {
            backend.Metrics?.SetUp(backend.IsHealthy(now));
            backend.Metrics?.SetConnections(backend.Pool.OpenCount, backend.Pool.IdleCount);
        }
    }

    // Envelope requirements that depend on the backend connection, answered before MAIL is sent.
    private static SmtpReply? Refusal(BackendConnection connection, Envelope envelope)
    {
        if (envelope.SmtpUtf8 && (connection.Capabilities & BackendCapabilities.SmtpUtf8) == 0)
        {
            return RelayReplies.SmtpUtf8Unavailable;
        }

        // SECURITY: RFC 8689 5: REQUIRETLS travels only over verified TLS to a next hop that offers it.
        if (envelope.RequireTls && (!connection.IsVerifiedTls || (connection.Capabilities & BackendCapabilities.RequireTls) == 0))
        {
            return SmtpReplies.RequireTlsUnavailable;
        }

        return null;
    }

    // Healthy backends not tried yet, by policy; when none is left, the ones marked down (panic mode: a backend
    // that may be down beats certainly refusing the client).
    private BackendState? PickNext(ref ulong tried)
    {
        var candidates = ArrayPool<BackendState>.Shared.Rent(_backends.Length);
        var now = Environment.TickCount64;
        var count = 0;
        try
        {
            for (var pass = 0; pass < 2 && count == 0; pass++)
            {
                for (var i = 0; i < _backends.Length; i++)
                {
                    if ((tried & (1UL << i)) == 0 && (pass == 1 || _backends[i].IsHealthy(now)))
                    {
                        candidates[count++] = _backends[i];
                    }
                }
            }

            if (count == 0)
            {
                return null;
            }

            var chosen = candidates[_selector.Pick(candidates.AsSpan(0, count))];
            tried |= 1UL << Array.IndexOf(_backends, chosen);
            return chosen;
        }
        finally
        {
            Array.Clear(candidates, 0, count);
            ArrayPool<BackendState>.Shared.Return(candidates);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "{SessionId}: no backend could be reached; MAIL answered 451 4.4.1")]
        public static partial void NoBackend(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "{SessionId}: backend {Backend} failed at {Stage} ({Failure}); trying the next one")]
        public static partial void ConnectFailed(ILogger logger, string sessionId, string backend, RelayStage stage, RelayFailure failure);

        [LoggerMessage(EventId = 4012, Level = LogLevel.Error, Message = "Backend {Backend} marked down after {Failures} consecutive failures, for {Period}")]
        public static partial void BackendDown(ILogger logger, string backend, int failures, TimeSpan period);

        [LoggerMessage(EventId = 4013, Level = LogLevel.Warning, Message = "{SessionId}: backend {Backend} has no free connection (MaxConnections reached)")]
        public static partial void PoolExhausted(ILogger logger, string sessionId, string backend);

        [LoggerMessage(EventId = 4015, Level = LogLevel.Warning, Message = "Backend {Backend} did not offer STARTTLS; relaying in plaintext (starttls-opportunistic), connection opened for {SessionId}")]
        public static partial void BackendWithoutStartTls(ILogger logger, string backend, string sessionId);

        [LoggerMessage(EventId = 4014, Level = LogLevel.Debug, Message = "{SessionId}: pooled connection to {Backend} was stale ({Stage}, {Failure}); opening a new one")]
        public static partial void StaleConnection(ILogger logger, string sessionId, string backend, RelayStage stage, RelayFailure failure);
    }
}
