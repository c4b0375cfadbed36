// InMemoryTransport: a Kestrel transport for the benchmarks. It binds only the endpoints it was given (the SMTP
// listener under test); every other endpoint (HTTP) stays on sockets. Connect() hands a new connection to Kestrel
// and returns the client's end, so the whole real pipeline (ListenerPipeline, TLS, SmtpConnection) runs on it.
using System.IO.Pipelines;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;

namespace Edge.Benchmarks.Gateway;

/// <summary>In-memory connections for chosen endpoints.</summary>
internal sealed class InMemoryTransport(params IPEndPoint[] endpoints) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly Dictionary<EndPoint, Listener> _listeners = [];

    public bool CanBind(EndPoint endpoint) => Array.IndexOf(endpoints, endpoint) >= 0;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var listener = new Listener(endpoint);
        lock (_listeners)
        {
            _listeners[endpoint] = listener;
        }

        return ValueTask.FromResult<IConnectionListener>(listener);
    }

    /// <summary>Options of the connections' pipes (their memory pool).</summary>
    public PipeOptions Pipes { get; set; } = new(useSynchronizationContext: false);

    /// <summary>Opens a connection to <paramref name="endpoint"/>; the result is the client's pipe pair.</summary>
    public InMemoryConnection Connect(IPEndPoint endpoint)
    {
        Listener listener;
        lock (_listeners)
        {
            listener = _listeners[endpoint];
        }

        var connection = InMemoryConnection.Create(endpoint, Pipes);
        if (!listener.Pending.Writer.TryWrite(connection))
        {
            throw new InvalidOperationException("listener closed");
        }

        return connection;
    }

    private sealed class Listener(EndPoint endpoint) : IConnectionListener
    {
        public Channel<ConnectionContext> Pending { get; } = Channel.CreateUnbounded<ConnectionContext>();

        public EndPoint EndPoint { get; } = endpoint;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                return await Pending.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ChannelClosedException or OperationCanceledException)
            {
                return null;
            }
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            Pending.Writer.TryComplete();
            return default;
        }

        public ValueTask DisposeAsync()
        {
            Pending.Writer.TryComplete();
            return default;
        }
    }
}
