// ReportDateRange: RFC 8460 4.1 "date-range", RFC 3339 date-times (STJ reads the ISO 8601 profile RFC 3339 is).
using System.Text.Json.Serialization;

namespace Edge.Gateway.TlsReporting.Wire;

/// <summary>The period a report covers.</summary>
internal sealed class ReportDateRange
{
    [JsonRequired]
    [JsonPropertyName("start-datetime")]
    public DateTimeOffset Start { get; set; }

    [JsonRequired]
    [JsonPropertyName("end-datetime")]
    public DateTimeOffset End { get; set; }
}
