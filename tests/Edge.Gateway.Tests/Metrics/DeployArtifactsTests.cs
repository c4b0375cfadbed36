// deploy/ artifacts stay in step with the code: the Grafana dashboard parses and every edge_* metric its queries
// (and the alert rules) use is exported by EdgeMetrics, compared against a real scrape's families.
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Edge.Gateway.Tests.Metrics;

public sealed partial class DeployArtifactsTests
{
    [Fact]
    public async Task GrafanaDashboard_EveryQueriedEdgeMetric_IsExported()
    {
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryFile("deploy", "grafana", "edge-dashboard.json")));
        Assert.Equal("Edge SMTP gateway", dashboard.RootElement.GetProperty("title").GetString());
        var expressions = new List<string>();
        Collect(dashboard.RootElement, expressions);
        Assert.True(expressions.Count >= 20, $"only {expressions.Count} queries");

        var families = await ExportedFamiliesAsync();
        var used = UsedMetrics(string.Join('\n', expressions), families);
        Assert.Contains("edge_starttls_downgrades_total", used);
        Assert.Contains("edge_tls_handshake_duration_seconds", used);
        Assert.Contains("edge_backend_latency_seconds", used);
        Assert.Contains("edge_process_allocated_bytes_total", used);
        Assert.Contains("edge_tlsrpt_failed_sessions_total", used);
        Assert.Contains("edge_tlsrpt_sessions_total", used);
        foreach (var name in used)
        {
            Assert.True(families.ContainsKey(name), $"dashboard queries {name}, which Edge does not export");
        }
    }

    [Fact]
    public async Task GrafanaDashboard_DowngradePanels_DescribeEveryKind()
    {
        var text = await File.ReadAllTextAsync(RepositoryFile("deploy", "grafana", "edge-dashboard.json"));
        using var dashboard = JsonDocument.Parse(text);
        var descriptions = new List<string>();
        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
        {
            if (panel.TryGetProperty("description", out var description) && panel.GetProperty("type").GetString() != "row")
            {
                descriptions.Add(description.GetString()!);
            }
        }

        foreach (var kind in Edge.Gateway.Metrics.MetricLabels.DowngradeKinds)
        {
            Assert.Contains(descriptions, d => d.Contains(kind + ":", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AlertRules_EveryEdgeMetric_IsExported()
    {
        var rules = await File.ReadAllTextAsync(RepositoryFile("deploy", "prometheus", "edge-alerts.yml"));
        var families = await ExportedFamiliesAsync();
        var used = UsedMetrics(rules, families);
        Assert.Contains("edge_backend_up", used);
        Assert.Contains("edge_tls_handshakes_total", used);
        Assert.Contains("edge_tlsrpt_failed_sessions_total", used);
        foreach (var name in used)
        {
            Assert.True(families.ContainsKey(name), $"alert rules use {name}, which Edge does not export");
        }
    }

    private static async Task<Dictionary<string, string>> ExportedFamiliesAsync()
    {
        // One backend configured so the backend families have series too.
        await using var host = await MetricsTestHost.StartAsync("--Edge:Backends:0:Name=mta1", "--Edge:Backends:0:Endpoint=127.0.0.1:2526");
        return (await host.ScrapeAsync()).Types;
    }

    private static HashSet<string> UsedMetrics(string text, Dictionary<string, string> families)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in EdgeName().Matches(text))
        {
            var name = match.Value;
            foreach (var suffix in new[] { "_bucket", "_count", "_sum" })
            {
                // Histogram series map back to their family.
                if (name.EndsWith(suffix, StringComparison.Ordinal) && families.TryGetValue(name[..^suffix.Length], out var type) && type == "histogram")
                {
                    name = name[..^suffix.Length];
                }
            }

            used.Add(name);
        }

        return used;
    }

    private static void Collect(JsonElement element, List<string> expressions)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        expressions.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        Collect(property.Value, expressions);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, expressions);
                }

                break;
        }
    }

    private static string RepositoryFile(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Edge.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return Path.Combine([directory.FullName, .. parts]);
    }

    [GeneratedRegex(@"\bedge_[a-z0-9_]+")]
    private static partial Regex EdgeName();
}
