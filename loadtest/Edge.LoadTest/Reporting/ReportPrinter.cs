// ReportPrinter: the end-of-run summary tables (totals, latency percentiles, errors by stage and reply code) for the
// load side and the sink's counts, written with Spectre.Console (plain text when the output is redirected).
using System.Globalization;
using Edge.LoadTest.Sink;
using Spectre.Console;

namespace Edge.LoadTest.Reporting;

/// <summary>Prints summaries.</summary>
internal static class ReportPrinter
{
    public static void Print(IAnsiConsole console, LoadReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        string loop = report.Rate is double rate ? $"open loop at {N(rate)} msg/s" : "closed loop";
        console.WriteLine($"edge load: {report.Target}, tls {report.Tls}, {loop}, {report.Sessions} sessions, {report.MessageSize} B messages, "
            + (report.MessagesPerSession == 0 ? "one connection per session" : $"{report.MessagesPerSession} messages per connection")
            + (report.Verify ? ", verify" : string.Empty));
        var totals = new Table()
            .AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        totals.AddRow("elapsed", N(report.ElapsedSeconds) + " s");
        totals.AddRow("messages accepted", report.Accepted.ToString("N0", CultureInfo.InvariantCulture));
        totals.AddRow("messages failed", report.Failed.ToString("N0", CultureInfo.InvariantCulture));
        if (report.Rate is not null)
        {
            totals.AddRow("scheduled, not started", report.NotStarted.ToString("N0", CultureInfo.InvariantCulture));
        }

        totals.AddRow("connections", report.Connections.ToString("N0", CultureInfo.InvariantCulture));
        totals.AddRow("TLS handshakes", report.TlsHandshakes.ToString("N0", CultureInfo.InvariantCulture));
        totals.AddRow("messages/s", N(report.MessagesPerSecond));
        totals.AddRow("TLS handshakes/s", N(report.TlsHandshakesPerSecond));
        totals.AddRow("MB/s (message octets)", N(report.MegabytesPerSecond));
        console.Write(totals);

        var latencies = new Table().AddColumn("latency (ms)");
        foreach (var heading in new[] { "count", "mean", "p50", "p90", "p99", "p99.9", "max" })
        {
            latencies.AddColumn(new TableColumn(heading).RightAligned());
        }

        foreach (var l in report.Latencies)
        {
            latencies.AddRow(l.Name, l.Count.ToString("N0", CultureInfo.InvariantCulture), Ms(l.MeanMs), Ms(l.P50Ms), Ms(l.P90Ms), Ms(l.P99Ms), Ms(l.P999Ms), Ms(l.MaxMs));
        }

        console.Write(latencies);
        if (report.Errors.Count > 0)
        {
            var errors = new Table().AddColumn("error (stage, reply code or cause)").AddColumn(new TableColumn("count").RightAligned());
            foreach (var pair in report.Errors)
            {
                errors.AddRow(Markup.Escape(pair.Key), pair.Value.ToString("N0", CultureInfo.InvariantCulture));
            }

            console.Write(errors);
        }
        else
        {
            console.WriteLine("errors: none");
        }
    }

    public static void Print(IAnsiConsole console, SinkReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        console.Write(Counts(report));
    }

    /// <summary>The sink's counts as a table (also the live view).</summary>
    public static Table Counts(SinkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var c = report.Counts;
        var table = new Table()
            .AddColumn($"sink {Markup.Escape(report.EndPoint)}{(report.Verify ? " (verify)" : string.Empty)}").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("elapsed", N(report.ElapsedSeconds) + " s");
        table.AddRow("connections", c.Connections.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("received", c.Received.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("verified", c.Verified.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("mismatched", c.Mismatched.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("without hash", c.WithoutHash.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("MB received", N(c.Bytes / 1_000_000.0));
        table.AddRow("messages/s (since start)", N(c.Received / Math.Max(report.ElapsedSeconds, 1e-9)));
        return table;
    }

    private static string N(double value) => value.ToString("N1", CultureInfo.InvariantCulture);

    private static string Ms(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
