// ReportSummary: RFC 8460 4.4 "summary", the session counts the edge_tlsrpt_sessions_total counter adds up.
using System.Text.Json.Serialization;

namespace Edge.Gateway.TlsReporting.Wire;

/// <summary>Successful and failed session counts of one policy.</summary>
internal sealed class ReportSummary
{
    [JsonRequired]
    [JsonPropertyName("total-successful-session-count")]
    public long Successful { get; set; }

    [JsonRequired]
    [JsonPropertyName("total-failure-session-count")]
    public long Failed { get; set; }
}
