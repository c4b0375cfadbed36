// DowngradeLog: source-generated log events of the Metrics module (event ids 3000-3099). A downgrade is a
// warning: it is what a STARTTLS-stripping man in the middle looks like from the server's side.
namespace Edge.Gateway.Metrics;

/// <summary>Log events for downgrade detection.</summary>
internal static partial class DowngradeLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Connection {ConnectionId}: STARTTLS downgrade {Kind} from {Client} (HELO {Helo}) on listener {Listener}")]
    public static partial void Detected(ILogger logger, string connectionId, string kind, IPAddress? client, string helo, string listener);
}
