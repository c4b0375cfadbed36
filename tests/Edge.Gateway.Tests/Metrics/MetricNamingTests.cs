// Naming and exposition rules: every exported sample is edge_* or a prometheus-net process/runtime metric,
// counters end in _total, label values are the bounded sets, each host has its own registry, /readyz answers.
using System.Net;
using System.Text.RegularExpressions;
using Edge.Gateway.Metrics;
using Edge.Gateway.Tls;
using Edge.Protocol.Parsing;

namespace Edge.Gateway.Tests.Metrics;

public sealed partial class MetricNamingTests
{
    private static readonly string[] AllowedPrefixes = ["edge_", "process_", "dotnet_"];

    [Fact]
    public async Task Scrape_EverySample_HasAllowedPrefixAndCountersEndInTotal()
    {
        await using var host = await MetricsTestHost.StartAsync();
        await using (var client = await host.ConnectMxAsync())
        {
            await client.QuitAsync();
        }

        var scrape = await host.ScrapeWhenIdleAsync();
        Assert.NotEmpty(scrape.Samples);
        foreach (var sample in scrape.Samples)
        {
            Assert.True(Array.Exists(AllowedPrefixes, p => sample.Name.StartsWith(p, StringComparison.Ordinal)), sample.Name);
            Assert.Matches(SnakeCase(), sample.Name);
            foreach (var label in sample.Labels.Keys)
            {
                Assert.Matches(SnakeCase(), label);
            }
        }

        foreach (var (family, type) in scrape.Types)
        {
            if (type == "counter")
            {
                Assert.EndsWith("_total", family, StringComparison.Ordinal);
            }
            else
            {
                Assert.False(family.EndsWith("_total", StringComparison.Ordinal), family);
            }
        }

        Assert.True(scrape.Value("edge_process_allocated_bytes_total") > 0);
        Assert.Contains(scrape.Samples, s => s.Name == "edge_gc_collections_total" && s.Labels["generation"] == "2");
        Assert.Contains(scrape.Samples, s => s.Name == "process_cpu_seconds_total");
    }

    [Fact]
    public async Task Scrape_DesignMetricNames_AreAllExported()
    {
        await using var host = await MetricsTestHost.StartAsync("--Edge:Backends:0:Name=mta1", "--Edge:Backends:0:Endpoint=127.0.0.1:2526");
        var scrape = await host.ScrapeAsync();
        string[] design =
        [
            "edge_connections_total", "edge_connections_active", "edge_sessions_total", "edge_tls_handshakes_total",
            "edge_tls_handshake_duration_seconds", "edge_tls_handshake_failures_total", "edge_starttls_plaintext_discarded_total",
            "edge_starttls_downgrades_total", "edge_messages_total", "edge_message_bytes_total", "edge_recipients_total",
            "edge_commands_total", "edge_replies_total", "edge_process_allocated_bytes_total", "edge_gc_collections_total",
            "edge_backend_transactions_total", "edge_backend_latency_seconds", "edge_backend_up",
        ];
        foreach (var name in design)
        {
            Assert.True(scrape.Types.ContainsKey(name), name);
        }

        Assert.Equal("histogram", scrape.Types["edge_tls_handshake_duration_seconds"]);
        Assert.Equal("histogram", scrape.Types["edge_backend_latency_seconds"]);
        Assert.Equal("gauge", scrape.Types["edge_connections_active"]);
        Assert.Contains(scrape.Samples, s => s.Name == "edge_backend_up" && s.Labels["backend"] == "mta1");
        Assert.Contains(scrape.Samples, s => s.Name == "edge_backend_latency_seconds_count" && s.Labels["backend"] == "mta1" && s.Labels["stage"] == "data");
    }

    [Fact]
    public async Task TwoHosts_InOneProcess_DoNotShareCounters()
    {
        await using var first = await MetricsTestHost.StartAsync();
        await using var second = await MetricsTestHost.StartAsync();
        await using (var client = await first.ConnectMxAsync())
        {
            await client.QuitAsync();
        }

        Assert.Equal(1, (await first.ScrapeWhenIdleAsync()).Value("edge_connections_total", ("listener", "mx")));
        Assert.Equal(0, (await second.ScrapeWhenIdleAsync()).Value("edge_connections_total", ("listener", "mx")));
    }

    [Fact]
    public async Task Readyz_StartedHost_Returns200Ready()
    {
        await using var host = await MetricsTestHost.StartAsync();
        using var response = await host.GetResponseAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void LabelTables_MatchTheirEnums()
    {
        Assert.Equal(Enum.GetValues<SmtpVerb>().Length, MetricLabels.Verbs.Count);
        foreach (var verb in Enum.GetValues<SmtpVerb>())
        {
            Assert.Equal(verb.ToString().ToLowerInvariant(), MetricLabels.Verbs[(int)verb]);
        }

        Assert.Equal(Enum.GetValues<HandshakeFailureReason>().Length, MetricLabels.FailureReasons.Count);
        Assert.Equal("not_tls", MetricLabels.FailureReasons[(int)HandshakeFailureReason.NotTls]);
        Assert.Equal("no_shared_cipher", MetricLabels.FailureReasons[(int)HandshakeFailureReason.NoSharedCipher]);
        Assert.Equal(Enum.GetValues<DowngradeKind>().Length, MetricLabels.DowngradeKinds.Count);
        Assert.Equal("handshake_failed_then_plaintext", MetricLabels.DowngradeKinds[(int)DowngradeKind.HandshakeFailedThenPlaintext]);
        Assert.Equal(Enum.GetValues<MessageResult>().Length, MetricLabels.Results.Count);
        Assert.Equal(Enum.GetValues<TlsMode>().Length, MetricLabels.TlsStates.Count);
        Assert.Equal("implicit", MetricLabels.TlsStates[(int)TlsMode.Implicit]);
        Assert.Equal(Enum.GetValues<BackendResult>().Length, MetricLabels.BackendResults.Count);
        Assert.Equal(Enum.GetValues<BackendStage>().Length, MetricLabels.BackendStages.Count);
    }

    [Theory]
    [InlineData(250, "accepted")]
    [InlineData(451, "tempfailed")]
    [InlineData(554, "rejected")]
    public void ResultOf_ReplyCode_MapsToClass(int code, string expected) =>
        Assert.Equal(expected, MetricLabels.Results[(int)MetricLabels.ResultOf(code)]);

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex SnakeCase();
}
