// SmtpResponse: one SMTP reply as read from the wire (RFC 5321 4.2): its code and its lines without CRLF.
namespace Edge.Gateway.Tests.Support;

internal sealed record SmtpResponse(int Code, IReadOnlyList<string> Lines)
{
    /// <summary>The last line, e.g. <c>250 2.0.0 Ok</c>.</summary>
    public string Last => Lines[^1];

    public override string ToString() => string.Join(" | ", Lines);
}
