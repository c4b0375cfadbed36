// PolicyReplies: the replies Edge's own policies give (limits, rates, STARTTLS injection). Fixed ones are
// pre-encoded; the rate replies carry a retry hint in seconds, so they are made on refusal (never on success).
// Codes: RFC 5321 3.1/4.2.5 (421 closes the session), RFC 3463 / RFC 7504 enhanced codes (X.7.0 policy).
using System.Globalization;
using Edge.Protocol.Replies;

namespace Edge.Gateway.Policy;

/// <summary>Replies of the gateway's policies.</summary>
internal static class PolicyReplies
{
    /// <summary>
    /// 421 4.7.0 at MAIL when the session's message allowance is spent. 421 and close, as Exim does for
    /// smtp_accept_max_per_connection: the sender reconnects and goes on at once. Not 452 4.5.3: X.5.3 means too
    /// many recipients (RFC 3463), and a 452 at MAIL would leave the client in a session that refuses everything.
    /// </summary>
    public static readonly SmtpReply TooManyMessages = SmtpReply.Create(421, "4.7.0", "Too many messages in this session, reconnect to send more");

    /// <summary>554 5.7.0: the client sent plaintext after STARTTLS on a listener with <c>StartTlsInjection=reject</c>.</summary>
    public static readonly SmtpReply StartTlsInjection = SmtpReply.Create(554, "5.7.0", "Commands sent after STARTTLS before the TLS handshake (command injection); closing");

    /// <summary>554 5.5.0: improper pipelining on a listener with <c>ImproperPipelining=reject</c>; the connection is closed.</summary>
    public static readonly SmtpReply ImproperPipelining = SmtpReply.Create(554, "5.5.0", "Improper use of SMTP command pipelining; closing");

    /// <summary>421 4.7.0 instead of the greeting: the client address opened connections too fast.</summary>
    public static SmtpReply ConnectionRate(TimeSpan retryAfter) =>
        SmtpReply.Create(421, "4.7.0", "Too many connections from your address, try again in " + Seconds(retryAfter) + " s");

    /// <summary>451 4.7.0 at MAIL: the client address started messages too fast.</summary>
    public static SmtpReply MessageRate(TimeSpan retryAfter) =>
        SmtpReply.Create(451, "4.7.0", "Too many messages from your address, try again in " + Seconds(retryAfter) + " s");

    // Whole seconds, rounded up (a client told "0 s" would retry at once and be refused again).
    private static string Seconds(TimeSpan value) =>
        Math.Max(1, (long)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
