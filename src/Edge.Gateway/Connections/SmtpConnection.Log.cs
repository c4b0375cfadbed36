// SmtpConnection logging: source-generated, one event id per message (EventIds registry in Hosting/EventIds).
using Edge.Protocol.Session;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Connections;

internal sealed partial class SmtpConnection
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Connection {ConnectionId}: discarded {Bytes} plaintext bytes sent after STARTTLS (injection attempt)")]
        public static partial void StartTlsResidueDiscarded(ILogger logger, string connectionId, long bytes);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Connection {ConnectionId}: timeout in state {State}")]
        public static partial void Timeout(ILogger logger, string connectionId, SessionState state);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Connection {ConnectionId}: sink failed at {Stage}")]
        public static partial void SinkFailed(ILogger logger, string connectionId, string stage, Exception exception);

        [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Connection {ConnectionId}: message refused with {Code}")]
        public static partial void MessageRefused(ILogger logger, string connectionId, int code);

        [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Connection {ConnectionId}: authenticated as {User}")]
        public static partial void Authenticated(ILogger logger, string connectionId, string user);

        [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Connection {ConnectionId}: authentication failed from {Client} for '{User}'")]
        public static partial void AuthenticationFailed(ILogger logger, string connectionId, System.Net.IPEndPoint? client, string user);
    }
}
