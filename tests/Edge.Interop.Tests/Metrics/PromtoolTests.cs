// PromtoolTests: Prometheus's own checker (promtool, Debian package prometheus) validates what operators deploy:
// the scrape config, the alerting rules (and their unit tests), and the metrics a running gateway exposes after
// real sessions (naming conventions, types, help texts).
using Edge.Interop.Tests.Hosting;
using Edge.Interop.Tests.Tools;

namespace Edge.Interop.Tests.Metrics;

public sealed class PromtoolTests
{
    private static string Deploy(string relative)
    {
        // The test assembly sits in tests/Edge.Interop.Tests/bin/<Configuration>/<tfm>/.
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
        var path = Path.Combine(root, "deploy", relative);
        Assert.True(File.Exists(path), $"{path} is missing");
        return path;
    }

    [Fact]
    public async Task CheckConfig_ScrapeConfig_Valid()
    {
        var result = await ExternalTool.RunAsync("promtool", ["check", "config", "--syntax-only", Deploy("prometheus/prometheus.yml")]);
        Assert.True(result.ExitCode == 0, result.Describe());
    }

    [Fact]
    public async Task CheckRules_AlertRules_ValidAndUnitTestsPass()
    {
        var check = await ExternalTool.RunAsync("promtool", ["check", "rules", Deploy("prometheus/edge-alerts.yml")]);
        Assert.True(check.ExitCode == 0, check.Describe());
        var test = await ExternalTool.RunAsync("promtool", ["test", "rules", Deploy("prometheus/edge-alerts.test.yml")]);
        Assert.True(test.ExitCode == 0, test.Describe());
    }

    [Fact]
    public async Task CheckMetrics_ScrapeAfterRealSessions_NoProblems()
    {
        await using var gateway = await GatewayProcess.StartAsync();
        var swaks = await ExternalTool.RunAsync("swaks", ["--to", "user@localhost", "--server", $"127.0.0.1:{gateway.MxPort}", "--tls"]);
        Assert.True(swaks.ExitCode == 0, swaks.Describe());
        var refused = await ExternalTool.RunAsync("swaks", ["--to", "user@example.com", "--server", $"127.0.0.1:{gateway.MxPort}"]);
        Assert.NotEqual(0, refused.ExitCode);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var scrape = await http.GetStringAsync(new Uri($"http://127.0.0.1:{gateway.HttpPort}/metrics"));
        Assert.Contains("edge_messages_total{", scrape, StringComparison.Ordinal);
        Assert.Contains("edge_tls_handshakes_total{", scrape, StringComparison.Ordinal);

        var check = await ExternalTool.RunAsync("promtool", ["check", "metrics"], standardInput: scrape);
        Assert.True(check.ExitCode == 0, check.Describe());
        Assert.True(string.IsNullOrWhiteSpace(check.StandardError) && string.IsNullOrWhiteSpace(check.StandardOutput), "promtool reported lint problems:\n" + check.Describe());
    }
}
