// TlsHandshakeInfo: an immutable snapshot of what a handshake negotiated, taken before the SslStream can be
// disposed. Published as ITlsHandshakeFeature (for the Received: header, logs, policy) and IStartTlsFeature.Handshake.
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Connections.Features;

namespace Edge.Gateway.Tls;

/// <summary>Negotiated TLS parameters of one connection.</summary>
public sealed class TlsHandshakeInfo : ITlsHandshakeFeature
{
    /// <summary>Creates a snapshot from the negotiated values.</summary>
    public TlsHandshakeInfo(SslProtocols protocol, TlsCipherSuite cipherSuite, string hostName)
    {
        Protocol = protocol;
        NegotiatedCipherSuite = cipherSuite;
        HostName = hostName;
    }

    /// <summary>Negotiated protocol (Tls12 or Tls13).</summary>
    public SslProtocols Protocol { get; }

    /// <summary>Negotiated cipher suite (IANA name, e.g. TLS_AES_256_GCM_SHA384).</summary>
    public TlsCipherSuite NegotiatedCipherSuite { get; }

    /// <summary>The client's SNI host name; empty when the client sent none.</summary>
    public string HostName { get; }

    TlsCipherSuite? ITlsHandshakeFeature.NegotiatedCipherSuite => NegotiatedCipherSuite;

    internal static TlsHandshakeInfo From(SslStream ssl) =>
        new(ssl.SslProtocol, ssl.NegotiatedCipherSuite, ssl.TargetHostName ?? string.Empty);

    // ITlsHandshakeFeature still declares these SYSLIB0058-obsolete members without default implementations,
    // so an implementer has to provide them. They carry no information the cipher suite does not.
#pragma warning disable SYSLIB0058
    CipherAlgorithmType ITlsHandshakeFeature.CipherAlgorithm => CipherAlgorithmType.None;

    int ITlsHandshakeFeature.CipherStrength => 0;

    HashAlgorithmType ITlsHandshakeFeature.HashAlgorithm => HashAlgorithmType.None;

    int ITlsHandshakeFeature.HashStrength => 0;

    ExchangeAlgorithmType ITlsHandshakeFeature.KeyExchangeAlgorithm => ExchangeAlgorithmType.None;

    int ITlsHandshakeFeature.KeyExchangeStrength => 0;
#pragma warning restore SYSLIB0058
}
