// BackendMetrics: the pre-made children of one backend MTA (backend names are bounded by configuration), for
// the relay: transactions by result, latency by stage, up/down, pool connections by state, failovers.
// Updates are allocation-free.
using Prometheus;

namespace Edge.Gateway.Metrics;

/// <summary>The instruments of one backend.</summary>
internal sealed class BackendMetrics
{
    private readonly Counter.Child[] _transactions;
    private readonly Histogram.Child[] _latency;
    private readonly Gauge.Child _up;
    private readonly Gauge.Child _idle;
    private readonly Gauge.Child _busy;
    private readonly Counter.Child _failovers;
    private readonly Counter.Child[] _probes;

    public BackendMetrics(EdgeMetrics metrics, string name)
    {
        Name = name;
        _transactions = new Counter.Child[MetricLabels.BackendResults.Count];
        for (var i = 0; i < _transactions.Length; i++)
        {
            _transactions[i] = metrics.BackendTransactions.WithLabels(name, MetricLabels.BackendResults[i]);
        }

        _latency = new Histogram.Child[MetricLabels.BackendStages.Count];
        for (var i = 0; i < _latency.Length; i++)
        {
            _latency[i] = metrics.BackendLatency.WithLabels(name, MetricLabels.BackendStages[i]);
        }

        _up = metrics.BackendUp.WithLabels(name);
        _idle = metrics.BackendConnections.WithLabels(name, MetricLabels.PoolStates[0]);
        _busy = metrics.BackendConnections.WithLabels(name, MetricLabels.PoolStates[1]);
        _failovers = metrics.BackendFailovers.WithLabels(name);
        _probes = new Counter.Child[MetricLabels.ProbeResults.Count];
        for (var i = 0; i < _probes.Length; i++)
        {
            _probes[i] = metrics.BackendProbes.WithLabels(name, MetricLabels.ProbeResults[i]);
        }
    }

    /// <summary>The configured backend name (the <c>backend</c> label).</summary>
    public string Name { get; }

    public void Transaction(BackendResult result) => _transactions[(int)result].Inc();

    public void Latency(BackendStage stage, TimeSpan elapsed) => _latency[(int)stage].Observe(elapsed.TotalSeconds);

    /// <summary>Marks the backend up (health checks pass) or down.</summary>
    public void SetUp(bool up) => _up.Set(up ? 1 : 0);

    /// <summary>The pool's connections now: <paramref name="open"/> in all, <paramref name="idle"/> of them idle.</summary>
    public void SetConnections(int open, int idle)
    {
        _idle.Set(idle);
        _busy.Set(Math.Max(0, open - idle));
    }

    /// <summary>A transaction moved off this backend to the next one.</summary>
    public void Failover() => _failovers.Inc();

    /// <summary>An active health probe ended.</summary>
    public void Probe(ProbeResult result) => _probes[(int)result].Inc();
}
