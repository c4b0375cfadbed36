// DaneOptions: "Edge:Dane", where the TLSA records for the gateway's own names come from (configured here, or
// looked up through a resolver) and what to do when a certificate would not match them (RFC 7672).
namespace Edge.Gateway.TransportSecurity;

/// <summary>DANE awareness (<c>Edge:Dane</c>).</summary>
public sealed class DaneOptions
{
    /// <summary>The configuration section this class binds from.</summary>
    public const string SectionName = "Edge:Dane";

    /// <summary>TLSA records as published, e.g. <c>{ "Host": "mx.example.com", "Record": "3 1 1 &lt;hex&gt;" }</c>.</summary>
    public List<DaneTlsaOptions> Tlsa { get; init; } = [];

    /// <summary>DNS resolver for TLSA lookups, <c>host:port</c> (a validating resolver such as unbound on 127.0.0.1:53). Unset: no lookups.</summary>
    public string? Resolver { get; set; }

    /// <summary>Host names whose <c>_25._tcp.&lt;host&gt;</c> TLSA records are looked up through <see cref="Resolver"/>.</summary>
    public List<string> Hosts { get; init; } = [];

    /// <summary>Time limit of one TLSA lookup (default 5 s).</summary>
    public TimeSpan ResolverTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>warn</c> (default): log and export a mismatch; <c>refuse</c>: also keep the old certificate on a reload that would break DANE.</summary>
    public string OnMismatch { get; set; } = "warn";
}
