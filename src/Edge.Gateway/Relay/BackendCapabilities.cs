// BackendCapabilities: the EHLO keywords of a backend that change what the relay sends (RFC 5321 4.1.1.1).
// Parsed once per backend connection; a parameter is only ever sent when its extension was offered.
namespace Edge.Gateway.Relay;

/// <summary>Service extensions a backend offered in its EHLO reply.</summary>
[Flags]
internal enum BackendCapabilities
{
    /// <summary>None (HELO, or EHLO without extensions).</summary>
    None = 0,
    /// <summary>PIPELINING (RFC 2920).</summary>
    Pipelining = 1 << 0,
    /// <summary>SIZE (RFC 1870).</summary>
    Size = 1 << 1,
    /// <summary>8BITMIME (RFC 6152).</summary>
    EightBitMime = 1 << 2,
    /// <summary>SMTPUTF8 (RFC 6531).</summary>
    SmtpUtf8 = 1 << 3,
    /// <summary>CHUNKING (RFC 3030).</summary>
    Chunking = 1 << 4,
    /// <summary>DSN (RFC 3461).</summary>
    Dsn = 1 << 5,
    /// <summary>STARTTLS (RFC 3207).</summary>
    StartTls = 1 << 6,
    /// <summary>XFORWARD (Postfix).</summary>
    XForward = 1 << 7,
    /// <summary>XCLIENT (Postfix).</summary>
    XClient = 1 << 8,
    /// <summary>ENHANCEDSTATUSCODES (RFC 2034).</summary>
    EnhancedStatusCodes = 1 << 9,
    /// <summary>AUTH (RFC 4954): only then may MAIL carry AUTH=.</summary>
    Auth = 1 << 10,
    /// <summary>REQUIRETLS (RFC 8689).</summary>
    RequireTls = 1 << 11,
}
