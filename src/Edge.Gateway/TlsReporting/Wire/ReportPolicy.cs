// ReportPolicy: RFC 8460 4.4 "policy". "mx-host" is a string in the RFC's schema and an array of strings from some
// senders, so it is kept as a JSON element and its kind checked by TlsReportParser.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.Gateway.TlsReporting.Wire;

/// <summary>The policy a sender applied.</summary>
internal sealed class ReportPolicy
{
    /// <summary>"sts", "tlsa" or "no-policy-found" (checked by the parser).</summary>
    [JsonRequired]
    [JsonPropertyName("policy-type")]
    public string PolicyType { get; set; } = "";

    [JsonPropertyName("policy-string")]
    public List<string>? PolicyString { get; set; }

    [JsonRequired]
    [JsonPropertyName("policy-domain")]
    public string PolicyDomain { get; set; } = "";

    [JsonPropertyName("mx-host")]
    public JsonElement? MxHost { get; set; }
}
