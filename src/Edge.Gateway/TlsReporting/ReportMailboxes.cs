// ReportMailboxes: the configured rua mailboxes (Edge:TlsRpt:Mailboxes), pre-encoded for matching RCPT paths
// without allocating. Matched ASCII case-insensitively: senders copy rua addresses from DNS in any case.
using Edge.Gateway.Configuration;

namespace Edge.Gateway.TlsReporting;

/// <summary>The report mailboxes (a DI singleton, immutable).</summary>
internal sealed class ReportMailboxes
{
    private readonly byte[][] _addresses;

    public ReportMailboxes(IOptions<EdgeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Value.TlsRpt.Mailboxes;
        _addresses = new byte[configured.Count][];
        for (var i = 0; i < configured.Count; i++)
        {
            _addresses[i] = Encoding.ASCII.GetBytes(configured[i]);
        }
    }

    /// <summary>No mailbox configured: nothing to tap.</summary>
    public bool IsEmpty => _addresses.Length == 0;

    /// <summary>Whether the RCPT path <paramref name="address"/> (without angle brackets) is a report mailbox.</summary>
    public bool Contains(ReadOnlySpan<byte> address)
    {
        foreach (var candidate in _addresses)
        {
            if (Ascii.EqualsIgnoreCase(candidate, address))
            {
                return true;
            }
        }

        return false;
    }
}
