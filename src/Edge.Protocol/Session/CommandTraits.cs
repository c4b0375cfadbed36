// CommandTraits: per-verb properties in the command table (after Postfix's smtpd_cmd_table flags).
namespace Edge.Protocol.Session;

/// <summary>Properties of a verb that policy and the gateway consult.</summary>
[Flags]
public enum CommandTraits : byte
{
    /// <summary>None.</summary>
    None = 0,
    /// <summary>Allowed before TLS on a listener that requires TLS (RFC 3207 4, RFC 8314).</summary>
    PreTls = 1 << 0,
    /// <summary>Counts toward the junk-command limit (commands that deliver nothing).</summary>
    CountsAsJunk = 1 << 1,
    /// <summary>Must be the last command of a PIPELINING group (RFC 2920 3.1, RFC 3207, RFC 4954).</summary>
    EndsPipelineGroup = 1 << 2,
}
