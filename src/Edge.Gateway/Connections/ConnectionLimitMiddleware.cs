// ConnectionLimitMiddleware: admission by count, per listener (MaxConnections) and per client address
// (MaxConnectionsPerAddress, counted on the address after PROXY protocol). A refused client hears
// "421 4.7.0 Too many connections, try again later" (RFC 5321 3.1: 421 instead of the greeting) and is closed;
// an admitted connection's slots are returned when it ends, whatever ends it (try/finally).
using Edge.Gateway.Hosting;
using Edge.Gateway.Tls;
using Edge.Protocol.Replies;
using Microsoft.AspNetCore.Connections;

namespace Edge.Gateway.Connections;

/// <summary>Connection-count limits of one listener.</summary>
internal sealed partial class ConnectionLimitMiddleware
{
    /// <summary>421 4.7.0: a temporary refusal, so a well-behaved MTA retries later (RFC 5321 4.2.5).</summary>
    public static readonly SmtpReply TooManyConnections = SmtpReply.Create(421, "4.7.0", "Too many connections, try again later");

    private readonly ConnectionDelegate _next;
    private readonly ListenerModel _listener;
    private readonly ListenerConnectionState _state;
    private readonly AddressConnectionCounter _perAddress;
    private readonly ILogger _logger;

    public ConnectionLimitMiddleware(ConnectionDelegate next, ListenerModel listener, ListenerConnectionState state, ILogger<ConnectionLimitMiddleware> logger)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(listener);
        _next = next;
        _listener = listener;
        _state = state;
        _perAddress = new AddressConnectionCounter(listener.MaxConnectionsPerAddress);
        _logger = logger;
    }

    /// <summary>The per-address counts (for tests and diagnostics).</summary>
    internal AddressConnectionCounter PerAddress => _perAddress;

    public Task OnConnectionAsync(ConnectionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_state.TryEnter(_listener.MaxConnections))
        {
            return RefuseAsync(context, ConnectionRefusal.ListenerLimit);
        }

        // Unix-domain or unknown peers have no address to count; the listener total still applies.
        IPAddress? key = context.RemoteEndPoint is IPEndPoint client ? ClientAddressKey.For(client.Address) : null;
        if (key is not null && !_perAddress.TryAcquire(key))
        {
            _state.Exit();
            return RefuseAsync(context, ConnectionRefusal.AddressLimit);
        }

        return RunAsync(context, key);
    }

    private async Task RunAsync(ConnectionContext context, IPAddress? key)
    {
        try
        {
            await _next(context);
        }
        finally
        {
            if (key is not null)
            {
                _perAddress.Release(key);
            }

            _state.Exit();
        }
    }

    private Task RefuseAsync(ConnectionContext context, ConnectionRefusal reason)
    {
        _state.Refuse(reason);
        Log.Refused(_logger, context.ConnectionId, _listener.Name, reason, context.RemoteEndPoint);

        // An implicit-TLS client expects a ClientHello answer; plaintext would be noise to it, so just close.
        return _listener.TlsMode == TlsMode.Implicit
            ? Task.CompletedTask
            : ConnectionReplyWriter.WriteAndCloseAsync(context, TooManyConnections);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2110, Level = LogLevel.Information, Message = "{ConnectionId} on {Listener}: refused ({Reason}) for {Client}")]
        public static partial void Refused(ILogger logger, string connectionId, string listener, ConnectionRefusal reason, EndPoint? client);
    }
}
