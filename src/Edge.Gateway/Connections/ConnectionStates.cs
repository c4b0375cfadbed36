// ConnectionStates: the ListenerConnectionState of every SMTP listener, by name (a DI singleton). The
// connection middleware of a listener takes its state once, when the pipeline is built. With EdgeMetrics, each
// state also counts its refusals in the listener's metrics.
using System.Collections.Concurrent;
using Edge.Gateway.Metrics;

namespace Edge.Gateway.Connections;

/// <summary>Per-listener connection state, shared by the middleware and its readers.</summary>
internal sealed class ConnectionStates(EdgeMetrics? metrics = null)
{
    private readonly ConcurrentDictionary<string, ListenerConnectionState> _states = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The state of listener <paramref name="listener"/> (created on first use).</summary>
    public ListenerConnectionState For(string listener) =>
        _states.GetOrAdd(listener, static (name, edge) => new ListenerConnectionState(name, edge?.Listener(name)), metrics);
}
