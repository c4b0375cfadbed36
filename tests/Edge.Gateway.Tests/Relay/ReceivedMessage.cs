// ReceivedMessage: one message TestBackendMta accepted: the connection it came on, the MAIL/RCPT/XFORWARD lines
// as received, and the content exactly as the backend un-stuffed it.
namespace Edge.Gateway.Tests.Relay;

internal sealed record ReceivedMessage(int Connection, string MailLine, IReadOnlyList<string> RcptLines, string? XForward, byte[] Content, int QueueId);
