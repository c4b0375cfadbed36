// TlsPolicyType: RFC 8460 4.4 "policy-type", the policy the sender applied; the `policy_type` label.
namespace Edge.Gateway.TlsReporting;

/// <summary>Indexes <see cref="TlsReportLabels.PolicyTypes"/>.</summary>
internal enum TlsPolicyType : byte
{
    Sts,
    Tlsa,
    NoPolicyFound,
}
