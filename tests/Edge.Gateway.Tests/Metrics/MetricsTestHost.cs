// MetricsTestHost: the real gateway (EdgeHost.Build) in process on 127.0.0.1:0 — listeners mx (starttls),
// submission (starttls), submissions (implicit-tls) and HTTP — with a temporary delivery directory, plus
// scraping /metrics over HTTP and waiting for connections to finish before counters are read.
using System.Net;
using Edge.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Tests.Metrics;

internal sealed class MetricsTestHost : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly WebApplication _app;
    private readonly string _directory;

    private MetricsTestHost(WebApplication app, string directory)
    {
        _app = app;
        _directory = directory;
        var registry = app.Services.GetRequiredService<ListenerRegistry>();
        Mx = registry.BoundEndpoint("mx");
        Submissions = registry.BoundEndpoint("submissions");
        HttpEndpoint = registry.HttpEndpoint!;
    }

    public IPEndPoint Mx { get; }

    public IPEndPoint Submissions { get; }

    public IPEndPoint HttpEndpoint { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<MetricsTestHost> StartAsync(params string[] extra)
    {
        var directory = Path.Combine(Path.GetTempPath(), "edge-metrics-" + Guid.NewGuid().ToString("N"));
        string[] args =
        [
            "--Edge:Listeners:0:Name=mx", "--Edge:Listeners:0:Endpoint=127.0.0.1:0", "--Edge:Listeners:0:Mode=starttls", "--Edge:Listeners:0:Role=mx",
            "--Edge:Listeners:1:Name=submission", "--Edge:Listeners:1:Endpoint=127.0.0.1:0", "--Edge:Listeners:1:Mode=starttls", "--Edge:Listeners:1:Role=submission",
            "--Edge:Listeners:2:Name=submissions", "--Edge:Listeners:2:Endpoint=127.0.0.1:0", "--Edge:Listeners:2:Mode=implicit-tls", "--Edge:Listeners:2:Role=submission",
            "--Edge:Http:Endpoint=127.0.0.1:0",
            "--Edge:AcceptedDomains:0=localhost",
            $"--Edge:Delivery:Directory={directory}",
            .. extra,
        ];
        var app = EdgeHost.Build(args);
        await app.StartAsync();
        return new MetricsTestHost(app, directory);
    }

    public Task<SmtpTestClient> ConnectMxAsync() => SmtpTestClient.ConnectAsync(Mx, implicitTls: false);

    public Task<SmtpTestClient> ConnectSubmissionsAsync() => SmtpTestClient.ConnectAsync(Submissions, implicitTls: true);

    public async Task<string> GetAsync(string path) => await Http.GetStringAsync(new Uri($"http://{HttpEndpoint}{path}"));

    public async Task<HttpResponseMessage> GetResponseAsync(string path) => await Http.GetAsync(new Uri($"http://{HttpEndpoint}{path}"));

    public async Task<Scrape> ScrapeAsync() => Scrape.Parse(await GetAsync("/metrics"));

    /// <summary>Scrapes once no connection is open any more (sessions are counted when the server side ends).</summary>
    public async Task<Scrape> ScrapeWhenIdleAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var scrape = await ScrapeAsync();
            if (scrape.Sum("edge_connections_active") == 0 || DateTime.UtcNow > deadline)
            {
                return scrape;
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
