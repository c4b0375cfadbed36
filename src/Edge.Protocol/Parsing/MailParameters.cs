// ESMTP parameter values of MAIL FROM and RCPT TO, parsed into fields; text values stay slices of the line.
namespace Edge.Protocol.Parsing;

/// <summary>BODY= of MAIL FROM (RFC 6152, RFC 3030).</summary>
public enum BodyType : byte
{
    /// <summary>No BODY parameter.</summary>
    Unspecified = 0,
    /// <summary>BODY=7BIT.</summary>
    SevenBit,
    /// <summary>BODY=8BITMIME (RFC 6152).</summary>
    EightBitMime,
    /// <summary>BODY=BINARYMIME (RFC 3030); requires BDAT.</summary>
    BinaryMime,
}

/// <summary>RET= of MAIL FROM (RFC 3461 4.3).</summary>
public enum DsnReturn : byte
{
    /// <summary>No RET parameter.</summary>
    Unspecified = 0,
    /// <summary>RET=FULL.</summary>
    Full,
    /// <summary>RET=HDRS.</summary>
    Headers,
}

/// <summary>NOTIFY= of RCPT TO (RFC 3461 4.1).</summary>
[Flags]
public enum DsnNotify : byte
{
    /// <summary>No NOTIFY parameter.</summary>
    Unspecified = 0,
    /// <summary>NOTIFY=NEVER (exclusive of the others).</summary>
    Never = 1,
    /// <summary>SUCCESS.</summary>
    Success = 2,
    /// <summary>FAILURE.</summary>
    Failure = 4,
    /// <summary>DELAY.</summary>
    Delay = 8,
}

/// <summary>Parameters of a MAIL FROM command. Text values are slices of the command line (valid only while it is).</summary>
public ref struct MailParameters
{
    /// <summary>SIZE= (RFC 1870) in octets, or -1 when absent.</summary>
    public long Size { get; set; }
    /// <summary>BODY=.</summary>
    public BodyType Body { get; set; }
    /// <summary>SMTPUTF8 (RFC 6531) was given.</summary>
    public bool SmtpUtf8 { get; set; }
    /// <summary>REQUIRETLS (RFC 8689) was given.</summary>
    public bool RequireTls { get; set; }
    /// <summary>RET= (RFC 3461).</summary>
    public DsnReturn Ret { get; set; }
    /// <summary>ENVID= raw xtext (RFC 3461 4.4), empty when absent.</summary>
    public ReadOnlySpan<byte> EnvId { get; set; }
    /// <summary>AUTH= raw xtext or <c>&lt;&gt;</c> (RFC 4954 5), empty when absent.</summary>
    public ReadOnlySpan<byte> Auth { get; set; }
}

/// <summary>Parameters of a RCPT TO command. Text values are slices of the command line.</summary>
public ref struct RcptParameters
{
    /// <summary>NOTIFY= (RFC 3461 4.1).</summary>
    public DsnNotify Notify { get; set; }
    /// <summary>ORCPT= raw value <c>addr-type;xtext</c> (RFC 3461 4.2), empty when absent.</summary>
    public ReadOnlySpan<byte> ORcpt { get; set; }
}
