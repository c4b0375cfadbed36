// TLSRPT over real HTTPS: the intake is also served on the internet-facing MTA-STS listener (RFC 8460 3: the https
// rua of the _smtp._tls record), counted like the internal one; the recent-reports list is not (internal only).
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Edge.Gateway.Tests.Metrics;
using Edge.Gateway.TransportSecurity;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Tests.TlsReporting;

public sealed class TlsReportHttpsTests
{
    private static readonly string[] MtaSts =
    [
        "--Edge:MtaSts:Endpoint=127.0.0.1:0", "--Edge:MtaSts:Policies:0:Domain=example.com",
        "--Edge:MtaSts:Policies:0:Mode=testing", "--Edge:MtaSts:Policies:0:Mx:0=mx.example.com",
    ];

    [Fact]
    public async Task Post_OnMtaStsHttpsListener_GzipAndJson_Accepted_ListNotServedThere()
    {
        await using var host = await TlsRptHost.StartAsync(null, MtaSts);
        var https = host.Services.GetRequiredService<MtaStsListener>().Endpoint!;
        using var client = HttpsClient(https);
        var before = await host.ScrapeAsync();
        var json = TlsReports.Json(TlsReports.Rfc8460Example);

        using (var gzip = await PostAsync(client, https, TlsReports.Gzip(json), "application/tlsrpt+gzip"))
        {
            Assert.Equal(HttpStatusCode.Accepted, gzip.StatusCode);
        }

        using (var plain = await PostAsync(client, https, json, "application/tlsrpt+json"))
        {
            Assert.Equal(HttpStatusCode.Accepted, plain.StatusCode);
        }

        using (var bomb = await PostAsync(client, https, TlsReports.Bomb(9 * 1024 * 1024), "application/tlsrpt+gzip"))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, bomb.StatusCode);
        }

        using (var list = await client.GetAsync(new Uri($"https://mta-sts.example.com:{https.Port}/tlsrpt/reports")))
        {
            Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        }

        using (var metrics = await client.GetAsync(new Uri($"https://mta-sts.example.com:{https.Port}/metrics")))
        {
            Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        }

        var d = new Deltas(before, await host.ScrapeAsync());
        Assert.Equal(2, d.Of("edge_tlsrpt_reports_total", ("channel", "https")));
        Assert.Equal(2 * 303, d.Of("edge_tlsrpt_sessions_total", ("policy_type", "sts"), ("result", "failure")));
        Assert.Equal(1, d.Of("edge_tlsrpt_reports_rejected_total", ("channel", "https"), ("reason", "bomb")));
        Assert.Contains("\"report-id\":\"5065427c-23d3-47ca-b6e0-946ea0e8c4be\"", await host.GetStringAsync("/tlsrpt/reports"), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, IPEndPoint https, byte[] body, string type)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        return await client.PostAsync(new Uri($"https://mta-sts.example.com:{https.Port}/tlsrpt"), content);
    }

    // SNI and Host mta-sts.example.com, connected to the loopback listener; the generated certificate is self-signed.
    private static HttpClient HttpsClient(IPEndPoint https)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(https, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
    }
}
