// EdgeMetrics: every Prometheus instrument Edge exports, with the names DESIGN.md fixes ("Metrics"), in one
// registry per host (not prometheus-net's static default, so in-process hosts never share counters). Hot paths
// use the pre-made children of ListenerMetrics/BackendMetrics; process counters are read at scrape time.
using System.Collections.Concurrent;
using Edge.Gateway.Configuration;
using Edge.Gateway.Tls;
using Prometheus;

namespace Edge.Gateway.Metrics;

/// <summary>The gateway's metrics registry and instruments (a DI singleton).</summary>
internal sealed class EdgeMetrics
{
    private static readonly double[] HandshakeBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    private static readonly double[] BackendBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly ConcurrentDictionary<string, ListenerMetrics> _listeners = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, BackendMetrics> _backends = new(StringComparer.OrdinalIgnoreCase);
    private readonly Counter _allocatedBytes;
    private readonly Counter.Child[] _gcCollections;

    public EdgeMetrics(IOptions<EdgeOptions> options, TimeProvider time, ILogger<EdgeMetrics> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var edge = options.Value;
        Logger = logger;
        TlsHistory = new TlsHistory(edge.Observability.TlsHistorySize, edge.Observability.TlsHistoryWindow, time);

        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars(); // exemplars would read Activity.Current on every Inc

        string[] listener = [MetricLabels.Listener];
        Connections = factory.CreateCounter("edge_connections_total", "SMTP connections accepted, by listener (before TLS).", listener);
        ConnectionsActive = factory.CreateGauge("edge_connections_active", "SMTP connections open now, by listener.", listener);
        Sessions = factory.CreateCounter("edge_sessions_total", "SMTP sessions ended, by listener and final TLS state (none, starttls, implicit).", [MetricLabels.Listener, MetricLabels.Tls]);
        TlsHandshakes = factory.CreateCounter("edge_tls_handshakes_total", "TLS handshakes, by listener, mode (starttls, implicit), result (success, failure) and negotiated protocol.", [MetricLabels.Listener, MetricLabels.Mode, MetricLabels.Result, MetricLabels.Protocol]);
        TlsHandshakeDuration = factory.CreateHistogram("edge_tls_handshake_duration_seconds", "TLS handshake duration (successful and failed), by listener and mode.", [MetricLabels.Listener, MetricLabels.Mode], new HistogramConfiguration { Buckets = HandshakeBuckets });
        TlsHandshakeFailures = factory.CreateCounter("edge_tls_handshake_failures_total", "Failed TLS handshakes, by listener, mode and reason.", [MetricLabels.Listener, MetricLabels.Mode, MetricLabels.Reason]);
        PlaintextDiscarded = factory.CreateCounter("edge_starttls_plaintext_discarded_total", "STARTTLS commands followed by pipelined plaintext that was discarded (command injection attempts, CVE-2011-0411).", listener);
        ImproperPipelining = factory.CreateCounter("edge_improper_pipelining_total", "Sessions that sent commands before the reply to a command ending a pipeline group, or pipelined without PIPELINING (RFC 2920), by listener.", listener);
        Downgrades = factory.CreateCounter("edge_starttls_downgrades_total", "Sessions showing a STARTTLS downgrade, by listener and kind (each kind counted once per session).", [MetricLabels.Listener, MetricLabels.Kind]);
        Messages = factory.CreateCounter("edge_messages_total", "Messages at end of data, by listener and final result (accepted, rejected, tempfailed).", [MetricLabels.Listener, MetricLabels.Result]);
        MessageBytes = factory.CreateCounter("edge_message_bytes_total", "Message content octets received (as sent by the client), by listener and final result.", [MetricLabels.Listener, MetricLabels.Result]);
        Recipients = factory.CreateCounter("edge_recipients_total", "Recipients evaluated by relay policy and the sink, by listener and result.", [MetricLabels.Listener, MetricLabels.Result]);
        Commands = factory.CreateCounter("edge_commands_total", "SMTP command lines received, by listener and verb (unknown for unrecognised or over-long lines).", [MetricLabels.Listener, MetricLabels.Verb]);
        Replies = factory.CreateCounter("edge_replies_total", "SMTP replies sent, by listener and class (2xx, 3xx, 4xx, 5xx).", [MetricLabels.Listener, MetricLabels.Class]);
        PolicyRejections = factory.CreateCounter("edge_policy_rejections_total", "Connections, commands and messages refused by policy, by listener and reason.", [MetricLabels.Listener, MetricLabels.Reason]);
        AuthAttempts = factory.CreateCounter("edge_auth_attempts_total", "AUTH exchanges, by listener, mechanism (plain, login) and result (success, failure, cancelled, malformed, blocked).", [MetricLabels.Listener, MetricLabels.Mechanism, MetricLabels.Result]);

        string[] backend = [MetricLabels.Backend];
        BackendTransactions = factory.CreateCounter("edge_backend_transactions_total", "Transactions relayed to a backend (MAIL answered), by backend and result (accepted, rejected, tempfailed, failed, aborted).", [MetricLabels.Backend, MetricLabels.Result]);
        BackendLatency = factory.CreateHistogram("edge_backend_latency_seconds", "Backend latency, by backend and stage (connect, mail, rcpt, data: end of data to final reply, transaction: MAIL to final reply).", [MetricLabels.Backend, MetricLabels.Stage], new HistogramConfiguration { Buckets = BackendBuckets });
        BackendUp = factory.CreateGauge("edge_backend_up", "1 when the backend passes health checks, 0 while it is marked down.", backend);
        BackendConnections = factory.CreateGauge("edge_backend_connections", "Pooled connections to a backend, by state (idle, busy: leased or opening).", [MetricLabels.Backend, MetricLabels.State]);
        BackendProbes = factory.CreateCounter("edge_backend_probes_total", "Active health probes of a backend (connect, EHLO, QUIT), by backend and result (success, failure).", [MetricLabels.Backend, MetricLabels.Result]);
        BackendFailovers = factory.CreateCounter("edge_backend_failovers_total", "Transactions moved off a backend (no connection, or failed before MAIL was answered) to try the next one.", backend);

        var allocated = factory.CreateCounter("edge_process_allocated_bytes_total", "Bytes allocated by the process since start (GC.GetTotalAllocatedBytes).");
        var collections = factory.CreateCounter("edge_gc_collections_total", "Garbage collections since start, by generation.", [MetricLabels.Generation]);
        _allocatedBytes = allocated;
        _gcCollections = new Counter.Child[MetricLabels.Generations.Count];
        for (var i = 0; i < _gcCollections.Length; i++)
        {
            _gcCollections[i] = collections.WithLabels(MetricLabels.Generations[i]);
        }

        Registry.AddBeforeCollectCallback(CollectProcess);
        DotNetStats.Register(Registry);

        for (var i = 0; i < edge.Backends.Count; i++)
        {
            if (edge.Backends[i] is { } configured)
            {
                Backend(BackendSettings.EffectiveName(configured, i));
            }
        }
    }

    /// <summary>This host's registry (scraped at /metrics).</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Recent TLS use per client address and HELO name (downgrade detection).</summary>
    public TlsHistory TlsHistory { get; }

    /// <summary>Where downgrade warnings go.</summary>
    public ILogger Logger { get; }

    internal Counter Connections { get; }

    internal Gauge ConnectionsActive { get; }

    internal Counter Sessions { get; }

    internal Counter TlsHandshakes { get; }

    internal Histogram TlsHandshakeDuration { get; }

    internal Counter TlsHandshakeFailures { get; }

    internal Counter PlaintextDiscarded { get; }

    internal Counter ImproperPipelining { get; }

    internal Counter Downgrades { get; }

    internal Counter Messages { get; }

    internal Counter MessageBytes { get; }

    internal Counter Recipients { get; }

    internal Counter Commands { get; }

    internal Counter Replies { get; }

    internal Counter PolicyRejections { get; }

    internal Counter AuthAttempts { get; }

    internal Counter BackendTransactions { get; }

    internal Histogram BackendLatency { get; }

    internal Gauge BackendUp { get; }

    internal Gauge BackendConnections { get; }

    internal Counter BackendFailovers { get; }

    internal Counter BackendProbes { get; }

    /// <summary>The instruments of listener <paramref name="name"/>, made on first request (listeners are configured, so bounded).</summary>
    public ListenerMetrics Listener(string name, TlsMode mode = TlsMode.None)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _listeners.TryGetValue(name, out var found)
            ? found
            : _listeners.GetOrAdd(name, static (key, state) => new ListenerMetrics(state.Metrics, key, state.Mode), (Metrics: this, Mode: mode));
    }

    /// <summary>The instruments of backend <paramref name="name"/>, made on first request (backends are configured, so bounded).</summary>
    public BackendMetrics Backend(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _backends.TryGetValue(name, out var found)
            ? found
            : _backends.GetOrAdd(name, static (key, metrics) => new BackendMetrics(metrics, key), this);
    }

    private void CollectProcess()
    {
        _allocatedBytes.IncTo(GC.GetTotalAllocatedBytes());
        for (var i = 0; i < _gcCollections.Length; i++)
        {
            _gcCollections[i].IncTo(GC.CollectionCount(i));
        }
    }
}
