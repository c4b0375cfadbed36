// DomainSyntax: RFC 5321 4.1.2 Domain = sub-domain *("." sub-domain), sub-domain = Let-dig [Ldh-str].
// Octets >= 0x80 count as letters (RFC 6531 U-labels); the caller decides whether SMTPUTF8 allows them.
using Edge.Protocol.Parsing;

namespace Edge.Protocol.Addressing;

/// <summary>Syntax check of a domain name in a path.</summary>
internal static class DomainSyntax
{
    /// <summary>True when <paramref name="domain"/> is dot-separated labels with no leading or trailing hyphen.</summary>
    public static bool IsValid(ReadOnlySpan<byte> domain)
    {
        if (domain.IsEmpty)
        {
            return false;
        }

        while (true)
        {
            int dot = domain.IndexOf((byte)'.');
            ReadOnlySpan<byte> label = dot < 0 ? domain : domain[..dot];
            if (!IsValidLabel(label))
            {
                return false;
            }

            if (dot < 0)
            {
                return true;
            }

            domain = domain[(dot + 1)..];
        }
    }

    /// <summary>RFC 5321 4.1.2 sub-domain / Ldh-str: letters, digits and inner hyphens.</summary>
    public static bool IsValidLabel(ReadOnlySpan<byte> label) =>
        !label.IsEmpty
        && label[0] != (byte)'-'
        && label[^1] != (byte)'-'
        && !label.ContainsAnyExcept(SmtpChars.LdhUtf8);
}
