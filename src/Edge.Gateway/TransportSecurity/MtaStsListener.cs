// MtaStsListener: the Kestrel listen options of the MTA-STS HTTPS listener once configured, for its bound endpoint
// (port 0 in tests resolves to the real port after start).
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Edge.Gateway.TransportSecurity;

/// <summary>The MTA-STS listener, when one is configured.</summary>
internal sealed class MtaStsListener
{
    public ListenOptions? Options { get; set; }

    /// <summary>The bound endpoint, or null without an MTA-STS listener.</summary>
    public IPEndPoint? Endpoint => Options?.IPEndPoint;
}
