// SessionLog: the operator's record of what happened (event ids 3010-3019): one line when a session ends, one per
// message at end of data (with the sink's reply, which carries the backend's queue id), one per policy refusal in a
// session (connection refusals are logged by their middleware, events 2100-2120). Source-generated, except the session
// and message lines (3010, 3011), whose states are written by hand so Edge's console logger writes them without strings.
using System.Net.Security;
using System.Security.Authentication;
using Edge.Gateway.Transactions;

namespace Edge.Gateway.Metrics;

/// <summary>Session, message and policy log events.</summary>
internal static partial class SessionLog
{
    private static readonly EventId EndedEvent = new(3010, nameof(Ended));
    private static readonly EventId MessageEvent = new(3011, nameof(Message));

    /// <summary>Event 3010 (Information), <see cref="SessionEndLogState.Template"/>: a hand-written state.</summary>
    public static void Ended(ILogger logger, in SessionEndLogState state)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.Log(LogLevel.Information, EndedEvent, state, null, SessionEndLogState.Formatter);
        }
    }

    /// <summary>Event 3011 (Information), <see cref="MessageLogState.Template"/>: a hand-written state, see MessageLogState.</summary>
    public static void Message(ILogger logger, in MessageLogState state)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.Log(LogLevel.Information, MessageEvent, state, null, MessageLogState.Formatter);
        }
    }

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "Connection {ConnectionId} on {Listener}: refused by policy ({Reason}) for {Client}")]
    public static partial void PolicyRejection(ILogger logger, string connectionId, string listener, string reason, EndPoint? client);

    /// <summary>The negotiated protocol for logs ("none" in plaintext).</summary>
    public static string Protocol(SessionInfo session) => session.TlsProtocol switch
    {
        null => "none",
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        { } other => other.ToString(),
    };

    /// <summary>The cipher suite for logs ("-" in plaintext).</summary>
    public static string Cipher(SessionInfo session) => session.TlsCipher is TlsCipherSuite cipher ? cipher.ToString() : "-";

    /// <summary>A reply's lines on one line, without CRLF (backend replies are sanitised before they get here).</summary>
    public static string ReplyText(ReadOnlySpan<byte> reply)
    {
        var text = Encoding.ASCII.GetString(reply).TrimEnd('\r', '\n');
        return text.Contains('\n', StringComparison.Ordinal) ? text.Replace("\r\n", " / ", StringComparison.Ordinal) : text;
    }
}
