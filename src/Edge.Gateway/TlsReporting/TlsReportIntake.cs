// TlsReportIntake: the one path every report takes, whatever the channel: size check, bounded gzip inflation, strict
// parse, then metrics and the recent-reports store, or a rejection counted by reason. Synchronous and CPU-bound;
// callers bound the input (HTTP body limit, message copy limit).
using Edge.Gateway.Configuration;

namespace Edge.Gateway.TlsReporting;

/// <summary>Takes reports in (a DI singleton, thread-safe).</summary>
internal sealed partial class TlsReportIntake(
    TlsReportMetrics metrics, TlsReportStore store, IOptions<EdgeOptions> options, TimeProvider time, ILogger<TlsReportIntake> logger)
{
    /// <summary>The intake settings.</summary>
    public TlsRptOptions Options { get; } = options.Value.TlsRpt;

    /// <summary>The counters (for rejections found before a report is submitted).</summary>
    public TlsReportMetrics Metrics => metrics;

    /// <summary>Takes one report as sent: gzip (application/tlsrpt+gzip) or JSON (application/tlsrpt+json).</summary>
    public TlsReportOutcome Submit(ReadOnlyMemory<byte> body, bool gzip, TlsReportChannel channel)
    {
        if (body.Length > Options.MaxBodyBytes)
        {
            return Reject(channel, TlsReportRejection.TooLarge, $"the report is over {Options.MaxBodyBytes} octets");
        }

        if (!gzip)
        {
            return Parse(body.Span, channel);
        }

        using var json = new ReportBuffer(Options.MaxReportBytes);
        return ReportInflater.Inflate(body, json) switch
        {
            InflateResult.BadGzip => Reject(channel, TlsReportRejection.BadGzip, "not a valid gzip stream"),
            InflateResult.Bomb => Reject(channel, TlsReportRejection.Bomb, $"inflates to more than {Options.MaxReportBytes} octets"),
            _ => Parse(json.Span, channel),
        };
    }

    /// <summary>Counts (and logs at debug) a rejection; returns it as an outcome.</summary>
    public TlsReportOutcome Reject(TlsReportChannel channel, TlsReportRejection reason, string detail)
    {
        metrics.Rejected(channel, reason);
        var label = TlsReportLabels.Reasons[(int)reason];
        Log.Rejected(logger, TlsReportLabels.Channels[(int)channel], label, detail);
        return new TlsReportOutcome(reason, $"{label}: {detail}");
    }

    private TlsReportOutcome Parse(ReadOnlySpan<byte> json, TlsReportChannel channel)
    {
        if (json.Length > Options.MaxReportBytes)
        {
            return Reject(channel, TlsReportRejection.TooLarge, $"the report is over {Options.MaxReportBytes} octets");
        }

        var parsed = TlsReportParser.Parse(json);
        if (parsed.Report is not { } report)
        {
            return Reject(channel, parsed.Rejection, parsed.Detail);
        }

        metrics.Accepted(channel, report);
        store.Add(StoredReportBuilder.Build(report, channel, time.GetUtcNow()));
        long failed = 0;
        foreach (var entry in report.Policies)
        {
            failed += entry.Summary.Failed;
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            var organization = StoredReportBuilder.Cut(report.OrganizationName);
            var reportId = StoredReportBuilder.Cut(report.ReportId);
            Log.Accepted(logger, TlsReportLabels.Channels[(int)channel], organization, reportId, report.Policies.Count, failed);
        }

        return TlsReportOutcome.Accepted;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "TLS report accepted over {Channel} from {Organization} (report-id {ReportId}): {Policies} policies, {FailedSessions} failed sessions")]
        public static partial void Accepted(ILogger logger, string channel, string organization, string reportId, int policies, long failedSessions);

        [LoggerMessage(EventId = 8102, Level = LogLevel.Debug, Message = "TLS report rejected over {Channel}: {Reason} ({Detail})")]
        public static partial void Rejected(ILogger logger, string channel, string reason, string detail);
    }
}
