// LoadCommand: runs the load generator from the CLI: live view while it runs (interactive terminals only), the
// summary tables at the end, --json. Exit code 0 when every message was accepted, 1 otherwise.
using Edge.LoadTest.Client;
using Edge.LoadTest.Reporting;
using Spectre.Console;

namespace Edge.LoadTest.Cli;

/// <summary>The load side of the CLI.</summary>
internal static class LoadCommand
{
    public static async Task<int> RunAsync(IAnsiConsole console, LoadOptions options, string? jsonPath, bool live, CancellationToken cancellationToken)
    {
        var runner = new LoadRunner(options);
        var run = runner.RunAsync(cancellationToken);
        if (live && LiveProgress.Available(console))
        {
            await new LiveProgress(runner).ShowAsync(console, run);
        }

        var report = await run;
        ReportPrinter.Print(console, report);
        if (jsonPath is not null)
        {
            await ReportJson.WriteAsync(jsonPath, ReportJson.Serialize(report));
        }

        return report.Failed == 0 && report.Accepted > 0 ? 0 : 1;
    }
}
