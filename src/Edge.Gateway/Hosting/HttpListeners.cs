// HttpListeners: the HTTP listeners Edge runs, as flags, so an endpoint can name every listener that serves it
// (see ListenerScopeExtensions). Internal is the plain HTTP endpoint (Edge:Http: /metrics, /healthz, /readyz);
// MtaSts is the internet-facing HTTPS listener (Edge:MtaSts:Endpoint).
namespace Edge.Gateway.Hosting;

/// <summary>Edge's HTTP listeners.</summary>
[Flags]
internal enum HttpListeners
{
    /// <summary>No listener.</summary>
    None = 0,

    /// <summary>The plain HTTP endpoint (<c>Edge:Http:Endpoint</c>); the only one serving endpoints without a scope.</summary>
    Internal = 1,

    /// <summary>The HTTPS listener of MTA-STS (<c>Edge:MtaSts:Endpoint</c>), reachable from the internet.</summary>
    MtaSts = 2,
}
