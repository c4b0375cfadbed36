// DataViolations: what the DATA/BDAT framers saw in message content that a strict RFC 5321 reader would refuse.
// Flags accumulate over one message; the gateway decides (550 5.6.11 for bare line ends, or normalise).
namespace Edge.Protocol.Framing;

/// <summary>Violations found in message content (RFC 5321 2.3.8, 4.1.1.4, 4.5.2, 4.5.3.1.6).</summary>
[Flags]
public enum DataViolations : byte
{
    /// <summary>Nothing found.</summary>
    None = 0,

    /// <summary>A CR not followed by LF (RFC 5321 2.3.8).</summary>
    BareCr = 1,

    /// <summary>An LF not preceded by CR (RFC 5321 2.3.8).</summary>
    BareLf = 2,

    /// <summary>A "." line delimited by a bare CR or LF on either side: an end of data for a lenient MTA (SMTP smuggling).</summary>
    SmugglingShape = 4,

    /// <summary>A NUL octet in the content (RFC 5321 4.5.2 expects text; reported only).</summary>
    Nul = 8,

    /// <summary>A line longer than 998 octets before its CRLF (RFC 5321 4.5.3.1.6; reported only).</summary>
    LongLine = 16,
}
