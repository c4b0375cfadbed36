// TlsReportLabels: every label value of the edge_tlsrpt_* metrics. SECURITY: reports come from the internet; only
// these constants (indexed by the enums) become label values, never an organisation, domain, MX host or address.
namespace Edge.Gateway.TlsReporting;

/// <summary>Label names and bounded values of the TLS report metrics.</summary>
internal static class TlsReportLabels
{
    public const string Channel = "channel";
    public const string Reason = "reason";
    public const string PolicyType = "policy_type";
    public const string Result = "result";
    public const string ResultType = "result_type";

    /// <summary>Session results of edge_tlsrpt_sessions_total (RFC 8460 4.2 summary counts).</summary>
    public const string Success = "success";
    public const string Failure = "failure";

    /// <summary>Indexed by <see cref="TlsReportChannel"/>.</summary>
    public static readonly IReadOnlyList<string> Channels = ["https", "mail"];

    /// <summary>Indexed by <see cref="TlsReportRejection"/>.</summary>
    public static readonly IReadOnlyList<string> Reasons =
        ["malformed_json", "schema", "too_large", "bomb", "bad_gzip", "unsupported_type", "no_report", "queue_full", "busy"];

    /// <summary>Indexed by <see cref="TlsPolicyType"/>; the RFC's own spelling.</summary>
    public static readonly IReadOnlyList<string> PolicyTypes = ["sts", "tlsa", "no-policy-found"];

    /// <summary>Indexed by <see cref="TlsResultType"/>; the RFC's own spelling, then "other".</summary>
    public static readonly IReadOnlyList<string> ResultTypes =
    [
        "starttls-not-supported", "certificate-host-mismatch", "certificate-expired", "certificate-not-trusted",
        "validation-failure", "tlsa-invalid", "dnssec-invalid", "dane-required", "sts-policy-fetch-error",
        "sts-policy-invalid", "sts-webpki-invalid", "other",
    ];

    /// <summary>The policy type of a report's "policy-type" string; false for anything the RFC does not define.</summary>
    public static bool TryParsePolicyType(string value, out TlsPolicyType type)
    {
        for (var i = 0; i < PolicyTypes.Count; i++)
        {
            if (string.Equals(PolicyTypes[i], value, StringComparison.Ordinal))
            {
                type = (TlsPolicyType)i;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>The result type of a "result-type" string; unknown ones (later RFCs, vendor extensions) are Other.</summary>
    public static TlsResultType ParseResultType(string value)
    {
        for (var i = 0; i < ResultTypes.Count - 1; i++)
        {
            if (string.Equals(ResultTypes[i], value, StringComparison.Ordinal))
            {
                return (TlsResultType)i;
            }
        }

        return TlsResultType.Other;
    }
}
