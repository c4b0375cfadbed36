// TlsUpgradeMiddleware.Log: source-generated log messages of the TLS middleware (event ids 3000–3019).
// Handshake failures are Debug: internet scanners cause them all day; metrics (the observer) count them.
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Tls;

internal sealed partial class TlsUpgradeMiddleware
{
    internal static partial class Log
    {
        [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, Message = "{ConnectionId} TLS established on {Listener} ({Mode}): {Protocol} {CipherSuite}, SNI '{HostName}', {ElapsedMs:F1} ms")]
        public static partial void HandshakeSucceeded(ILogger logger, string connectionId, string listener, TlsMode mode, SslProtocols protocol, TlsCipherSuite cipherSuite, string hostName, double elapsedMs);

        [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "{ConnectionId} TLS handshake on {Listener} ({Mode}) failed: {Reason} after {ElapsedMs:F1} ms")]
        public static partial void HandshakeFailed(ILogger logger, string connectionId, string listener, TlsMode mode, HandshakeFailureReason reason, double elapsedMs, Exception? exception);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "{ConnectionId} expected a TLS ClientHello on {Listener}, first byte was 0x{FirstByte:X2}")]
        public static partial void NotTls(ILogger logger, string connectionId, string listener, byte firstByte);

        [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "{ConnectionId} TLS close did not complete cleanly")]
        public static partial void CloseFailed(ILogger logger, string connectionId, Exception exception);

        [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "{ConnectionId} TLS close_notify not sent within {TimeoutMs} ms (peer not reading)")]
        public static partial void ShutdownTimedOut(ILogger logger, string connectionId, double timeoutMs);
    }
}
