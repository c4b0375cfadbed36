// ReceivedMessage: one message TestBackendMta accepted: the connection it came on, the MAIL/RCPT/XFORWARD lines
// as received, the content exactly as the backend un-stuffed it, and whether it came over TLS.
namespace Edge.Gateway.Tests.Relay;

internal sealed record ReceivedMessage(int Connection, string MailLine, IReadOnlyList<string> RcptLines, string? XForward, byte[] Content, int QueueId, bool Tls, string? XClient = null)
{
    /// <summary>BDAT chunks the message came in (0: DATA).</summary>
    public int Chunks { get; init; }
}
