// SmtpCommand: one parsed command line: the verb plus slices of the caller's buffer. Never allocates.
namespace Edge.Protocol.Parsing;

/// <summary>
/// A parsed command. Every span points into the line given to <see cref="CommandParser.Parse"/>;
/// the command is valid only while that buffer is.
/// </summary>
public ref struct SmtpCommand
{
    /// <summary>The verb.</summary>
    public SmtpVerb Verb { get; set; }

    /// <summary>
    /// Everything after the verb and its single separating space (HELO/EHLO domain, AUTH mechanism and
    /// initial response, VRFY/EXPN/HELP/NOOP argument, BDAT arguments); empty when none.
    /// For MAIL/RCPT the text after <c>FROM:</c>/<c>TO:</c>.
    /// </summary>
    public ReadOnlySpan<byte> Argument { get; set; }

    /// <summary>
    /// MAIL/RCPT: the mailbox inside the angle brackets, without the brackets and without any source route
    /// (RFC 5321 4.1.2, source routes are accepted and ignored); empty for the null reverse path <c>&lt;&gt;</c>.
    /// RCPT TO:&lt;Postmaster&gt; yields <c>Postmaster</c>.
    /// </summary>
    public ReadOnlySpan<byte> Path { get; set; }

    /// <summary>MAIL/RCPT: the path contains non-ASCII octets (needs SMTPUTF8, RFC 6531 3.4).</summary>
    public bool PathIsUtf8 { get; set; }

    /// <summary>MAIL/RCPT: the raw parameter text after the path (space separated), empty when none.</summary>
    public ReadOnlySpan<byte> ParameterText { get; set; }

    /// <summary>MAIL FROM parameters (valid when <see cref="Verb"/> is <see cref="SmtpVerb.Mail"/>).</summary>
    public MailParameters Mail { get; set; }

    /// <summary>RCPT TO parameters (valid when <see cref="Verb"/> is <see cref="SmtpVerb.Rcpt"/>).</summary>
    public RcptParameters Rcpt { get; set; }

    /// <summary>BDAT: the chunk size in octets.</summary>
    public long ChunkSize { get; set; }

    /// <summary>BDAT: the LAST keyword was given.</summary>
    public bool LastChunk { get; set; }

    /// <summary>AUTH: the SASL mechanism name (e.g. <c>PLAIN</c>), a slice of <see cref="Argument"/>.</summary>
    public ReadOnlySpan<byte> AuthMechanism { get; set; }

    /// <summary>AUTH: the initial response (base64 or <c>=</c>), empty when none (RFC 4954 4).</summary>
    public ReadOnlySpan<byte> AuthInitialResponse { get; set; }
}
