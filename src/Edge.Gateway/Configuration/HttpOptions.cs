// HttpOptions: "Edge:Http", the plain HTTP endpoint for /metrics, /healthz and TLSRPT intake.
// Loopback by default: metrics are for a local scraper or a reverse proxy, not the internet.
namespace Edge.Gateway.Configuration;

/// <summary>The HTTP endpoint (<c>Edge:Http</c>).</summary>
public sealed class HttpOptions
{
    /// <summary>Address to listen on, <c>host:port</c> (default <c>127.0.0.1:8025</c>).</summary>
    public string Endpoint { get; set; } = "127.0.0.1:8025";
}
