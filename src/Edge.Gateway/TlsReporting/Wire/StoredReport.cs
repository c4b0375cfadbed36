// StoredReport: what GET {Path}/reports lists for one accepted report: when and how it came, its metadata, and per
// policy the counts, failures by result type and the first failure details. Strings are cut and details capped
// (StoredReportBuilder) so the kept reports stay small whatever a sender posts.
using System.Text.Json.Serialization;

namespace Edge.Gateway.TlsReporting.Wire;

/// <summary>A kept report, for drill-down.</summary>
internal sealed class StoredReport
{
    [JsonPropertyName("received")]
    public DateTimeOffset Received { get; init; }

    [JsonPropertyName("channel")]
    public string Channel { get; init; } = "";

    [JsonPropertyName("organization-name")]
    public string OrganizationName { get; init; } = "";

    [JsonPropertyName("report-id")]
    public string ReportId { get; init; } = "";

    [JsonPropertyName("contact-info")]
    public string ContactInfo { get; init; } = "";

    [JsonPropertyName("start-datetime")]
    public DateTimeOffset Start { get; init; }

    [JsonPropertyName("end-datetime")]
    public DateTimeOffset End { get; init; }

    [JsonPropertyName("policies")]
    public List<StoredPolicy> Policies { get; init; } = [];

    /// <summary>Policies beyond the kept ones (counted in metrics, not listed).</summary>
    [JsonPropertyName("policies-omitted")]
    public int PoliciesOmitted { get; init; }
}
