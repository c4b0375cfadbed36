// ListenerMetrics: every labelled child of one listener, made once when the listener is known (listener names
// are bounded by configuration). Updates index arrays by enum; none of them allocates.
using Edge.Gateway.Tls;
using Edge.Protocol.Parsing;
using Prometheus;

namespace Edge.Gateway.Metrics;

/// <summary>The instruments of one SMTP listener.</summary>
internal sealed class ListenerMetrics
{
    private readonly EdgeMetrics _metrics;
    private readonly Counter.Child _connections;
    private readonly Gauge.Child _active;
    private readonly Counter.Child[] _sessions;
    private readonly Counter.Child[] _commands;
    private readonly Counter.Child[] _replies;
    private readonly Counter.Child[] _messages;
    private readonly Counter.Child[] _messageBytes;
    private readonly Counter.Child[] _recipients;
    private readonly Counter.Child[] _downgrades;
    private readonly Counter.Child _plaintextDiscarded;
    private readonly Counter.Child _improperPipelining;
    private readonly Counter.Child[] _policy;
    private readonly Counter.Child[] _auth;
    private HandshakeMetrics? _startTls;
    private HandshakeMetrics? _implicit;

    public ListenerMetrics(EdgeMetrics metrics, string name, TlsMode mode)
    {
        _metrics = metrics;
        Name = name;
        _connections = metrics.Connections.WithLabels(name);
        _active = metrics.ConnectionsActive.WithLabels(name);
        _sessions = Children(metrics.Sessions, name, MetricLabels.TlsStates);
        _commands = Children(metrics.Commands, name, MetricLabels.Verbs);
        _replies = Children(metrics.Replies, name, MetricLabels.ReplyClasses);
        _messages = Children(metrics.Messages, name, MetricLabels.Results);
        _messageBytes = Children(metrics.MessageBytes, name, MetricLabels.Results);
        _recipients = Children(metrics.Recipients, name, MetricLabels.Results);
        _downgrades = Children(metrics.Downgrades, name, MetricLabels.DowngradeKinds);
        _plaintextDiscarded = metrics.PlaintextDiscarded.WithLabels(name);
        _improperPipelining = metrics.ImproperPipelining.WithLabels(name);
        _policy = Children(metrics.PolicyRejections, name, MetricLabels.PolicyReasons);
        _auth = new Counter.Child[MetricLabels.AuthMechanisms.Count * MetricLabels.AuthResults.Count];
        for (var i = 0; i < _auth.Length; i++)
        {
            var mechanism = MetricLabels.AuthMechanisms[i / MetricLabels.AuthResults.Count];
            _auth[i] = metrics.AuthAttempts.WithLabels(name, mechanism, MetricLabels.AuthResults[i % MetricLabels.AuthResults.Count]);
        }

        // Only the listener's own TLS mode gets zero-valued series up front; the other is made on first use.
        if (mode != TlsMode.None)
        {
            Handshakes(mode);
        }
    }

    /// <summary>The configured listener name (the <c>listener</c> label).</summary>
    public string Name { get; }

    public void ConnectionOpened()
    {
        _connections.Inc();
        _active.Inc();
    }

    public void ConnectionClosed() => _active.Dec();

    public void SessionEnded(TlsMode finalState) => _sessions[(int)finalState < _sessions.Length ? (int)finalState : 0].Inc();

    public void Command(SmtpVerb verb) => _commands[MetricLabels.VerbIndex(verb)].Inc();

    public void Reply(int code)
    {
        var index = (code / 100) - 2;
        if ((uint)index < (uint)_replies.Length)
        {
            _replies[index].Inc();
        }
    }

    public void Message(MessageResult result, long bytes)
    {
        _messages[(int)result].Inc();
        if (bytes > 0)
        {
            _messageBytes[(int)result].Inc(bytes);
        }
    }

    public void Recipient(MessageResult result) => _recipients[(int)result].Inc();

    public void Downgrade(DowngradeKind kind) => _downgrades[(int)kind].Inc();

    public void PlaintextDiscarded() => _plaintextDiscarded.Inc();

    public void ImproperPipelining() => _improperPipelining.Inc();

    /// <summary>Counts one policy refusal (connection middleware and sessions).</summary>
    public void Rejected(PolicyReason reason) => _policy[(int)reason].Inc();

    /// <summary>Counts one AUTH exchange; <paramref name="login"/> false means PLAIN.</summary>
    public void Auth(bool login, AuthResult result) => _auth[((login ? 1 : 0) * MetricLabels.AuthResults.Count) + (int)result].Inc();

    /// <summary>The TLS instruments for <paramref name="mode"/> (StartTls or Implicit).</summary>
    public HandshakeMetrics Handshakes(TlsMode mode)
    {
        if (mode == TlsMode.Implicit)
        {
            return Volatile.Read(ref _implicit) ?? Create(ref _implicit, mode);
        }

        return Volatile.Read(ref _startTls) ?? Create(ref _startTls, TlsMode.StartTls);
    }

    private HandshakeMetrics Create(ref HandshakeMetrics? slot, TlsMode mode)
    {
        var made = new HandshakeMetrics(_metrics, Name, mode);
        return Interlocked.CompareExchange(ref slot, made, null) ?? made;
    }

    private static Counter.Child[] Children(Counter counter, string listener, IReadOnlyList<string> values)
    {
        var children = new Counter.Child[values.Count];
        for (var i = 0; i < children.Length; i++)
        {
            children[i] = counter.WithLabels(listener, values[i]);
        }

        return children;
    }
}
