// InMemoryConnection: a Kestrel ConnectionContext whose transport is a pair of in-memory pipes; the client holds the
// other ends. Kestrel adds its own features (heartbeat, lifetime) to the collection as with a socket connection.
using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Edge.Benchmarks.Gateway;

/// <summary>The server side of one in-memory connection.</summary>
internal sealed class InMemoryConnection : ConnectionContext, IDuplexPipe
{
    private static long _nextId;
    private readonly CancellationTokenSource _closed = new();
    private readonly Pipe _toServer;
    private readonly Pipe _toClient;

    private InMemoryConnection(Pipe toServer, Pipe toClient, EndPoint local)
    {
        _toServer = toServer;
        _toClient = toClient;
        ConnectionId = "mem" + Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Transport = this;
        LocalEndPoint = local;
        RemoteEndPoint = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 40000 + (int)(_nextId % 20000));
        Features.Set<IConnectionIdFeature>(new IdFeature(ConnectionId));
    }

    public override string ConnectionId { get; set; }

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    public override IDuplexPipe Transport { get; set; }

    public override CancellationToken ConnectionClosed { get => _closed.Token; set { } }

    /// <summary>The client's view: it reads what the server writes and writes what the server reads.</summary>
    public IDuplexPipe Client { get; private set; } = null!;

    PipeReader IDuplexPipe.Input => _toServer.Reader;

    PipeWriter IDuplexPipe.Output => _toClient.Writer;

    /// <summary>A connected pair: the connection for Kestrel, whose <see cref="Client"/> is the other end.</summary>
    public static InMemoryConnection Create(EndPoint local, PipeOptions options)
    {
        var toServer = new Pipe(options);
        var toClient = new Pipe(options);
        return new InMemoryConnection(toServer, toClient, local) { Client = new ClientPipe(toClient.Reader, toServer.Writer) };
    }

    public override void Abort(ConnectionAbortedException abortReason)
    {
        _closed.Cancel();
        _toServer.Reader.CancelPendingRead();
    }

    public override ValueTask DisposeAsync()
    {
        _toServer.Reader.Complete();
        _toClient.Writer.Complete();
        _closed.Dispose();
        return base.DisposeAsync();
    }

    private sealed record ClientPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    private sealed record IdFeature(string ConnectionId) : IConnectionIdFeature
    {
        public string ConnectionId { get; set; } = ConnectionId;
    }
}
