// ExternalTool: runs a peer program (swaks, openssl, postfix) with a hard timeout and captured output. A missing tool
// FAILS the test with an install hint (CI installs them in .ci/run); nothing is skipped. On timeout the tool's
// process tree is killed and the test fails with what it printed so far.
using System.ComponentModel;
using System.Diagnostics;

namespace Edge.Interop.Tests.Tools;

internal static class ExternalTool
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="tool"/> with <paramref name="arguments"/>, writing <paramref name="standardInput"/> then closing stdin.</summary>
    public static async Task<ToolResult> RunAsync(string tool, IReadOnlyList<string> arguments, string? standardInput = null, TimeSpan? timeout = null)
    {
        string path = Locate(tool);
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        string commandLine = tool + " " + string.Join(' ', arguments);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"could not start {tool} ({path}): {e.Message}. {InstallHint(tool)}");
        }

        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The tool exited before reading its input (e.g. a refused handshake): its exit code tells the story.
        }

        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            var partial = new ToolResult(commandLine, -1, await stdout, await stderr);
            Assert.Fail($"{tool} did not finish within {(timeout ?? DefaultTimeout).TotalSeconds:0} s and was killed.\n{partial.Describe()}");
        }

        return new ToolResult(commandLine, process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Finds <paramref name="tool"/> (an absolute path, or a name looked up on PATH) or fails the test saying how to install it.</summary>
    public static string Locate(string tool)
    {
        if (Path.IsPathRooted(tool))
        {
            Assert.True(File.Exists(tool), $"{tool} does not exist. {InstallHint(Path.GetFileName(tool))}");
            return tool;
        }

        string[] directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (string directory in directories)
        {
            string candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"{tool} was not found on PATH. {InstallHint(tool)}");
        return tool; // unreachable: Assert.Fail throws
    }

    private static string InstallHint(string tool) => tool switch
    {
        // Debian asks which configuration to install; "No configuration" leaves no system mail service running.
        "postfix" or "smtp-sink" or "smtp-source" =>
            "The interop tests need it: install it (Debian/Ubuntu: `echo \"postfix postfix/main_mailer_type select No configuration\" | debconf-set-selections`, "
            + "then `DEBIAN_FRONTEND=noninteractive apt-get install -y postfix`); .ci/run installs it in CI.",
        _ => $"The interop tests need it: install it (Debian/Ubuntu: `apt-get install {tool}`); .ci/run installs it in CI.",
    };
}
