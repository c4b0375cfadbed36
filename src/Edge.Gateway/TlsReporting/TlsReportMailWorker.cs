// TlsReportMailWorker: reads the queued copies of report messages, one at a time, off the SMTP path: MIME parse,
// report parts to TlsReportIntake (channel "mail"). A message without a report part counts as no_report. Nothing
// here can affect the relay: the message was delivered before it was queued.
using Microsoft.Extensions.Hosting;

namespace Edge.Gateway.TlsReporting;

/// <summary>The background reader of report mail.</summary>
internal sealed partial class TlsReportMailWorker(TlsReportMailQueue queue, TlsReportIntake intake, ILogger<TlsReportMailWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                using (message)
                {
                    Process(message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued was relayed already; only the reading is lost.
            while (queue.Reader.TryRead(out var left))
            {
                left.Dispose();
            }
        }
    }

    /// <summary>Reads one message's reports into the intake.</summary>
    internal void Process(ReportBuffer message)
    {
        List<(ReportBuffer Content, bool Gzip)> parts;
        try
        {
            parts = TlsReportMailReader.Read(message.Memory, intake.Options.MaxBodyBytes);
        }
#pragma warning disable CA1031 // a hostile message must never stop the reader; it is counted and logged
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.Unreadable(logger, ex);
            intake.Reject(TlsReportChannel.Mail, TlsReportRejection.NoReport, "the message could not be parsed");
            return;
        }

        if (parts.Count == 0)
        {
            intake.Reject(TlsReportChannel.Mail, TlsReportRejection.NoReport, "no application/tlsrpt+gzip or application/tlsrpt+json part");
            return;
        }

        foreach (var (content, gzip) in parts)
        {
            using (content)
            {
                if (content.Overflowed)
                {
                    intake.Reject(TlsReportChannel.Mail, TlsReportRejection.TooLarge, $"the report part is over {content.Limit} octets");
                }
                else
                {
                    intake.Submit(content.Memory, gzip, TlsReportChannel.Mail);
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8103, Level = LogLevel.Debug, Message = "A message to a TLS report mailbox could not be parsed")]
        public static partial void Unreadable(ILogger logger, Exception exception);
    }
}
