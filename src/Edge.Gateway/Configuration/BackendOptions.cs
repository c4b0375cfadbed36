// BackendOptions: one entry of "Edge:Backends", a backend MTA Edge relays transactions to.
// Minimal on purpose: the relay adds pool and health settings; the keys here stay stable.
namespace Edge.Gateway.Configuration;

/// <summary>A backend MTA (<c>Edge:Backends:N</c>).</summary>
public sealed class BackendOptions
{
    /// <summary>Unique name, used in logs and as a metric label (unset: <c>backend-N</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary><c>host:port</c>; host is an IP address, <c>[IPv6]</c> or a DNS name.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>TLS towards the backend: <c>none</c> (default), <c>starttls</c> or <c>implicit-tls</c>.</summary>
    public string Tls { get; set; } = "none";
}
