// TlsReportOutcome: what TlsReportIntake did with one submitted report: accepted, or rejected with a reason and a
// short detail (sent back in the HTTP response; never values from the report).
namespace Edge.Gateway.TlsReporting;

/// <summary>Accepted (<see cref="Rejection"/> null) or rejected.</summary>
internal readonly record struct TlsReportOutcome(TlsReportRejection? Rejection, string Detail)
{
    public static TlsReportOutcome Accepted { get; } = new(null, "accepted");

    public bool IsAccepted => Rejection is null;
}
