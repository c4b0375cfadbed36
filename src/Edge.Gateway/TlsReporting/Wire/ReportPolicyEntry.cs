// ReportPolicyEntry: one element of "policies" (RFC 8460 4.4): the policy applied, the session summary, and the
// optional failure details.
using System.Text.Json.Serialization;

namespace Edge.Gateway.TlsReporting.Wire;

/// <summary>One policy of a report with its results.</summary>
internal sealed class ReportPolicyEntry
{
    [JsonRequired]
    [JsonPropertyName("policy")]
    public ReportPolicy Policy { get; set; } = new();

    [JsonRequired]
    [JsonPropertyName("summary")]
    public ReportSummary Summary { get; set; } = new();

    [JsonPropertyName("failure-details")]
    public List<ReportFailure>? FailureDetails { get; set; }
}
