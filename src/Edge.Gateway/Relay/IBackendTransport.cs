// IBackendTransport: how a BackendConnection reaches its backend, as a byte stream it then speaks SMTP on (and wraps
// in TLS when configured). Production uses TCP (SocketBackendTransport); the benchmarks plug in an in-memory backend
// so a whole relayed message can be measured without sockets.
using Edge.Gateway.Configuration;

namespace Edge.Gateway.Relay;

/// <summary>Opens the byte stream to a backend. Implementations are thread-safe singletons.</summary>
internal interface IBackendTransport
{
    /// <summary>Connects to <paramref name="backend"/>; throws on failure (the connection classifies the exception).</summary>
    ValueTask<Stream> ConnectAsync(BackendSettings backend, CancellationToken cancellationToken);
}
