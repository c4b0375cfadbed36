// PolicyReason: the bounded reasons Edge refuses a connection, command or message by policy, label `reason` of
// edge_policy_rejections_total. Byte values index MetricLabels.PolicyReasons; connection refusals map from
// ConnectionRefusal, SMTP-level ones from the fixed reply that carried the refusal (ConnectionMetrics).
namespace Edge.Gateway.Metrics;

/// <summary>Why policy refused something.</summary>
internal enum PolicyReason : byte
{
    /// <summary>RCPT to a domain not accepted here from an unauthenticated client (550 5.7.1).</summary>
    RelayDenied = 0,

    /// <summary>A command before STARTTLS on a listener that requires TLS (530 5.7.0, RFC 3207 4).</summary>
    TlsRequired,

    /// <summary>MAIL before AUTH on a listener that requires it (530 5.7.0, RFC 4954 6).</summary>
    AuthRequired,

    /// <summary>Declared SIZE or received content over the limit (552 5.3.4, RFC 1870).</summary>
    MessageTooBig,

    /// <summary>More recipients than MaxRecipients (452 4.5.3).</summary>
    TooManyRecipients,

    /// <summary>Bare CR or LF in content with BareLineEndings=reject (550 5.6.11, SMTP smuggling).</summary>
    BareLineEnding,

    /// <summary>Session closed after MaxErrors errors (421 4.7.0).</summary>
    TooManyErrors,

    /// <summary>Session closed after MaxJunkCommands commands without mail (421 4.7.0).</summary>
    TooManyJunk,

    /// <summary>The listener's MaxConnections was reached (421 before the greeting).</summary>
    ConnectionLimit,

    /// <summary>The client address's MaxConnectionsPerAddress was reached (421 before the greeting).</summary>
    AddressLimit,

    /// <summary>The client talked before the greeting (554).</summary>
    EarlyTalker,

    /// <summary>PROXY listener: the TCP peer is not a trusted balancer.</summary>
    ProxyUntrusted,

    /// <summary>PROXY listener: no valid PROXY header.</summary>
    ProxyMalformed,

    /// <summary>PROXY listener: the header did not arrive within ProxyHeaderTimeout.</summary>
    ProxyTimeout,

    /// <summary>REQUIRETLS could not be honoured (550 5.7.30, RFC 8689 5): in plaintext, or no verified TLS to a backend.</summary>
    RequireTlsUnavailable,

    /// <summary>The client address exceeded ConnectionRatePerAddress (421 before the greeting).</summary>
    AddressRate,

    /// <summary>Improper pipelining with ImproperPipelining=reject (554 5.5.0, RFC 2920 3.1).</summary>
    ImproperPipelining,
}
