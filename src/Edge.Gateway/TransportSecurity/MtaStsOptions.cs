// MtaStsOptions: "Edge:MtaSts", the MTA-STS policies Edge serves (RFC 8461) on an HTTPS listener of its own, the
// TLSRPT addresses printed by `dns-records`, and the certificate consistency check. Off while Endpoint is unset.
// Validated at start-up by MtaStsOptionsValidator (messages name the key).
namespace Edge.Gateway.TransportSecurity;

/// <summary>MTA-STS policy serving (<c>Edge:MtaSts</c>).</summary>
public sealed class MtaStsOptions
{
    /// <summary>The configuration section this class binds from.</summary>
    public const string SectionName = "Edge:MtaSts";

    /// <summary>HTTPS listener, <c>host:port</c> (e.g. <c>0.0.0.0:443</c>). Unset: no policy is served.</summary>
    public string? Endpoint { get; set; }

    /// <summary>One policy per mail domain, served at <c>https://mta-sts.&lt;Domain&gt;/.well-known/mta-sts.txt</c>.</summary>
    public List<MtaStsPolicyOptions> Policies { get; init; } = [];

    /// <summary>TLSRPT <c>rua</c> URIs (<c>mailto:</c> or <c>https:</c>) printed in the <c>_smtp._tls</c> record by <c>dns-records</c>.</summary>
    public List<string> ReportingAddresses { get; init; } = [];

    /// <summary>A certificate expiring within this many days makes an <c>enforce</c> policy inconsistent (default 14).</summary>
    public int ExpiryMarginDays { get; set; } = 14;

    /// <summary>Refuse a reloaded certificate that makes an <c>enforce</c> policy inconsistent; the old one stays (default false: warn).</summary>
    public bool RefuseInconsistentReload { get; set; }
}
