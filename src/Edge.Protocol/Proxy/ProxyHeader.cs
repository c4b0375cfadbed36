// ProxyHeader: one parsed PROXY protocol header. Source is the original client as the balancer saw it,
// or null when the header carries no usable address (v1 UNKNOWN, v2 LOCAL, UNSPEC or UNIX family), in
// which case the receiver keeps the connection's own endpoint (HAProxy proxy-protocol.txt 2.1, 2.2).
using System.Net;

namespace Edge.Protocol.Proxy;

/// <summary>A parsed PROXY protocol v1 or v2 header.</summary>
public readonly struct ProxyHeader
{
    /// <summary>Creates a header.</summary>
    public ProxyHeader(int version, ProxyCommand command, IPEndPoint? source, int length)
    {
        Version = version;
        Command = command;
        Source = source;
        Length = length;
    }

    /// <summary>1 (text) or 2 (binary).</summary>
    public int Version { get; }

    /// <summary>LOCAL or PROXY.</summary>
    public ProxyCommand Command { get; }

    /// <summary>The original client's address and port, or null when the header gives none.</summary>
    public IPEndPoint? Source { get; }

    /// <summary>Octets the header occupied on the wire (all consumed by the parser).</summary>
    public int Length { get; }
}
