// AcceptedDomainsPolicy: answers "is this recipient in a domain we accept mail for?" without allocating.
// SECURITY: this is what keeps an edge gateway from being an open relay; it is consulted for every RCPT
// of an unauthenticated session, before any sink or backend sees the recipient.
using System.Text;

namespace Edge.Gateway.Policy;

/// <summary>Accepted domains: exact names and <c>*.example.com</c> wildcards (any subdomain, not the apex).</summary>
internal sealed class AcceptedDomainsPolicy
{
    private readonly byte[][] _exact;
    private readonly byte[][] _suffixes;
    private readonly bool _all;

    public AcceptedDomainsPolicy(IEnumerable<string> domains)
    {
        ArgumentNullException.ThrowIfNull(domains);
        var exact = new List<byte[]>();
        var suffixes = new List<byte[]>();
        foreach (var domain in domains)
        {
            var d = domain.Trim().TrimEnd('.');
            if (d == "*")
            {
                // Every domain: only reachable with Edge:AllowOpenRelay=true (OpenRelayValidator).
                _all = true;
            }
            else if (d.StartsWith("*.", StringComparison.Ordinal))
            {
                suffixes.Add(Encoding.UTF8.GetBytes(d[1..]));
            }
            else if (d.Length > 0)
            {
                exact.Add(Encoding.UTF8.GetBytes(d));
            }
        }

        _exact = [.. exact];
        _suffixes = [.. suffixes];
    }

    /// <summary>True when <paramref name="address"/> (<c>local@domain</c>, or the bare <c>postmaster</c>) is ours.</summary>
    public bool Accepts(ReadOnlySpan<byte> address)
    {
        var at = address.LastIndexOf((byte)'@');
        if (at < 0)
        {
            // RFC 5321 4.5.1: RCPT TO:<Postmaster> without a domain must be accepted.
            return Ascii.EqualsIgnoreCase(address, "postmaster"u8);
        }

        if (_all)
        {
            return true;
        }

        var domain = address[(at + 1)..];
        if (domain.Length > 0 && domain[^1] == (byte)'.')
        {
            domain = domain[..^1];
        }

        foreach (var exact in _exact)
        {
            if (Ascii.EqualsIgnoreCase(domain, exact))
            {
                return true;
            }
        }

        foreach (var suffix in _suffixes)
        {
            if (domain.Length > suffix.Length && Ascii.EqualsIgnoreCase(domain[^suffix.Length..], suffix))
            {
                return true;
            }
        }

        return false;
    }
}
