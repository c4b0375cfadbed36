// MetricsFixtures: EdgeMetrics and ListenerModel built directly (no host) for unit and allocation tests, and
// the text exposition of a registry.
using System.Net;
using Edge.Gateway.Configuration;
using Edge.Gateway.Hosting;
using Edge.Gateway.Metrics;
using Edge.Gateway.Policy;
using Edge.Gateway.Tls;
using Edge.Protocol.Session;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Metrics;

internal static class MetricsFixtures
{
    public static EdgeMetrics CreateMetrics() =>
        new(Options.Create(new EdgeOptions()), TimeProvider.System, NullLogger<EdgeMetrics>.Instance);

    public static ListenerModel Listener(string name, TlsMode mode) => new()
    {
        Name = name,
        Endpoint = new IPEndPoint(IPAddress.Loopback, 25),
        TlsMode = mode,
        Session = new SessionSettings { Hostname = "mx.example.com", StartTlsAvailable = mode == TlsMode.StartTls },
        AcceptedDomains = new AcceptedDomainsPolicy(["example.com"]),
        Timeouts = new SmtpTimeouts(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(10)),
    };

    public static async Task<Scrape> ScrapeAsync(EdgeMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream);
        return Scrape.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
