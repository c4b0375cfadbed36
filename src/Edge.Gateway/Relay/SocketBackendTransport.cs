// SocketBackendTransport: the production IBackendTransport, TCP with Nagle off. The stream owns its socket, so
// disposing the stream (or the SslStream above it) closes the connection.
using System.Net.Sockets;
using Edge.Gateway.Configuration;

namespace Edge.Gateway.Relay;

/// <summary>TCP to the backend's host and port.</summary>
internal sealed class SocketBackendTransport : IBackendTransport
{
    /// <summary>The one instance.</summary>
    public static readonly SocketBackendTransport Instance = new();

    /// <inheritdoc />
    public async ValueTask<Stream> ConnectAsync(BackendSettings backend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (IPAddress.TryParse(backend.Host, out var address))
            {
                await socket.ConnectAsync(new IPEndPoint(address, backend.Port), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(backend.Host, backend.Port, cancellationToken).ConfigureAwait(false);
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
