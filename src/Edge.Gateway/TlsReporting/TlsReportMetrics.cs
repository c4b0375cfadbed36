// TlsReportMetrics: the edge_tlsrpt_* instruments, in the host's registry (EdgeMetrics.Registry), every child made up
// front so each series is exported at 0 before the first report (rate() and alerts see a start). Labels are the
// bounded tables of TlsReportLabels only.
using Edge.Gateway.Metrics;
using Edge.Gateway.TlsReporting.Wire;
using Prometheus;

namespace Edge.Gateway.TlsReporting;

/// <summary>TLS report metrics (a DI singleton).</summary>
internal sealed class TlsReportMetrics
{
    private readonly Counter.Child[] _reports;
    private readonly Counter.Child[,] _rejected;
    private readonly Counter.Child[,] _sessions;
    private readonly Counter.Child[] _failed;

    public TlsReportMetrics(EdgeMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var factory = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();

        var reports = factory.CreateCounter("edge_tlsrpt_reports_total", "SMTP TLS reports (RFC 8460) accepted, by channel (https: POST to Edge:TlsRpt:Path; mail: attachment of a message to Edge:TlsRpt:Mailboxes).", [TlsReportLabels.Channel]);
        var rejected = factory.CreateCounter("edge_tlsrpt_reports_rejected_total", "TLS reports or report messages not taken, by channel and reason.", [TlsReportLabels.Channel, TlsReportLabels.Reason]);
        var sessions = factory.CreateCounter("edge_tlsrpt_sessions_total", "Sending sessions reported in accepted TLS reports, by policy type (sts, tlsa, no-policy-found) and result (success, failure).", [TlsReportLabels.PolicyType, TlsReportLabels.Result]);
        var failed = factory.CreateCounter("edge_tlsrpt_failed_sessions_total", "Failed sending sessions reported in TLS report failure details, by RFC 8460 result type (other for unknown ones).", [TlsReportLabels.ResultType]);

        var channels = TlsReportLabels.Channels;
        _reports = new Counter.Child[channels.Count];
        _rejected = new Counter.Child[channels.Count, TlsReportLabels.Reasons.Count];
        for (var c = 0; c < channels.Count; c++)
        {
            _reports[c] = reports.WithLabels(channels[c]);
            for (var r = 0; r < TlsReportLabels.Reasons.Count; r++)
            {
                _rejected[c, r] = rejected.WithLabels(channels[c], TlsReportLabels.Reasons[r]);
            }
        }

        _sessions = new Counter.Child[TlsReportLabels.PolicyTypes.Count, 2];
        for (var p = 0; p < TlsReportLabels.PolicyTypes.Count; p++)
        {
            _sessions[p, 0] = sessions.WithLabels(TlsReportLabels.PolicyTypes[p], TlsReportLabels.Success);
            _sessions[p, 1] = sessions.WithLabels(TlsReportLabels.PolicyTypes[p], TlsReportLabels.Failure);
        }

        _failed = new Counter.Child[TlsReportLabels.ResultTypes.Count];
        for (var t = 0; t < _failed.Length; t++)
        {
            _failed[t] = failed.WithLabels(TlsReportLabels.ResultTypes[t]);
        }
    }

    /// <summary>Counts a rejected report (or report message).</summary>
    public void Rejected(TlsReportChannel channel, TlsReportRejection reason) => _rejected[(int)channel, (int)reason].Inc();

    /// <summary>Counts an accepted, validated report and adds up its session counts.</summary>
    public void Accepted(TlsReportChannel channel, ReportDocument report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _reports[(int)channel].Inc();
        foreach (var entry in report.Policies)
        {
            if (!TlsReportLabels.TryParsePolicyType(entry.Policy.PolicyType, out var type))
            {
                continue; // the parser let no such report through
            }

            _sessions[(int)type, 0].Inc(entry.Summary.Successful);
            _sessions[(int)type, 1].Inc(entry.Summary.Failed);
            if (entry.FailureDetails is null)
            {
                continue;
            }

            foreach (var failure in entry.FailureDetails)
            {
                _failed[(int)TlsReportLabels.ParseResultType(failure.ResultType)].Inc(failure.FailedSessionCount);
            }
        }
    }
}
