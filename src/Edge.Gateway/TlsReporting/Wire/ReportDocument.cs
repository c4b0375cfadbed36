// ReportDocument: the top-level object of an SMTP TLS report as RFC 8460 4.4 defines it (report metadata 4.1 and
// the policies). Members the RFC requires are [JsonRequired]; unknown members are skipped (later extensions).
// Deserialised only by TlsReportParser, which checks what attributes cannot (non-empty, ranges, enum values).
using System.Text.Json.Serialization;

namespace Edge.Gateway.TlsReporting.Wire;

/// <summary>An RFC 8460 report, as received.</summary>
internal sealed class ReportDocument
{
    [JsonRequired]
    [JsonPropertyName("organization-name")]
    public string OrganizationName { get; set; } = "";

    [JsonRequired]
    [JsonPropertyName("date-range")]
    public ReportDateRange DateRange { get; set; } = new();

    [JsonRequired]
    [JsonPropertyName("contact-info")]
    public string ContactInfo { get; set; } = "";

    [JsonRequired]
    [JsonPropertyName("report-id")]
    public string ReportId { get; set; } = "";

    [JsonRequired]
    [JsonPropertyName("policies")]
    public List<ReportPolicyEntry> Policies { get; set; } = [];
}
