// MetricLabels: every metric label value Edge emits, as constants made once. SECURITY: label values are only
// ever these strings (indexed by bounded enums) or configured listener/backend names; nothing from the wire
// becomes a label, so a client cannot blow up the series count. Arrays are indexed by the enums' byte values.
using System.Security.Authentication;
using Edge.Gateway.Tls;
using Edge.Protocol.Parsing;

namespace Edge.Gateway.Metrics;

/// <summary>Label names and bounded label values.</summary>
internal static class MetricLabels
{
    public const string Listener = "listener";
    public const string Tls = "tls";
    public const string Mode = "mode";
    public const string Result = "result";
    public const string Protocol = "protocol";
    public const string Reason = "reason";
    public const string Kind = "kind";
    public const string Verb = "verb";
    public const string Class = "class";
    public const string Generation = "generation";
    public const string Backend = "backend";
    public const string Stage = "stage";
    public const string State = "state";
    public const string Mechanism = "mechanism";

    public const string HandshakeSuccess = "success";
    public const string HandshakeFailure = "failure";

    /// <summary>Protocol label index of a failed handshake ("none").</summary>
    public const int NoProtocol = 0;

    /// <summary>Final TLS state of a session, indexed by <see cref="TlsMode"/>: None (plaintext), StartTls, Implicit.</summary>
    public static readonly IReadOnlyList<string> TlsStates = ["none", "starttls", "implicit"];

    /// <summary>Negotiated protocol: index <see cref="NoProtocol"/> for failures, then TLS 1.2, TLS 1.3, anything else.</summary>
    public static readonly IReadOnlyList<string> Protocols = ["none", "tls1.2", "tls1.3", "other"];

    /// <summary>Indexed by <see cref="HandshakeFailureReason"/>.</summary>
    public static readonly IReadOnlyList<string> FailureReasons = ["timeout", "client_gone", "protocol_version", "no_shared_cipher", "not_tls", "other"];

    /// <summary>Indexed by <see cref="DowngradeKind"/>.</summary>
    public static readonly IReadOnlyList<string> DowngradeKinds =
        ["plaintext_after_offer", "tls_peer_went_plaintext", "handshake_failed_then_plaintext", "backend_without_starttls", "requiretls_refused"];

    /// <summary>Indexed by <see cref="MessageResult"/>.</summary>
    public static readonly IReadOnlyList<string> Results = ["accepted", "rejected", "tempfailed"];

    /// <summary>Indexed by <see cref="SmtpVerb"/>.</summary>
    public static readonly IReadOnlyList<string> Verbs =
        ["unknown", "helo", "ehlo", "mail", "rcpt", "data", "bdat", "rset", "noop", "quit", "vrfy", "expn", "help", "starttls", "auth"];

    /// <summary>Reply classes; index is <c>code / 100 - 2</c>.</summary>
    public static readonly IReadOnlyList<string> ReplyClasses = ["2xx", "3xx", "4xx", "5xx"];

    /// <summary>GC generations counted by edge_gc_collections_total.</summary>
    public static readonly IReadOnlyList<string> Generations = ["0", "1", "2"];

    /// <summary>Indexed by <see cref="BackendResult"/>.</summary>
    public static readonly IReadOnlyList<string> BackendResults = ["accepted", "rejected", "tempfailed", "failed", "aborted"];

    /// <summary>Indexed by <see cref="BackendStage"/>.</summary>
    public static readonly IReadOnlyList<string> BackendStages = ["connect", "mail", "rcpt", "data", "transaction"];

    /// <summary>Indexed by <see cref="ProbeResult"/>: edge_backend_probes_total results.</summary>
    public static readonly IReadOnlyList<string> ProbeResults = ["success", "failure"];

    /// <summary>Pool connection states of edge_backend_connections: leased to a transaction, or idle in the pool.</summary>
    public static readonly IReadOnlyList<string> PoolStates = ["idle", "busy"];

    /// <summary>Indexed by <see cref="PolicyReason"/>.</summary>
    public static readonly IReadOnlyList<string> PolicyReasons =
    [
        "relay_denied", "tls_required", "auth_required", "message_too_big", "too_many_recipients", "bare_line_ending",
        "too_many_errors", "too_many_junk", "connection_limit", "address_limit", "early_talker", "proxy_untrusted",
        "proxy_malformed", "proxy_timeout", "requiretls_unavailable", "address_rate",
        "improper_pipelining",
    ];

    /// <summary>SASL mechanisms of edge_auth_attempts_total (the two Edge offers, RFC 4616 and LOGIN).</summary>
    public static readonly IReadOnlyList<string> AuthMechanisms = ["plain", "login"];

    /// <summary>Indexed by <see cref="AuthResult"/>.</summary>
    public static readonly IReadOnlyList<string> AuthResults = ["success", "failure", "cancelled", "malformed", "blocked", "unavailable"];

    /// <summary>Protocol label index of a negotiated protocol.</summary>
    public static int ProtocolIndex(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls12 => 1,
        SslProtocols.Tls13 => 2,
        _ => 3,
    };

    /// <summary>Result of a final reply code.</summary>
    public static MessageResult ResultOf(int code) => (code / 100) switch
    {
        2 => MessageResult.Accepted,
        4 => MessageResult.TempFailed,
        _ => MessageResult.Rejected,
    };

    /// <summary>The <c>verb</c> label index; anything out of range counts as unknown.</summary>
    public static int VerbIndex(SmtpVerb verb) => (int)verb < Verbs.Count ? (int)verb : 0;
}
