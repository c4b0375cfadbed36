// SinkCommand: runs the counting sink from the CLI until Ctrl+C / SIGTERM or --duration, with a live count on an
// interactive terminal; then prints the counts and writes --json. Exit code 1 when --verify found a mismatch.
using System.Diagnostics;
using System.Net;
using Edge.LoadTest.Reporting;
using Edge.LoadTest.Sink;
using Spectre.Console;

namespace Edge.LoadTest.Cli;

/// <summary>The sink side of the CLI.</summary>
internal static class SinkCommand
{
    public static async Task<int> RunAsync(IAnsiConsole console, IPEndPoint endpoint, bool verify, TimeSpan? duration, string? jsonPath, bool live, CancellationToken cancellationToken)
    {
        await using var sink = new SmtpSink(endpoint, verify);
        sink.Start();
        long start = Stopwatch.GetTimestamp();
        SinkReport Report() => new(sink.EndPoint.ToString(), verify, Stopwatch.GetElapsedTime(start).TotalSeconds, sink.Counters.Snapshot());
        console.MarkupLine($"sink listening on [bold]{sink.EndPoint}[/]{(verify ? " (verifying X-Edge-Load-Hash)" : string.Empty)}; Ctrl+C to stop");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (duration is TimeSpan limit)
        {
            stop.CancelAfter(limit);
        }

        var stopped = Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
        if (live && LiveProgress.Available(console))
        {
            await console.Live(ReportPrinter.Counts(Report())).AutoClear(true).StartAsync(async context =>
            {
                while (!stopped.IsCompleted)
                {
                    await Task.WhenAny(stopped, Task.Delay(1000, CancellationToken.None));
                    context.UpdateTarget(ReportPrinter.Counts(Report()));
                }
            });
        }

        await stopped;
        var report = Report();
        ReportPrinter.Print(console, report);
        if (jsonPath is not null)
        {
            await ReportJson.WriteAsync(jsonPath, ReportJson.Serialize(report));
        }

        return report.Counts.Mismatched == 0 ? 0 : 1;
    }
}
