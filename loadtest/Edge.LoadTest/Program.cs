// Edge.LoadTest entry point: composition only. See loadtest/README.md for the command line.
using Edge.LoadTest.Cli;
using Spectre.Console;

if (Console.IsOutputRedirected)
{
    // Logs and CI output: wide enough that the summary tables do not wrap.
    AnsiConsole.Profile.Width = 120;
}

return await LoadCli.Create(AnsiConsole.Console).Parse(args).InvokeAsync();
