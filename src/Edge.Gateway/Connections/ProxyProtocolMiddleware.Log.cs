// ProxyProtocolMiddleware.Log: source-generated log messages (event ids 2100–2109). Refusals are Information:
// on a PROXY listener they mean a misconfigured balancer or someone bypassing it, which an operator wants to see.
using Edge.Protocol.Proxy;

namespace Edge.Gateway.Connections;

internal sealed partial class ProxyProtocolMiddleware
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "{ConnectionId} on {Listener}: peer {Peer} is not a trusted proxy; closed")]
        public static partial void UntrustedPeer(ILogger logger, string connectionId, string listener, EndPoint? peer);

        [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "{ConnectionId} on {Listener}: no valid PROXY header from {Peer} ({Reason}, {Error}); closed")]
        public static partial void HeaderRefused(ILogger logger, string connectionId, string listener, ConnectionRefusal reason, ProxyHeaderError error, EndPoint? peer);

        [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "{ConnectionId} on {Listener}: PROXY v{Version} {Command} from {Peer}: client {Client}")]
        public static partial void HeaderAccepted(ILogger logger, string connectionId, string listener, int version, ProxyCommand command, IPEndPoint peer, EndPoint? client);
    }
}
