// DowngradeKind: the bounded kinds of STARTTLS downgrade Edge can see (DESIGN.md "Metrics"), label `kind` of
// edge_starttls_downgrades_total. Byte values index MetricLabels.DowngradeKinds and a per-session bit set.
namespace Edge.Gateway.Metrics;

/// <summary>What kind of TLS downgrade was observed.</summary>
internal enum DowngradeKind : byte
{
    /// <summary>STARTTLS was offered in this session's EHLO reply and the client sent MAIL in plaintext (a stripped EHLO looks like this).</summary>
    PlaintextAfterOffer = 0,

    /// <summary>A client address or HELO name that used TLS within the history window now sends MAIL in plaintext.</summary>
    TlsPeerWentPlaintext,

    /// <summary>A handshake from the same address failed within the window, then the client sent MAIL in plaintext.</summary>
    HandshakeFailedThenPlaintext,

    /// <summary>A backend that should offer STARTTLS did not (relay side).</summary>
    BackendWithoutStartTls,

    /// <summary>A REQUIRETLS (RFC 8689) message could not be relayed over TLS and was refused.</summary>
    RequireTlsRefused,
}
