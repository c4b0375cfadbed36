// EhloKeywords: the service extensions a session can advertise in its EHLO reply.
namespace Edge.Protocol.Session;

/// <summary>ESMTP extensions (RFC 5321 4.1.1.1). Which ones a session advertises depends on the listener and on TLS.</summary>
[Flags]
public enum EhloKeywords : ushort
{
    /// <summary>None.</summary>
    None = 0,
    /// <summary>PIPELINING (RFC 2920).</summary>
    Pipelining = 1 << 0,
    /// <summary>SIZE n (RFC 1870).</summary>
    Size = 1 << 1,
    /// <summary>8BITMIME (RFC 6152).</summary>
    EightBitMime = 1 << 2,
    /// <summary>ENHANCEDSTATUSCODES (RFC 2034).</summary>
    EnhancedStatusCodes = 1 << 3,
    /// <summary>SMTPUTF8 (RFC 6531).</summary>
    SmtpUtf8 = 1 << 4,
    /// <summary>CHUNKING (RFC 3030).</summary>
    Chunking = 1 << 5,
    /// <summary>DSN (RFC 3461).</summary>
    Dsn = 1 << 6,
    /// <summary>STARTTLS (RFC 3207), only before TLS.</summary>
    StartTls = 1 << 7,
    /// <summary>AUTH (RFC 4954), only after TLS.</summary>
    Auth = 1 << 8,
    /// <summary>REQUIRETLS (RFC 8689), only on TLS sessions whose next hop is verified TLS.</summary>
    RequireTls = 1 << 9,
    /// <summary>BINARYMIME (RFC 3030).</summary>
    BinaryMime = 1 << 10,
}
