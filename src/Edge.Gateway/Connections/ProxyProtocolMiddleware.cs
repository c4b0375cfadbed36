// ProxyProtocolMiddleware: on listeners behind a balancer (ProxyProtocol=true), reads the PROXY v1/v2 header
// before anything else and makes the client it names the connection's RemoteEndPoint, so limits, the session,
// Received and logs all see the real client. Only listed balancers are believed; a peer that is not one, a
// malformed header, or none within the timeout closes the connection with nothing written. Exactly the header
// is consumed: the client's own bytes stay in the pipe for the next stage.
using System.IO.Pipelines;
using Edge.Gateway.Hosting;
using Edge.Protocol.Proxy;
using Microsoft.AspNetCore.Connections;

namespace Edge.Gateway.Connections;

/// <summary>PROXY protocol connection middleware of one listener.</summary>
internal sealed partial class ProxyProtocolMiddleware
{
    private readonly ConnectionDelegate _next;
    private readonly ListenerModel _listener;
    private readonly ListenerConnectionState _state;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ProxyProtocolMiddleware(ConnectionDelegate next, ListenerModel listener, ListenerConnectionState state, TimeProvider time, ILogger<ProxyProtocolMiddleware> logger)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(listener);
        _next = next;
        _listener = listener;
        _state = state;
        _time = time;
        _logger = logger;
    }

    public Task OnConnectionAsync(ConnectionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // SECURITY: the header rewrites the client address every later check relies on (limits, relay control,
        // Received); from anyone but a listed balancer it would let a client claim any address.
        if (context.RemoteEndPoint is not IPEndPoint peer || !IsTrusted(peer.Address))
        {
            _state.Refuse(ConnectionRefusal.ProxyUntrusted);
            Log.UntrustedPeer(_logger, context.ConnectionId, _listener.Name, context.RemoteEndPoint);
            return Task.CompletedTask; // Kestrel closes the connection
        }

        return ReadHeaderAsync(context, peer);
    }

    private bool IsTrusted(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var trusted = _listener.TrustedProxies;
        for (int i = 0; i < trusted.Length; i++)
        {
            if (trusted[i].Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private async Task ReadHeaderAsync(ConnectionContext context, IPEndPoint peer)
    {
        PipeReader input = context.Transport.Input;
        ProxyHeader header;
        await using (var deadline = new ReadDeadline(input, _listener.ProxyHeaderTimeout, _time))
        {
            while (true)
            {
                ReadResult result = await input.ReadAsync();
                var buffer = result.Buffer;
                var reader = new SequenceReader<byte>(buffer);
                ProxyParseStatus status = ProxyHeaderParser.TryParse(ref reader, out header, out ProxyHeaderError error);
                if (status == ProxyParseStatus.Complete)
                {
                    input.AdvanceTo(reader.Position);
                    if (!deadline.TryStop())
                    {
                        // Parsed just as the deadline fired: a cancellation may be pending for the next reader.
                        Refuse(context, ConnectionRefusal.ProxyTimeout, ProxyHeaderError.None);
                        return;
                    }

                    break;
                }

                // Nothing consumed, everything examined: the next read waits for more bytes.
                input.AdvanceTo(buffer.Start, buffer.End);
                if (status == ProxyParseStatus.Invalid)
                {
                    Refuse(context, ConnectionRefusal.ProxyMalformed, error);
                    return;
                }

                if (result.IsCanceled && deadline.HasExpired)
                {
                    Refuse(context, ConnectionRefusal.ProxyTimeout, ProxyHeaderError.None);
                    return;
                }

                if (result.IsCompleted)
                {
                    Refuse(context, ConnectionRefusal.ProxyMalformed, ProxyHeaderError.None);
                    return;
                }
            }
        }

        // No address in the header (v2 LOCAL, v1 UNKNOWN, UNSPEC/UNIX): the balancer's own connection, as is.
        if (header.Source is { } client)
        {
            context.RemoteEndPoint = client;
        }

        Log.HeaderAccepted(_logger, context.ConnectionId, _listener.Name, header.Version, header.Command, peer, context.RemoteEndPoint);
        await _next(context);
    }

    private void Refuse(ConnectionContext context, ConnectionRefusal reason, ProxyHeaderError error)
    {
        _state.Refuse(reason);
        Log.HeaderRefused(_logger, context.ConnectionId, _listener.Name, reason, error, context.RemoteEndPoint);
    }
}
