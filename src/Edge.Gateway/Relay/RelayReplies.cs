// RelayReplies: what the client hears when the relay itself cannot give a backend's verdict. All are 4xx: the
// client keeps the message and retries (RFC 5321 4.2.5); none echoes backend text.
using Edge.Protocol.Replies;

namespace Edge.Gateway.Relay;

/// <summary>Pre-encoded relay replies.</summary>
internal static class RelayReplies
{
    /// <summary>451 4.4.1: no backend could be reached (RFC 3463 4.4.1 "no answer from host").</summary>
    public static readonly SmtpReply NoBackend = SmtpReply.Create(451, "4.4.1", "No backend available, try again later");

    /// <summary>451 4.4.2: the backend connection broke before its reply (RFC 3463 4.4.2 "bad connection").</summary>
    public static readonly SmtpReply BackendLost = SmtpReply.Create(451, "4.4.2", "Connection to backend lost, try again later");

    /// <summary>451 4.4.2: the backend did not answer within the stage timeout.</summary>
    public static readonly SmtpReply BackendTimeout = SmtpReply.Create(451, "4.4.2", "Backend did not answer in time, try again later");

    /// <summary>553 5.6.7: SMTPUTF8 requested and the backend does not offer it (RFC 6531 3.5).</summary>
    public static readonly SmtpReply SmtpUtf8Unavailable = SmtpReply.Create(553, "5.6.7", "SMTPUTF8 is not supported by the next hop");

    /// <summary>554 5.6.3: 8-bit content and a backend without 8BITMIME; Edge does not down-convert (RFC 6152 3, RFC 3463).</summary>
    public static readonly SmtpReply EightBitUnsupported = SmtpReply.Create(554, "5.6.3", "Conversion required but not supported: the next hop does not accept 8-bit content");

    /// <summary>The reply for a broken connection, by cause.</summary>
    public static SmtpReply For(RelayFailure failure) => failure switch
    {
        RelayFailure.Timeout => BackendTimeout,
        RelayFailure.EightBitUnsupported => EightBitUnsupported,
        _ => BackendLost,
    };
}
