// MtaStsMode: the policy modes of RFC 8461 3.2, as written in the policy file.
namespace Edge.Gateway.TransportSecurity;

/// <summary>An MTA-STS policy mode.</summary>
internal enum MtaStsMode
{
    /// <summary>Senders must not deliver unless an MX matches and its certificate validates.</summary>
    Enforce,

    /// <summary>Senders deliver anyway but report failures (TLSRPT).</summary>
    Testing,

    /// <summary>The domain withdraws its policy.</summary>
    None,
}
