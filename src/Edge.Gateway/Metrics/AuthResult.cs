// AuthResult: the bounded outcome of one AUTH exchange, label `result` of edge_auth_attempts_total (RFC 4954).
// Byte values index MetricLabels.AuthResults.
namespace Edge.Gateway.Metrics;

/// <summary>How an AUTH attempt ended.</summary>
internal enum AuthResult : byte
{
    /// <summary>235: credentials verified.</summary>
    Success = 0,

    /// <summary>535 (or 421 once the failure limit is reached): credentials refused.</summary>
    Failure,

    /// <summary>The client answered a challenge with <c>*</c> (501 5.7.0).</summary>
    Cancelled,

    /// <summary>The response was not valid base64 or not a valid PLAIN message (501 5.5.2).</summary>
    Malformed,

    /// <summary>The client address had used up its failures and was refused before trying (421 4.7.0).</summary>
    Blocked,

    /// <summary>No verdict: the verifying backend was unreachable, too slow or answered something else (454 4.7.0).</summary>
    Unavailable,
}
