// ListenerMode: how a listener starts TLS; parsed from "Edge:Listeners:N:Mode" by OptionValueParser.
namespace Edge.Gateway.Configuration;

/// <summary>TLS mode of a listener.</summary>
public enum ListenerMode
{
    /// <summary><c>starttls</c>: plaintext first, STARTTLS offered (RFC 3207). The only option for MTA-to-MTA port 25.</summary>
    StartTls,

    /// <summary><c>implicit-tls</c>: TLS from the first byte (RFC 8314), e.g. submissions on 465.</summary>
    ImplicitTls,

    /// <summary><c>plain</c>: no TLS at all (tests, or behind a TLS-terminating proxy).</summary>
    Plain,
}
