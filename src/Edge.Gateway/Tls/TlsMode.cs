// TlsMode: how a listener uses TLS. Configuration spells it "plain" | "starttls" | "implicit-tls"
// (see TlsModeNames); the byte values are stable because metric labels and logs use them.
namespace Edge.Gateway.Tls;

/// <summary>TLS behaviour of one listener.</summary>
public enum TlsMode : byte
{
    /// <summary>Plaintext only; STARTTLS is not offered ("plain").</summary>
    None = 0,

    /// <summary>Plaintext first; the client may upgrade with STARTTLS (RFC 3207, "starttls").</summary>
    StartTls,

    /// <summary>TLS from the first byte (RFC 8314, "implicit-tls").</summary>
    Implicit,
}
