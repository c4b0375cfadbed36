// TlsReportParseResult: the answer of TlsReportParser: a validated report, or the rejection and a short reason
// (for the HTTP response and the debug log; it never echoes values from the report).
using Edge.Gateway.TlsReporting.Wire;

namespace Edge.Gateway.TlsReporting;

/// <summary>A parsed report or why there is none.</summary>
internal readonly record struct TlsReportParseResult(ReportDocument? Report, TlsReportRejection Rejection, string Detail)
{
    public bool IsValid => Report is not null;

    public static TlsReportParseResult Valid(ReportDocument report) => new(report, default, "");

    public static TlsReportParseResult Invalid(TlsReportRejection rejection, string detail) => new(null, rejection, detail);
}
