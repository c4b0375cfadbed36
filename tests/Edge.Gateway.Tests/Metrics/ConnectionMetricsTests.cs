// ConnectionMetrics without a host: downgrade kinds per session, plain listeners never "offer", and the
// observer's handshake counters (including a mode the listener was not created with).
using System.Net;
using System.Security.Authentication;
using Edge.Gateway.Metrics;
using Edge.Gateway.Tls;

namespace Edge.Gateway.Tests.Metrics;

public sealed class ConnectionMetricsTests
{
    private static readonly IPEndPoint Client = new(IPAddress.Parse("198.51.100.7"), 40000);

    [Fact]
    public async Task Mail_PlaintextAfterEhloOnStartTlsListener_CountsOfferDowngradeOnce()
    {
        var metrics = MetricsFixtures.CreateMetrics();
        var connection = new ConnectionMetrics(metrics, MetricsFixtures.Listener("mx", TlsMode.StartTls), "c1", Client, tlsActive: false);
        connection.Helo(extended: true);
        connection.Mail("client.example");
        connection.Mail("client.example");

        var scrape = await MetricsFixtures.ScrapeAsync(metrics);
        Assert.Equal(1, scrape.Value("edge_starttls_downgrades_total", ("listener", "mx"), ("kind", "plaintext_after_offer")));
        Assert.Equal(1, scrape.Sum("edge_starttls_downgrades_total"));
    }

    [Fact]
    public async Task Mail_PlaintextListener_NeverCountsOfferDowngrade()
    {
        var metrics = MetricsFixtures.CreateMetrics();
        var connection = new ConnectionMetrics(metrics, MetricsFixtures.Listener("plain", TlsMode.None), "c1", Client, tlsActive: false);
        connection.Helo(extended: true);
        connection.Mail("client.example");
        connection.SessionEnded();

        var scrape = await MetricsFixtures.ScrapeAsync(metrics);
        Assert.Equal(0, scrape.Sum("edge_starttls_downgrades_total"));
        Assert.Equal(1, scrape.Value("edge_sessions_total", ("listener", "plain"), ("tls", "none")));
        Assert.DoesNotContain(scrape.Samples, s => s.Name == "edge_tls_handshakes_total" && s.Labels["listener"] == "plain");
    }

    [Fact]
    public async Task Mail_PlaintextFromHeloSeenWithTls_CountsTlsPeerWentPlaintextEvenFromAnotherAddress()
    {
        var metrics = MetricsFixtures.CreateMetrics();
        var listener = MetricsFixtures.Listener("mx", TlsMode.StartTls);
        var secure = new ConnectionMetrics(metrics, listener, "c1", Client, tlsActive: false);
        secure.TlsStarted();
        secure.Mail("mta.sender.example");
        var other = new ConnectionMetrics(metrics, listener, "c2", new IPEndPoint(IPAddress.Parse("198.51.100.8"), 1), tlsActive: false);
        other.Mail("MTA.sender.example");

        var scrape = await MetricsFixtures.ScrapeAsync(metrics);
        Assert.Equal(1, scrape.Value("edge_starttls_downgrades_total", ("listener", "mx"), ("kind", "tls_peer_went_plaintext")));
        Assert.Equal(1, scrape.Sum("edge_starttls_downgrades_total"));
    }

    [Fact]
    public async Task Observer_HandshakeOutcomes_CountByModeResultProtocolAndReason()
    {
        var metrics = MetricsFixtures.CreateMetrics();
        metrics.Listener("mx", TlsMode.StartTls);
        var observer = new MetricsTlsHandshakeObserver(metrics);
        observer.HandshakeSucceeded("mx", TlsMode.StartTls, SslProtocols.Tls12, TimeSpan.FromMilliseconds(20));
        observer.HandshakeFailed("mx", TlsMode.StartTls, HandshakeFailureReason.Timeout, TimeSpan.FromSeconds(10));
        observer.HandshakeSucceeded("mx", TlsMode.Implicit, SslProtocols.Tls13, TimeSpan.FromMilliseconds(5));

        var scrape = await MetricsFixtures.ScrapeAsync(metrics);
        Assert.Equal(1, scrape.Value("edge_tls_handshakes_total", ("listener", "mx"), ("mode", "starttls"), ("result", "success"), ("protocol", "tls1.2")));
        Assert.Equal(1, scrape.Value("edge_tls_handshakes_total", ("listener", "mx"), ("mode", "starttls"), ("result", "failure"), ("protocol", "none")));
        Assert.Equal(1, scrape.Value("edge_tls_handshake_failures_total", ("listener", "mx"), ("mode", "starttls"), ("reason", "timeout")));
        Assert.Equal(2, scrape.Value("edge_tls_handshake_duration_seconds_count", ("listener", "mx"), ("mode", "starttls")));
        Assert.Equal(1, scrape.Value("edge_tls_handshakes_total", ("listener", "mx"), ("mode", "implicit"), ("result", "success"), ("protocol", "tls1.3")));
    }

    [Fact]
    public async Task Backend_Api_CountsTransactionsLatencyAndUp()
    {
        var metrics = MetricsFixtures.CreateMetrics();
        var backend = metrics.Backend("mta1");
        backend.Transaction(BackendResult.Accepted);
        backend.Transaction(BackendResult.Failed);
        backend.Latency(BackendStage.Data, TimeSpan.FromMilliseconds(30));
        backend.SetUp(true);

        var scrape = await MetricsFixtures.ScrapeAsync(metrics);
        Assert.Equal(1, scrape.Value("edge_backend_transactions_total", ("backend", "mta1"), ("result", "accepted")));
        Assert.Equal(1, scrape.Value("edge_backend_transactions_total", ("backend", "mta1"), ("result", "failed")));
        Assert.Equal(1, scrape.Value("edge_backend_latency_seconds_count", ("backend", "mta1"), ("stage", "data")));
        Assert.Equal(1, scrape.Value("edge_backend_up", ("backend", "mta1")));
    }
}
