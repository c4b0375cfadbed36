// SmtpVerb: the commands Edge.Protocol recognises, as a byte-sized enum so dispatch never makes a string.
namespace Edge.Protocol.Parsing;

/// <summary>A recognised SMTP command verb (RFC 5321 4.1 and extensions).</summary>
public enum SmtpVerb : byte
{
    /// <summary>Not a verb Edge knows (answered <c>500 5.5.2</c>).</summary>
    Unknown = 0,
    /// <summary>HELO (RFC 5321 4.1.1.1).</summary>
    Helo,
    /// <summary>EHLO (RFC 5321 4.1.1.1).</summary>
    Ehlo,
    /// <summary>MAIL FROM (RFC 5321 4.1.1.2).</summary>
    Mail,
    /// <summary>RCPT TO (RFC 5321 4.1.1.3).</summary>
    Rcpt,
    /// <summary>DATA (RFC 5321 4.1.1.4).</summary>
    Data,
    /// <summary>BDAT (RFC 3030).</summary>
    Bdat,
    /// <summary>RSET (RFC 5321 4.1.1.5).</summary>
    Rset,
    /// <summary>NOOP (RFC 5321 4.1.1.9).</summary>
    Noop,
    /// <summary>QUIT (RFC 5321 4.1.1.10).</summary>
    Quit,
    /// <summary>VRFY (RFC 5321 4.1.1.6).</summary>
    Vrfy,
    /// <summary>EXPN (RFC 5321 4.1.1.7).</summary>
    Expn,
    /// <summary>HELP (RFC 5321 4.1.1.8).</summary>
    Help,
    /// <summary>STARTTLS (RFC 3207).</summary>
    StartTls,
    /// <summary>AUTH (RFC 4954).</summary>
    Auth,
}
