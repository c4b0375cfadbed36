// StoredPolicy: one policy of a kept report (see StoredReport).
using System.Text.Json.Serialization;

namespace Edge.Gateway.TlsReporting.Wire;

/// <summary>A kept policy result.</summary>
internal sealed class StoredPolicy
{
    [JsonPropertyName("policy-type")]
    public string PolicyType { get; init; } = "";

    [JsonPropertyName("policy-domain")]
    public string PolicyDomain { get; init; } = "";

    [JsonPropertyName("mx-host")]
    public List<string> MxHost { get; init; } = [];

    [JsonPropertyName("total-successful-session-count")]
    public long Successful { get; init; }

    [JsonPropertyName("total-failure-session-count")]
    public long Failed { get; init; }

    /// <summary>Failed sessions per result type (the RFC's names, "other" for the rest).</summary>
    [JsonPropertyName("failures-by-type")]
    public Dictionary<string, long> FailuresByType { get; init; } = [];

    [JsonPropertyName("failure-details")]
    public List<ReportFailure> FailureDetails { get; init; } = [];

    [JsonPropertyName("failure-details-omitted")]
    public int FailureDetailsOmitted { get; init; }
}
