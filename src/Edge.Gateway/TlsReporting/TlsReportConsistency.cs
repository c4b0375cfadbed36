// TlsReportConsistency: start-up cross-checks between TLS report intake and the rest of the configuration, for
// mistakes that would silently lose reports: a report mailbox outside Edge:AcceptedDomains (its mail is refused
// before Edge can read it), a mailto: rua in Edge:MtaSts:ReportingAddresses that is not a report mailbox (relayed,
// never read), an https: rua whose path is not Edge:TlsRpt:Path (senders' POSTs get 404). Warnings, not failures:
// a rua may legitimately be handled elsewhere. Pure; the caller logs.
using Edge.Gateway.Configuration;
using Edge.Gateway.Policy;

namespace Edge.Gateway.TlsReporting;

/// <summary>Configuration cross-checks of TLS report intake.</summary>
internal static class TlsReportConsistency
{
    /// <summary>The warnings, each naming its key; empty when consistent.</summary>
    public static List<string> Check(EdgeOptions edge, IReadOnlyList<string> reportingAddresses)
    {
        ArgumentNullException.ThrowIfNull(edge);
        ArgumentNullException.ThrowIfNull(reportingAddresses);
        List<string> warnings = [];
        var rpt = edge.TlsRpt;
        var accepted = new AcceptedDomainsPolicy(edge.AcceptedDomains);
        for (var i = 0; i < rpt.Mailboxes.Count; i++)
        {
            if (!accepted.Accepts(Encoding.UTF8.GetBytes(rpt.Mailboxes[i])))
            {
                warnings.Add($"Edge:TlsRpt:Mailboxes:{i}: '{rpt.Mailboxes[i]}' is not in Edge:AcceptedDomains; mail to it is refused (550 5.7.1) and its reports are never read");
            }
        }

        for (var i = 0; i < reportingAddresses.Count; i++)
        {
            var rua = reportingAddresses[i];
            var key = $"Edge:MtaSts:ReportingAddresses:{i}";
            if (rua.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            {
                var address = rua["mailto:".Length..].Split('?')[0];
                if (!rpt.Mailboxes.Exists(m => string.Equals(m, address, StringComparison.OrdinalIgnoreCase)))
                {
                    warnings.Add($"{key}: reports mailed to '{address}' are relayed but not read; add it to Edge:TlsRpt:Mailboxes");
                }
            }
            else if (Uri.TryCreate(rua, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
                && !string.Equals(uri.AbsolutePath, rpt.Path, StringComparison.Ordinal))
            {
                var served = string.IsNullOrEmpty(rpt.Path) ? "HTTP intake is off (Edge:TlsRpt:Path is empty)" : $"Edge:TlsRpt:Path is '{rpt.Path}'";
                warnings.Add($"{key}: senders POST to '{uri.AbsolutePath}', but {served}");
            }
        }

        return warnings;
    }
}
