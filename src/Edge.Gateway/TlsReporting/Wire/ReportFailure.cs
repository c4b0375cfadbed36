// ReportFailure: one element of "failure-details" (RFC 8460 4.4). Only the result type and the count are required;
// addresses and names are kept for drill-down, never used as metric labels.
using System.Text.Json.Serialization;

namespace Edge.Gateway.TlsReporting.Wire;

/// <summary>Failed sessions of one kind, between one sender and one receiving MX.</summary>
internal sealed class ReportFailure
{
    [JsonRequired]
    [JsonPropertyName("result-type")]
    public string ResultType { get; set; } = "";

    [JsonRequired]
    [JsonPropertyName("failed-session-count")]
    public long FailedSessionCount { get; set; }

    [JsonPropertyName("sending-mta-ip")]
    public string? SendingMtaIp { get; set; }

    [JsonPropertyName("receiving-mx-hostname")]
    public string? ReceivingMxHostname { get; set; }

    [JsonPropertyName("receiving-mx-helo")]
    public string? ReceivingMxHelo { get; set; }

    [JsonPropertyName("receiving-ip")]
    public string? ReceivingIp { get; set; }

    [JsonPropertyName("additional-information")]
    public string? AdditionalInformation { get; set; }

    [JsonPropertyName("failure-reason-code")]
    public string? FailureReasonCode { get; set; }
}
