// BackendTlsMode: TLS towards a backend MTA; parsed from "Edge:Backends:N:Tls" by OptionValueParser.
namespace Edge.Gateway.Configuration;

/// <summary>TLS towards a backend.</summary>
public enum BackendTlsMode
{
    /// <summary><c>none</c>: plaintext (a trusted private network).</summary>
    None,

    /// <summary><c>starttls</c> / <c>starttls-required</c>: STARTTLS, required (no silent fallback to plaintext).</summary>
    StartTls,

    /// <summary><c>implicit-tls</c> / <c>implicit</c>: TLS from the first byte.</summary>
    ImplicitTls,

    /// <summary><c>starttls-opportunistic</c>: STARTTLS when the backend offers it, plaintext otherwise (counted as a downgrade).</summary>
    StartTlsOpportunistic,
}
