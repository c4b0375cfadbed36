// ProxyParseStatus: what ProxyHeaderParser found at the start of a connection's byte stream.
// Incomplete is only returned while every byte seen so far can still begin a valid header.
namespace Edge.Protocol.Proxy;

/// <summary>Result of <see cref="ProxyHeaderParser.TryParse"/>.</summary>
public enum ProxyParseStatus : byte
{
    /// <summary>The bytes so far are a valid prefix of a header; read more (the caller marks everything examined).</summary>
    Incomplete = 0,
    /// <summary>A whole header was parsed and consumed; the reader stands on the first byte after it.</summary>
    Complete,
    /// <summary>Not a PROXY header, or a malformed one; the reason is in <see cref="ProxyHeaderError"/>. Close the connection.</summary>
    Invalid,
}
