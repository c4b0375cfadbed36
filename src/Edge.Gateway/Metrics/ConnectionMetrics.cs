// ConnectionMetrics: the metrics view of one SMTP connection, made by SmtpConnection from the EdgeMetrics
// singleton. One-line calls from the handler land here; it tracks the session's TLS state, whether STARTTLS was
// offered, and which downgrade kinds were already reported (each kind counted and logged once per session), and
// writes the session's log lines (SessionLog: policy refusals, each message, the session's end).
using System.Diagnostics;
using Edge.Gateway.Connections;
using Edge.Gateway.Hosting;
using Edge.Gateway.Tls;
using Edge.Gateway.Transactions;
using Edge.Protocol.Parsing;
using Edge.Protocol.Replies;

namespace Edge.Gateway.Metrics;

/// <summary>Per-connection metrics and downgrade detection.</summary>
internal sealed class ConnectionMetrics
{
    private readonly ListenerMetrics _listener;
    private readonly TlsHistory _history;
    private readonly ILogger _logger;
    private readonly IPAddress? _client;
    private readonly EndPoint? _remote;
    private readonly string _connectionId;
    private readonly TlsMode _mode;
    private readonly bool _offersStartTls;
    private readonly long _started = Stopwatch.GetTimestamp();
    private int _messages;
    private int _accepted;
    private long _bytes;
    private bool _tls;
    private bool _offered;
    private int _reported;

    public ConnectionMetrics(EdgeMetrics metrics, ListenerModel listener, string connectionId, EndPoint? remote, bool tlsActive)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(listener);
        _listener = metrics.Listener(listener.Name, listener.TlsMode);
        _history = metrics.TlsHistory;
        _logger = metrics.Logger;
        _connectionId = connectionId;
        _mode = listener.TlsMode;
        _offersStartTls = listener.Session.StartTlsAvailable;
        _remote = remote;
        if (remote is IPEndPoint endpoint)
        {
            // One key per client host, whether the socket is dual-stack or not.
            _client = endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address;
        }

        if (tlsActive)
        {
            TlsStarted();
        }
    }

    public void Command(SmtpVerb verb) => _listener.Command(verb);

    public void Reply(int code) => _listener.Reply(code);

    /// <summary>A pre-encoded reply sent: counted by class, and as a policy refusal when it is one.</summary>
    public void Reply(SmtpReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        _listener.Reply(reply.Code);
        if (PolicyReasonMap.TryGet(reply, out var reason))
        {
            Rejected(reason);
        }
    }

    /// <summary>
    /// A sink's refusal of MAIL sent: counted by class and as a policy refusal; a REQUIRETLS message the sink could not
    /// relay over verified TLS is also the <c>requiretls_refused</c> downgrade.
    /// </summary>
    public void Reply(in SinkReply reply)
    {
        _listener.Reply(reply.Code);
        if (reply.Fixed is { } fixedReply && PolicyReasonMap.TryGet(fixedReply, out var reason))
        {
            Rejected(reason);
            if (reason == PolicyReason.RequireTlsUnavailable)
            {
                Downgrade(DowngradeKind.RequireTlsRefused, null);
            }
        }
    }

    /// <summary>A policy refusal inside the session: counted and logged.</summary>
    public void Rejected(PolicyReason reason)
    {
        _listener.Rejected(reason);
        SessionLog.PolicyRejection(_logger, _connectionId, _listener.Name, MetricLabels.PolicyReasons[(int)reason], _remote);
    }

    /// <summary>An AUTH exchange ended; <paramref name="login"/> false means PLAIN.</summary>
    public void Auth(bool login, AuthResult result) => _listener.Auth(login, result);

    /// <summary>HELO/EHLO answered positively; in plaintext on a STARTTLS listener, EHLO's reply offered STARTTLS.</summary>
    public void Helo(bool extended)
    {
        if (extended && !_tls && _offersStartTls)
        {
            _offered = true;
        }
    }

    /// <summary>MAIL accepted by the state machine: record TLS use, or check a plaintext MAIL for downgrades.</summary>
    public void Mail(string? helo)
    {
        if (_tls)
        {
            if (helo is not null)
            {
                _history.RecordTls(helo);
            }

            return;
        }

        if (_offered)
        {
            Downgrade(DowngradeKind.PlaintextAfterOffer, helo);
        }

        if ((_client is not null && _history.AddressUsedTls(_client)) || (helo is not null && _history.HeloUsedTls(helo)))
        {
            Downgrade(DowngradeKind.TlsPeerWentPlaintext, helo);
        }

        if (_client is not null && _history.AddressFailedHandshake(_client))
        {
            Downgrade(DowngradeKind.HandshakeFailedThenPlaintext, helo);
        }
    }

    /// <summary>Plaintext pipelined after STARTTLS was discarded.</summary>
    public void PlaintextDiscarded() => _listener.PlaintextDiscarded();

    /// <summary>The session pipelined improperly (counted once per session by the caller).</summary>
    public void ImproperPipelining() => _listener.ImproperPipelining();

    /// <summary>The connection is now in TLS (implicit at start, or after STARTTLS).</summary>
    public void TlsStarted()
    {
        _tls = true;
        _offered = false;
        if (_client is not null)
        {
            _history.RecordTls(_client);
        }
    }

    /// <summary>The STARTTLS handshake failed (the observer counts it; this remembers the address).</summary>
    public void TlsFailed()
    {
        if (_client is not null)
        {
            _history.RecordFailure(_client);
        }
    }

    /// <summary>A recipient's final answer from relay policy or the sink.</summary>
    public void Recipient(int code) => _listener.Recipient(MetricLabels.ResultOf(code));

    /// <summary>A message's final reply at end of data, with the content octets received.</summary>
    public void Message(int code, long bytes)
    {
        _listener.Message(MetricLabels.ResultOf(code), bytes);
        _messages++;
        _bytes += bytes;
        if (code is >= 200 and < 300)
        {
            _accepted++;
        }
    }

    /// <summary>
    /// A message's final reply at end of data (the sink's verdict or a policy refusal): counted, and logged with the
    /// reply text (a relay's carries the backend's queue id). Call before the sink's next call: the bytes are borrowed.
    /// </summary>
    public void Message(in SinkReply reply, long bytes, int recipients, SessionInfo session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Message(reply.Code, bytes);
        if (reply.Fixed is { } fixedReply && PolicyReasonMap.TryGet(fixedReply, out var reason))
        {
            Rejected(reason);
        }

        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var result = MetricLabels.Results[(int)MetricLabels.ResultOf(reply.Code)];
        SessionLog.Message(_logger, new MessageLogState(session.ConnectionId, session.TransactionNumber, _listener.Name, session.Client, result, bytes, recipients, reply));
    }

    /// <summary>The session is over: count it by its final TLS state.</summary>
    public void SessionEnded() => _listener.SessionEnded(!_tls ? TlsMode.None : _mode == TlsMode.Implicit ? TlsMode.Implicit : TlsMode.StartTls);

    /// <summary>The session is over: count it and log its summary line.</summary>
    public void SessionEnded(SessionInfo session)
    {
        ArgumentNullException.ThrowIfNull(session);
        SessionEnded();
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var protocol = SessionLog.Protocol(session);
        var cipher = SessionLog.Cipher(session);
        var downgrades = DowngradeKinds();
        var duration = (long)Stopwatch.GetElapsedTime(_started).TotalMilliseconds;
        var client = session.Client ?? _remote;
        SessionLog.Ended(_logger, new SessionEndLogState(_connectionId, _listener.Name, client, protocol, cipher, downgrades, _messages, _accepted, _bytes, duration));
    }

    private string DowngradeKinds()
    {
        if (_reported == 0)
        {
            return "none";
        }

        var kinds = new StringBuilder();
        for (var i = 0; i < MetricLabels.DowngradeKinds.Count; i++)
        {
            if ((_reported & (1 << i)) != 0)
            {
                kinds.Append(kinds.Length == 0 ? "" : ",").Append(MetricLabels.DowngradeKinds[i]);
            }
        }

        return kinds.ToString();
    }

    private void Downgrade(DowngradeKind kind, string? helo)
    {
        var bit = 1 << (int)kind;
        if ((_reported & bit) != 0)
        {
            return;
        }

        _reported |= bit;
        _listener.Downgrade(kind);
        DowngradeLog.Detected(_logger, _connectionId, MetricLabels.DowngradeKinds[(int)kind], _client, helo ?? "-", _listener.Name);
    }
}
