// SmtpSink: a fast SMTP server that accepts everything, discards it and counts it (the backend stand-in for load runs:
// --Edge:Backends:0:Endpoint points at it). Optionally checks X-Edge-Load-Hash against every body (--verify).
// Start binds (port 0 allowed) and accepts until DisposeAsync; connections are tracked so stopping closes them all.
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Edge.LoadTest.Sink;

/// <summary>The counting, discarding SMTP server.</summary>
internal sealed class SmtpSink : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly bool _verify;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, bool> _connections = new();
    private Task _accepting = Task.CompletedTask;

    public SmtpSink(IPEndPoint endpoint, bool verify)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _verify = verify;
        _listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(endpoint);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    /// <summary>The bound address (the real port when 0 was asked for).</summary>
    public IPEndPoint EndPoint { get; }

    public SinkCounters Counters { get; } = new();

    /// <summary>Starts accepting.</summary>
    public void Start()
    {
        _listener.Listen(4096);
        _accepting = AcceptLoopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        await Task.WhenAll(_connections.Keys);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // e.g. a connection reset before it was accepted
            }

            socket.NoDelay = true;
            var connection = new SinkConnection(socket, Counters, _verify);
            var task = Task.Run(() => connection.RunAsync(_stop.Token));
            _connections.TryAdd(task, true);
            _ = task.ContinueWith(t => _connections.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
