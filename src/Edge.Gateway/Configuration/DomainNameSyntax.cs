// DomainNameSyntax: syntax checks for host names in configuration (Hostname, AcceptedDomains,
// backend hosts): LDH labels of 1..63 octets, at most 253 octets in all (RFC 1035 2.3.4, RFC 1123 2.1).
// ASCII only: internationalised names are configured in their A-label (xn--) form.
namespace Edge.Gateway.Configuration;

/// <summary>Host name syntax. Never throws.</summary>
internal static class DomainNameSyntax
{
    private const int MaxNameLength = 253;
    private const int MaxLabelLength = 63;

    /// <summary>True for a host name such as <c>mx.example.com</c> or <c>localhost</c> (one trailing dot allowed).</summary>
    public static bool IsValidHostname(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        ReadOnlySpan<char> span = name.AsSpan();
        if (span[^1] == '.')
        {
            span = span[..^1];
        }

        if (span.IsEmpty || span.Length > MaxNameLength)
        {
            return false;
        }

        while (true)
        {
            int dot = span.IndexOf('.');
            ReadOnlySpan<char> label = dot < 0 ? span : span[..dot];
            if (!IsValidLabel(label))
            {
                return false;
            }

            if (dot < 0)
            {
                return true;
            }

            span = span[(dot + 1)..];
        }
    }

    /// <summary>True for an accepted-domain entry: a host name, or <c>*.</c> followed by a host name (every subdomain).</summary>
    public static bool IsValidDomainPattern(string? pattern)
    {
        if (pattern is not null && pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return IsValidHostname(pattern[2..]);
        }

        return IsValidHostname(pattern);
    }

    private static bool IsValidLabel(ReadOnlySpan<char> label)
    {
        if (label.IsEmpty || label.Length > MaxLabelLength || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        foreach (char c in label)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}
