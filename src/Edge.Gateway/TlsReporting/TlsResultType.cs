// TlsResultType: RFC 8460 4.3 result types of failed sessions (negotiation failures 4.3.1, DANE and MTA-STS policy
// failures 4.3.2); anything else a sender invents is Other. The bounded `result_type` label.
namespace Edge.Gateway.TlsReporting;

/// <summary>Indexes <see cref="TlsReportLabels.ResultTypes"/>.</summary>
internal enum TlsResultType : byte
{
    StarttlsNotSupported,
    CertificateHostMismatch,
    CertificateExpired,
    CertificateNotTrusted,
    ValidationFailure,
    TlsaInvalid,
    DnssecInvalid,
    DaneRequired,
    StsPolicyFetchError,
    StsPolicyInvalid,
    StsWebpkiInvalid,
    Other,
}
