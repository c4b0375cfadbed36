// ConnectionRateMiddleware: admission by rate per client address (Edge:Limits:ConnectionRatePerAddress, counted on
// the address after PROXY protocol). A client over its rate hears "421 4.7.0 Too many connections from your
// address, try again in N s" instead of the greeting (RFC 5321 3.1) and is closed before any TLS handshake, delay
// or SMTP session spends anything on it. The verdict comes from ClientRatePolicy.
using Edge.Gateway.Hosting;
using Edge.Gateway.Policy;
using Edge.Gateway.Tls;
using Microsoft.AspNetCore.Connections;

namespace Edge.Gateway.Connections;

/// <summary>The per-address connection rate of one listener (the buckets are shared by all listeners).</summary>
internal sealed partial class ConnectionRateMiddleware
{
    private readonly ConnectionDelegate _next;
    private readonly ListenerModel _listener;
    private readonly ClientRatePolicy _rates;
    private readonly ListenerConnectionState _state;
    private readonly ILogger _logger;

    public ConnectionRateMiddleware(ConnectionDelegate next, ListenerModel listener, ClientRatePolicy rates, ListenerConnectionState state, ILogger<ConnectionRateMiddleware> logger)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(rates);
        _next = next;
        _listener = listener;
        _rates = rates;
        _state = state;
        _logger = logger;
    }

    public Task OnConnectionAsync(ConnectionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var verdict = _rates.CheckConnection(context.RemoteEndPoint);
        if (verdict.IsAccepted)
        {
            return _next(context);
        }

        _state.Refuse(ConnectionRefusal.AddressRate);
        Log.Refused(_logger, context.ConnectionId, _listener.Name, context.RemoteEndPoint);

        // An implicit-TLS client expects a ServerHello; plaintext would be noise to it, so just close.
        return _listener.TlsMode == TlsMode.Implicit
            ? Task.CompletedTask
            : ConnectionReplyWriter.WriteAndCloseAsync(context, verdict.Reply!);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2111, Level = LogLevel.Information, Message = "{ConnectionId} on {Listener}: refused, connection rate exceeded for {Client}")]
        public static partial void Refused(ILogger logger, string connectionId, string listener, EndPoint? client);
    }
}
