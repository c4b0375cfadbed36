// ServerReplies: the replies that depend on the listener (greeting, HELO, EHLO), composed once at start-up.
// The greeting never names the software or its version.
using System.Globalization;
using System.Text;
using Edge.Protocol.Session;

namespace Edge.Protocol.Replies;

/// <summary>Composes per-listener replies from the host name and the advertised capability set.</summary>
public static class ServerReplies
{
    /// <summary><c>220 {hostname} ESMTP</c> (RFC 5321 4.3.1).</summary>
    public static SmtpReply Greeting(string hostname) => SmtpReply.Create(220, null, hostname + " ESMTP");

    /// <summary><c>250 {hostname}</c>, the reply to HELO.</summary>
    public static SmtpReply Helo(string hostname) => SmtpReply.Create(250, null, hostname);

    /// <summary>
    /// The EHLO reply: <c>250-{hostname}</c> followed by one line per advertised extension, in a fixed order.
    /// </summary>
    public static SmtpReply Ehlo(string hostname, EhloKeywords keywords, long maxMessageSize, string authMechanisms = "PLAIN LOGIN")
    {
        ArgumentException.ThrowIfNullOrEmpty(hostname);
        var lines = new List<string> { hostname };
        if ((keywords & EhloKeywords.Pipelining) != 0) { lines.Add("PIPELINING"); }
        if ((keywords & EhloKeywords.Size) != 0) { lines.Add(maxMessageSize > 0 ? "SIZE " + maxMessageSize.ToString(CultureInfo.InvariantCulture) : "SIZE"); }
        if ((keywords & EhloKeywords.EightBitMime) != 0) { lines.Add("8BITMIME"); }
        if ((keywords & EhloKeywords.EnhancedStatusCodes) != 0) { lines.Add("ENHANCEDSTATUSCODES"); }
        if ((keywords & EhloKeywords.SmtpUtf8) != 0) { lines.Add("SMTPUTF8"); }
        if ((keywords & EhloKeywords.Chunking) != 0) { lines.Add("CHUNKING"); }
        if ((keywords & EhloKeywords.BinaryMime) != 0) { lines.Add("BINARYMIME"); }
        if ((keywords & EhloKeywords.Dsn) != 0) { lines.Add("DSN"); }
        if ((keywords & EhloKeywords.StartTls) != 0) { lines.Add("STARTTLS"); }
        if ((keywords & EhloKeywords.Auth) != 0) { lines.Add("AUTH " + authMechanisms); }
        if ((keywords & EhloKeywords.RequireTls) != 0) { lines.Add("REQUIRETLS"); }

        var builder = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            builder.Append("250").Append(i == lines.Count - 1 ? ' ' : '-').Append(lines[i]).Append("\r\n");
        }

        return SmtpReply.FromEncoded(250, Encoding.UTF8.GetBytes(builder.ToString()));
    }
}
