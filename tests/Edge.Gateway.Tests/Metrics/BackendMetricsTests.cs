// Backend metrics end to end: the real gateway relaying to TestBackendMta, /metrics scraped over HTTP, exact
// deltas of edge_backend_* (results, latency counts per stage, pool connections, up/down, failovers) and of the
// relay-side downgrades counted under the client's listener.
using System.Net;
using System.Net.Sockets;
using Edge.Gateway.Tests.Relay;

namespace Edge.Gateway.Tests.Metrics;

public sealed class BackendMetricsTests
{
    private const string Content = "Subject: relayed\r\n\r\nhello backend\r\n";

    [Fact]
    public async Task RelayedMessages_AcceptedRejectedAborted_CountOnceEachWithLatencyAndPool()
    {
        await using var backend = new TestBackendMta();
        await using var host = await MetricsTestHost.StartAsync("--Edge:Backends:0:Name=mta1", $"--Edge:Backends:0:Endpoint={backend.Endpoint}");
        var before = await host.ScrapeAsync();

        await using (var client = await host.ConnectMxAsync())
        {
            Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"));
            Assert.StartsWith("250 2.0.0 Ok: queued as Q", await client.SendMessageAsync("user@localhost", Content), StringComparison.Ordinal);

            backend.DataEndReply = "554 5.7.1 Spam";
            Assert.StartsWith("554 5.7.1 Spam", await client.SendMessageAsync("user@localhost", Content), StringComparison.Ordinal);

            Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<sender@example.org>"));
            Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<user@localhost>"));
            Assert.StartsWith("250", await client.CommandAsync("RSET"));
            await client.QuitAsync();
        }

        var after = await host.ScrapeWhenIdleAsync();
        var d = new Deltas(before, after);
        Assert.Equal(1, d.Of("edge_backend_transactions_total", ("backend", "mta1"), ("result", "accepted")));
        Assert.Equal(1, d.Of("edge_backend_transactions_total", ("backend", "mta1"), ("result", "rejected")));
        Assert.Equal(1, d.Of("edge_backend_transactions_total", ("backend", "mta1"), ("result", "aborted")));
        Assert.Equal(3, d.Sum("edge_backend_transactions_total"));
        Assert.Equal(1, d.Of("edge_backend_latency_seconds_count", ("backend", "mta1"), ("stage", "connect"))); // one pooled connection
        Assert.Equal(3, d.Of("edge_backend_latency_seconds_count", ("backend", "mta1"), ("stage", "mail")));
        Assert.Equal(3, d.Of("edge_backend_latency_seconds_count", ("backend", "mta1"), ("stage", "rcpt")));
        Assert.Equal(2, d.Of("edge_backend_latency_seconds_count", ("backend", "mta1"), ("stage", "data")));
        Assert.Equal(2, d.Of("edge_backend_latency_seconds_count", ("backend", "mta1"), ("stage", "transaction")));
        Assert.Equal(1, after.Value("edge_backend_connections", ("backend", "mta1"), ("state", "idle")));
        Assert.Equal(0, after.Value("edge_backend_connections", ("backend", "mta1"), ("state", "busy")));
        Assert.Equal(1, after.Value("edge_backend_up", ("backend", "mta1")));
        Assert.Equal(0, d.Sum("edge_backend_failovers_total"));
        Assert.Equal(1, d.Of("edge_messages_total", ("listener", "mx"), ("result", "accepted")));
        Assert.Equal(1, d.Of("edge_messages_total", ("listener", "mx"), ("result", "rejected")));
        Assert.Equal(0, d.Sum("edge_policy_rejections_total")); // the backend's refusal is not Edge's policy
        Assert.Equal(1, backend.ConnectionCount); // one pooled connection: nothing reconnected
    }

    [Fact]
    public async Task DeadFirstBackend_FailsOverOnceAndIsMarkedDown()
    {
        await using var live = new TestBackendMta();
        var dead = UnusedPort();
        await using var host = await MetricsTestHost.StartAsync(
            "--Edge:Backends:0:Name=dead", $"--Edge:Backends:0:Endpoint=127.0.0.1:{dead}",
            "--Edge:Backends:1:Name=live", $"--Edge:Backends:1:Endpoint={live.Endpoint}",
            "--Edge:Relay:FailureThreshold=1");
        var before = await host.ScrapeAsync();
        Assert.Equal(1, before.Value("edge_backend_up", ("backend", "dead")));

        await using (var client = await host.ConnectMxAsync())
        {
            Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"));
            Assert.StartsWith("250", await client.SendMessageAsync("user@localhost", Content)); // round robin tries "dead" first
            await client.QuitAsync();
        }

        var after = await host.ScrapeWhenIdleAsync();
        var d = new Deltas(before, after);
        Assert.Equal(1, d.Of("edge_backend_failovers_total", ("backend", "dead")));
        Assert.Equal(0, d.Of("edge_backend_failovers_total", ("backend", "live")));
        Assert.Equal(0, after.Value("edge_backend_up", ("backend", "dead")));
        Assert.Equal(1, after.Value("edge_backend_up", ("backend", "live")));
        Assert.Equal(1, d.Of("edge_backend_transactions_total", ("backend", "live"), ("result", "accepted")));
        Assert.Equal(0, d.Sum("edge_backend_transactions_total", ("backend", "dead")));
        Assert.Equal(0, d.Of("edge_backend_latency_seconds_count", ("backend", "dead"), ("stage", "connect")));
        Assert.Single(live.Messages);
    }

    [Fact]
    public async Task OpportunisticBackendWithoutStartTls_CountsDowngradeUnderClientListener()
    {
        await using var backend = new TestBackendMta();
        await using var host = await MetricsTestHost.StartAsync(
            "--Edge:Backends:0:Name=mta1", $"--Edge:Backends:0:Endpoint={backend.Endpoint}", "--Edge:Backends:0:Tls=starttls-opportunistic");
        var before = await host.ScrapeAsync();

        await using (var client = await host.ConnectMxAsync())
        {
            Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"));
            await client.StartTlsAsync();
            Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"));
            Assert.StartsWith("250", await client.SendMessageAsync("user@localhost", Content));
            Assert.StartsWith("250", await client.SendMessageAsync("user@localhost", Content)); // pooled: not counted again
            await client.QuitAsync();
        }

        var after = await host.ScrapeWhenIdleAsync();
        var d = new Deltas(before, after);
        Assert.Equal(1, d.Of("edge_starttls_downgrades_total", ("listener", "mx"), ("kind", "backend_without_starttls")));
        Assert.Equal(1, d.Sum("edge_starttls_downgrades_total"));
        Assert.Equal(2, d.Of("edge_backend_transactions_total", ("backend", "mta1"), ("result", "accepted")));
    }

    private static int UnusedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
