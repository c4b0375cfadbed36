// ConnectionMetrics: the metrics view of one SMTP connection, made by SmtpConnection from the EdgeMetrics
// singleton. One-line calls from the handler land here; it tracks the session's TLS state, whether STARTTLS was
// offered, and which downgrade kinds were already reported (each kind counted and logged once per session).
using Edge.Gateway.Hosting;
using Edge.Gateway.Tls;
using Edge.Protocol.Parsing;

namespace Edge.Gateway.Metrics;

/// <summary>Per-connection metrics and downgrade detection.</summary>
internal sealed class ConnectionMetrics
{
    private readonly ListenerMetrics _listener;
    private readonly TlsHistory _history;
    private readonly ILogger _logger;
    private readonly IPAddress? _client;
    private readonly string _connectionId;
    private readonly TlsMode _mode;
    private readonly bool _offersStartTls;
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
    public void Message(int code, long bytes) => _listener.Message(MetricLabels.ResultOf(code), bytes);

    /// <summary>The session is over: count it by its final TLS state.</summary>
    public void SessionEnded() => _listener.SessionEnded(!_tls ? TlsMode.None : _mode == TlsMode.Implicit ? TlsMode.Implicit : TlsMode.StartTls);

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
