// Downgrade detection end to end: TLS history across sessions from 127.0.0.1, counted once per session per kind.
namespace Edge.Gateway.Tests.Metrics;

public sealed class DowngradeMetricsTests
{
    [Fact]
    public async Task PlaintextMail_AfterTlsSessionFromSameAddress_CountsTlsPeerWentPlaintextOncePerSession()
    {
        await using var host = await MetricsTestHost.StartAsync();
        await using (var tls = await host.ConnectMxAsync())
        {
            Assert.StartsWith("250", await tls.CommandAsync("EHLO client.example"));
            await tls.StartTlsAsync();
            Assert.StartsWith("250", await tls.CommandAsync("EHLO client.example"));
            Assert.StartsWith("250", await tls.CommandAsync("MAIL FROM:<a@example.org>"));
            await tls.QuitAsync();
        }

        var before = await host.ScrapeWhenIdleAsync();
        await using (var plain = await host.ConnectMxAsync())
        {
            // HELO: no STARTTLS offer in this session, so only the history can flag it.
            Assert.StartsWith("250", await plain.CommandAsync("HELO client.example"));
            Assert.StartsWith("250", await plain.CommandAsync("MAIL FROM:<a@example.org>"));
            Assert.StartsWith("250", await plain.CommandAsync("RSET"));
            Assert.StartsWith("250", await plain.CommandAsync("MAIL FROM:<b@example.org>"));
            await plain.QuitAsync();
        }

        var after = await host.ScrapeWhenIdleAsync();
        var d = new Deltas(before, after);
        Assert.Equal(1, d.Of("edge_starttls_downgrades_total", ("listener", "mx"), ("kind", "tls_peer_went_plaintext")));
        Assert.Equal(1, d.Sum("edge_starttls_downgrades_total"));
    }

    [Fact]
    public async Task PlaintextMail_AfterFailedStartTlsHandshake_CountsHandshakeFailedThenPlaintextAndOffer()
    {
        await using var host = await MetricsTestHost.StartAsync();
        await using (var failing = await host.ConnectMxAsync())
        {
            Assert.StartsWith("250", await failing.CommandAsync("EHLO client.example"));
            Assert.StartsWith("220", await failing.CommandAsync("STARTTLS"));
            await failing.SendAsync("this is not a ClientHello\r\n");
            await failing.WaitForCloseAsync();
        }

        var before = await host.ScrapeWhenIdleAsync();
        Assert.Equal(1, before.Value("edge_tls_handshake_failures_total", ("listener", "mx"), ("mode", "starttls"), ("reason", "not_tls")));
        await using (var plain = await host.ConnectMxAsync())
        {
            Assert.StartsWith("250", await plain.CommandAsync("EHLO client.example"));
            Assert.StartsWith("250", await plain.CommandAsync("MAIL FROM:<a@example.org>"));
            await plain.QuitAsync();
        }

        var after = await host.ScrapeWhenIdleAsync();
        var d = new Deltas(before, after);
        Assert.Equal(1, d.Of("edge_starttls_downgrades_total", ("listener", "mx"), ("kind", "handshake_failed_then_plaintext")));
        Assert.Equal(1, d.Of("edge_starttls_downgrades_total", ("listener", "mx"), ("kind", "plaintext_after_offer")));
        Assert.Equal(0, d.Of("edge_starttls_downgrades_total", ("listener", "mx"), ("kind", "tls_peer_went_plaintext")));
        Assert.Equal(1, d.Of("edge_sessions_total", ("listener", "mx"), ("tls", "none")));
    }

    [Fact]
    public async Task TlsHistory_AfterSessions_HoldsAddressAndHeloName()
    {
        await using var host = await MetricsTestHost.StartAsync();
        await using (var client = await host.ConnectSubmissionsAsync())
        {
            Assert.StartsWith("250", await client.CommandAsync("EHLO Client.Example"));
            Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<a@example.org>"));
            await client.QuitAsync();
        }

        await host.ScrapeWhenIdleAsync();
        var history = ((Edge.Gateway.Metrics.EdgeMetrics)host.Services.GetService(typeof(Edge.Gateway.Metrics.EdgeMetrics))!).TlsHistory;
        Assert.True(history.AddressUsedTls(System.Net.IPAddress.Loopback));
        Assert.True(history.HeloUsedTls("client.example"));
        Assert.False(history.AddressFailedHandshake(System.Net.IPAddress.Loopback));
    }
}
