// ToolResult: what an external tool run produced (exit code, stdout, stderr), with a Describe() that every
// assertion message includes, so a failure in CI shows the tool's own words.
namespace Edge.Interop.Tests.Tools;

internal sealed record ToolResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Both streams together, for assertions that do not care which one a tool wrote to.</summary>
    public string AllOutput => StandardOutput + "\n" + StandardError;

    public string Describe() =>
        $"$ {CommandLine}\nexit code: {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
