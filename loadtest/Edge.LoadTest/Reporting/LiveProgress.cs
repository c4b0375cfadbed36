// LiveProgress: the view refreshed while a load runs (Spectre.Console Live): elapsed, accepted/failed, the last
// interval's and the average rate, TLS handshakes, errors and the last interval's message latency. Only shown on an
// interactive terminal; with redirected output nothing is drawn until the summary.
using System.Globalization;
using Edge.LoadTest.Client;
using HdrHistogram;
using Spectre.Console;

namespace Edge.LoadTest.Reporting;

/// <summary>Live view of a running load.</summary>
internal sealed class LiveProgress
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(500);
    private readonly LoadRunner _runner;
    private long _lastAccepted;
    private TimeSpan _lastElapsed;

    public LiveProgress(LoadRunner runner)
    {
        _runner = runner;
    }

    /// <summary>True when the console can show a live view.</summary>
    public static bool Available(IAnsiConsole console) => !Console.IsOutputRedirected && console.Profile.Capabilities.Interactive;

    /// <summary>Refreshes the view until <paramref name="run"/> completes.</summary>
    public async Task ShowAsync(IAnsiConsole console, Task run)
    {
        await console.Live(Render()).AutoClear(true).StartAsync(async context =>
        {
            while (!run.IsCompleted)
            {
                await Task.WhenAny(run, Task.Delay(Refresh));
                context.UpdateTarget(Render());
            }
        });
    }

    private Table Render()
    {
        var stats = _runner.Stats;
        var elapsed = _runner.Elapsed;
        long accepted = stats.Accepted;
        double interval = (elapsed - _lastElapsed).TotalSeconds;
        double rate = interval > 0 ? (accepted - _lastAccepted) / interval : 0;
        _lastAccepted = accepted;
        _lastElapsed = elapsed;
        HistogramBase latency = stats.Message.Sample();
        stats.Connect.Sample();
        stats.TlsHandshake.Sample();
        stats.ScheduleLag.Sample();

        var options = _runner.Options;
        string bound = options.MaxMessages is long max ? max.ToString("N0", CultureInfo.InvariantCulture) + " messages" : string.Empty;
        if (options.Duration is TimeSpan duration)
        {
            bound += (bound.Length > 0 ? ", " : string.Empty) + duration.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
        }

        var table = new Table().Title($"edge load → {Markup.Escape(options.Target.ToString() ?? string.Empty)} ({bound})")
            .AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("elapsed", elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s");
        table.AddRow("accepted / failed", $"{accepted.ToString("N0", CultureInfo.InvariantCulture)} / {stats.Failed.ToString("N0", CultureInfo.InvariantCulture)}");
        table.AddRow("messages/s (now / average)", $"{rate.ToString("N0", CultureInfo.InvariantCulture)} / {(accepted / Math.Max(elapsed.TotalSeconds, 1e-9)).ToString("N0", CultureInfo.InvariantCulture)}");
        table.AddRow("connections / TLS handshakes", $"{stats.Connections.ToString("N0", CultureInfo.InvariantCulture)} / {stats.TlsHandshakes.ToString("N0", CultureInfo.InvariantCulture)}");
        table.AddRow("errors", stats.ErrorCount.ToString("N0", CultureInfo.InvariantCulture));
        if (latency.TotalCount > 0)
        {
            table.AddRow("latency now p50 / p99 (ms)", $"{(latency.GetValueAtPercentile(50) / 1000.0).ToString("0.000", CultureInfo.InvariantCulture)} / {(latency.GetValueAtPercentile(99) / 1000.0).ToString("0.000", CultureInfo.InvariantCulture)}");
        }

        return table;
    }
}
