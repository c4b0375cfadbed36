// BareLineEndingHandling: what the framers do with a bare CR or bare LF in message content.
// Either way the violation is reported; Normalize additionally makes the content canonical (CRLF).
namespace Edge.Protocol.Framing;

/// <summary>Policy for bare CR / bare LF in DATA or BDAT content (RFC 5321 2.3.8).</summary>
public enum BareLineEndingHandling : byte
{
    /// <summary>Content is written as received and the violation reported; the gateway answers 550 5.6.11 at the end.</summary>
    Reject = 0,

    /// <summary>Each bare CR or bare LF is written as CRLF (and still reported).</summary>
    Normalize = 1,
}
