// TlsRptHost: the real gateway (EdgeHost.Build) in process for TLSRPT tests: an mx listener in plain mode (and the
// default submission listeners) on 127.0.0.1:0 accepting example.com, HTTP on 127.0.0.1:0, relaying to the given
// backend (or delivering to a temporary directory), extra arguments last. Reports are POSTed and /metrics scraped
// over real HTTP.
using System.Net;
using System.Net.Http.Headers;
using Edge.Gateway.Hosting;
using Edge.Gateway.Tests.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Tests.TlsReporting;

internal sealed class TlsRptHost : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private readonly WebApplication _app;
    private readonly string _directory;

    private TlsRptHost(WebApplication app, string directory)
    {
        _app = app;
        _directory = directory;
        var registry = app.Services.GetRequiredService<ListenerRegistry>();
        Mx = registry.BoundEndpoint("mx");
        HttpEndpoint = registry.HttpEndpoint!;
    }

    public IPEndPoint Mx { get; }

    public IPEndPoint HttpEndpoint { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TlsRptHost> StartAsync(string? backend, params string[] extra)
    {
        var directory = Path.Combine(Path.GetTempPath(), "edge-tlsrpt-" + Guid.NewGuid().ToString("N"));
        List<string> args =
        [
            "--Edge:Hostname=edge.test",
            "--Edge:Listeners:0:Name=mx", "--Edge:Listeners:0:Endpoint=127.0.0.1:0", "--Edge:Listeners:0:Mode=plain", "--Edge:Listeners:0:Role=mx",
            // appsettings.json's submission listeners are there too (arrays merge by index): on free ports as well.
            "--Edge:Listeners:1:Endpoint=127.0.0.1:0", "--Edge:Listeners:2:Endpoint=127.0.0.1:0",
            "--Edge:Http:Endpoint=127.0.0.1:0",
            "--Edge:AcceptedDomains:0=example.com",
            $"--Edge:Delivery:Directory={directory}",
            "--Logging:LogLevel:Default=Warning",
        ];
        if (backend is not null)
        {
            args.Add($"--Edge:Backends:0:Name=mta1");
            args.Add($"--Edge:Backends:0:Endpoint={backend}");
        }

        args.AddRange(extra);
        var app = EdgeHost.Build([.. args]);
        await app.StartAsync();
        return new TlsRptHost(app, directory);
    }

    public Uri Url(string path) => new($"http://{HttpEndpoint}{path}");

    public async Task<HttpResponseMessage> PostAsync(byte[] body, string? contentType, string path = "/tlsrpt")
    {
        using var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return await Http.PostAsync(Url(path), content);
    }

    public async Task<string> GetStringAsync(string path) => await Http.GetStringAsync(Url(path));

    public async Task<HttpResponseMessage> GetAsync(string path) => await Http.GetAsync(Url(path));

    public async Task<Scrape> ScrapeAsync() => Scrape.Parse(await GetStringAsync("/metrics"));

    /// <summary>Scrapes until <paramref name="done"/> holds (mail reports are read in the background); bounded.</summary>
    public async Task<Scrape> ScrapeUntilAsync(Func<Scrape, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var scrape = await ScrapeAsync();
            if (done(scrape) || DateTime.UtcNow > deadline)
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
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
