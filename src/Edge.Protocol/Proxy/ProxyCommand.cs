// ProxyCommand: the two commands of PROXY protocol v2 (HAProxy proxy-protocol.txt 2.2); v1 headers are
// always Proxy. Local is a connection the proxy made itself (a health check): keep the real endpoints.
namespace Edge.Protocol.Proxy;

/// <summary>What the proxy says the connection is.</summary>
public enum ProxyCommand : byte
{
    /// <summary>The proxy's own connection (v2 LOCAL): the address block, if any, is ignored.</summary>
    Local = 0,
    /// <summary>A relayed connection: the header carries the original client's address (unless UNKNOWN/UNSPEC/UNIX).</summary>
    Proxy = 1,
}
