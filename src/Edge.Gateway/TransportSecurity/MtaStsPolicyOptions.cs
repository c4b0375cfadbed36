// MtaStsPolicyOptions: one "Edge:MtaSts:Policies:N" entry, the content of one domain's policy file (RFC 8461 3.2).
namespace Edge.Gateway.TransportSecurity;

/// <summary>The MTA-STS policy of one mail domain.</summary>
public sealed class MtaStsPolicyOptions
{
    /// <summary>The mail domain (the policy is served for the host <c>mta-sts.&lt;Domain&gt;</c>).</summary>
    public string Domain { get; set; } = "";

    /// <summary><c>enforce</c>, <c>testing</c> or <c>none</c>.</summary>
    public string Mode { get; set; } = "";

    /// <summary>MX host patterns, exact (<c>mx.example.com</c>) or one leading wildcard label (<c>*.example.com</c>), in file order.</summary>
    public List<string> Mx { get; init; } = [];

    /// <summary>How long senders may cache the policy, in seconds (default 604800, one week; at most 31557600, RFC 8461 3.2).</summary>
    public long MaxAgeSeconds { get; set; } = 604800;
}
