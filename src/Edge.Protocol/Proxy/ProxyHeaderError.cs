// ProxyHeaderError: why a PROXY protocol header was refused, one bounded value per failure class
// (a log field and a metric label; never text from the wire).
namespace Edge.Protocol.Proxy;

/// <summary>The reason a header is <see cref="ProxyParseStatus.Invalid"/>.</summary>
public enum ProxyHeaderError : byte
{
    /// <summary>No error.</summary>
    None = 0,
    /// <summary>The stream starts with neither the v1 <c>PROXY </c> prefix nor the v2 signature.</summary>
    NotProxyProtocol,
    /// <summary>v1: no CRLF within 107 octets; v2: the declared length exceeds <see cref="ProxyHeaderParser.MaxV2Length"/>.</summary>
    TooLong,
    /// <summary>v1: a line that does not follow <c>PROXY TCP4|TCP6|UNKNOWN src dst sport dport CRLF</c>.</summary>
    MalformedV1,
    /// <summary>v2: the version nibble is not 2.</summary>
    UnsupportedVersion,
    /// <summary>v2: the command nibble is neither LOCAL (0) nor PROXY (1).</summary>
    UnsupportedCommand,
    /// <summary>v2 PROXY: an address family or transport Edge cannot use (datagram, unknown values).</summary>
    UnsupportedFamily,
    /// <summary>v2 PROXY: the declared length is shorter than the address block of the family.</summary>
    AddressTooShort,
    /// <summary>v2: a TLV runs past the declared length.</summary>
    MalformedTlv,
}
