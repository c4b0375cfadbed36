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
        bool sawUtf8 = false;
        return SmtpChars.RunLength(domain, SmtpChars.Domain, ref sawUtf8) == domain.Length && HasValidLabels(domain);
    }

    /// <summary>
    /// The structural half of <see cref="IsValid"/> for text already known to hold only letters, digits, hyphens,
    /// dots and UTF-8 octets: no empty label, no label starting or ending with a hyphen.
    /// </summary>
    public static bool HasValidLabels(ReadOnlySpan<byte> domain)
    {
        while (true)
        {
            int dot = domain.IndexOf((byte)'.');
            ReadOnlySpan<byte> label = dot < 0 ? domain : domain[..dot];
            if (label.IsEmpty || label[0] == (byte)'-' || label[^1] == (byte)'-')
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
}
