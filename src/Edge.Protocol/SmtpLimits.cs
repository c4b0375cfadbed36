// SmtpLimits: every protocol size limit Edge.Protocol enforces, with the RFC section it comes from.
// Gateways may configure a value between the default and the hard maximum; nothing else.
namespace Edge.Protocol;

/// <summary>Protocol limits (RFC 5321 4.5.3.1 and extensions), in octets unless said otherwise.</summary>
public static class SmtpLimits
{
    /// <summary>RFC 5321 4.5.3.1.4: a command line is at most 512 octets including the CRLF.</summary>
    public const int DefaultCommandLineLength = 512;

    /// <summary>Hard ceiling for the configurable command line limit (room for extension parameters, RFC 5321 4.5.3.1.4 permits more with extensions).</summary>
    public const int MaxCommandLineLength = 2048;

    /// <summary>RFC 5321 4.5.3.1.1: local part, at most 64 octets.</summary>
    public const int MaxLocalPartLength = 64;

    /// <summary>RFC 5321 4.5.3.1.2: domain, at most 255 octets.</summary>
    public const int MaxDomainLength = 255;

    /// <summary>RFC 5321 4.5.3.1.3: a path including the angle brackets, at most 256 octets.</summary>
    public const int MaxPathLength = 256;

    /// <summary>RFC 5321 4.5.3.1.5: a reply line is at most 512 octets including the CRLF.</summary>
    public const int MaxReplyLineLength = 512;

    /// <summary>RFC 5321 4.5.3.1.6: a text line in DATA is at most 1000 octets including the CRLF (reported, not enforced by default).</summary>
    public const int MaxTextLineLength = 1000;
}
