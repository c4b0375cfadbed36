// StsGateway: the real gateway (EdgeHost.Build) with the MTA-STS HTTPS listener on 127.0.0.1:0 and the certificates
// of a PkiFiles directory, for tests over real sockets: HTTPS GETs with a chosen SNI/Host (HttpClient connected to
// loopback), scrapes of /metrics, and the real certificate reload path (CertificateStore.Reload, watchers off).
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Edge.Gateway.Hosting;
using Edge.Gateway.Tests.Metrics;
using Edge.Gateway.Tls;
using Edge.Gateway.TransportSecurity;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Tests.TransportSecurity;

internal sealed class StsGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _inbox;

    private StsGateway(WebApplication app, string inbox)
    {
        _app = app;
        _inbox = inbox;
        Http = app.Services.GetRequiredService<ListenerRegistry>().HttpEndpoint!;
        Https = app.Services.GetRequiredService<MtaStsListener>().Endpoint;
    }

    public IPEndPoint Http { get; }

    /// <summary>The MTA-STS listener (null when Edge:MtaSts:Endpoint is not set).</summary>
    public IPEndPoint? Https { get; }

    public CertificateStore Certificates => _app.Services.GetRequiredService<CertificateStore>();

    public static async Task<StsGateway> StartAsync(params string[] extra)
    {
        var inbox = Path.Combine(Path.GetTempPath(), "edge-sts-inbox-" + Guid.NewGuid().ToString("N"));
        string[] args =
        [
            "--Edge:Listeners:0:Endpoint=127.0.0.1:0", "--Edge:Listeners:1:Endpoint=127.0.0.1:0", "--Edge:Listeners:2:Endpoint=127.0.0.1:0",
            "--Edge:Http:Endpoint=127.0.0.1:0", "--Edge:Delivery:Directory=" + inbox,
            "--Edge:Tls:ReloadOnChange=false", "--Logging:LogLevel:Default=Warning",
            .. extra,
        ];
        var app = EdgeHost.Build(args);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await app.StartAsync(cts.Token);
            return new StsGateway(app, inbox);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Configuration arguments for certificate <paramref name="index"/> from <paramref name="pki"/>'s files.</summary>
    public static string[] Certificate(PkiFiles pki, int index, string name, params string[] hosts)
    {
        List<string> args = [$"--Edge:Tls:Certificates:{index}:CertPath={pki.CertPath(name)}", $"--Edge:Tls:Certificates:{index}:KeyPath={pki.KeyPath(name)}"];
        for (var i = 0; i < hosts.Length; i++)
        {
            args.Add($"--Edge:Tls:Certificates:{index}:Hosts:{i}={hosts[i]}");
        }

        return [.. args];
    }

    /// <summary>GET https://{host}{path} on the MTA-STS listener (SNI and Host = <paramref name="host"/>).</summary>
    public async Task<HttpsAnswer> GetAsync(string host, string path = MtaStsHttps.PolicyPath)
    {
        X509Certificate2? served = null;
        var port = Https!.Port;
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions =
            {
                // The test certificates are self-signed: capture what was served, the assertions check it.
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    served = X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData());
                    return true;
                },
            },
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await client.GetAsync(new Uri($"https://{host}:{port}{path}"));
        var body = await response.Content.ReadAsByteArrayAsync();
        return new HttpsAnswer(response.StatusCode, response.Content.Headers.ContentType?.ToString(), body, served!);
    }

    /// <summary>GET on the internal HTTP listener.</summary>
    public async Task<HttpResponseMessage> GetInternalAsync(string path)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await client.GetAsync(new Uri($"http://{Http}{path}"));
    }

    public async Task<Scrape> ScrapeAsync()
    {
        using var response = await GetInternalAsync("/metrics");
        return Scrape.Parse(await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await _app.StopAsync(cts.Token);
        }

        await _app.DisposeAsync();
        if (Directory.Exists(_inbox))
        {
            Directory.Delete(_inbox, recursive: true);
        }
    }

    internal sealed record HttpsAnswer(HttpStatusCode Status, string? ContentType, byte[] Body, X509Certificate2 Certificate);
}
