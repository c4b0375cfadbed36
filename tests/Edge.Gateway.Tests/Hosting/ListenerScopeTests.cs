// ListenerScopeTests: endpoints are served only on the HTTP listeners they name (OnListeners); unscoped endpoints
// stay on the internal listener. Real host, real HTTP over loopback. (The MTA-STS side: TransportSecurity tests.)
using System.Net;
using Edge.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Tests.Hosting;

public sealed class ListenerScopeTests
{
    [Fact]
    public async Task InternalListener_ServesUnscopedAndInternalEndpoints_RefusesMtaStsOnly()
    {
        var inbox = Path.Combine(Path.GetTempPath(), "edge-scope-" + Guid.NewGuid().ToString("N"));
        var app = EdgeHost.Build(
        [
            "--Edge:Listeners:0:Endpoint=127.0.0.1:0", "--Edge:Listeners:1:Endpoint=127.0.0.1:0", "--Edge:Listeners:2:Endpoint=127.0.0.1:0",
            "--Edge:Http:Endpoint=127.0.0.1:0", "--Edge:Delivery:Directory=" + inbox,
            "--Edge:Tls:ReloadOnChange=false", "--Logging:LogLevel:Default=Warning",
        ]);
        app.MapGet("/test/both", () => Results.Text("both")).OnListeners(HttpListeners.Internal | HttpListeners.MtaSts);
        app.MapGet("/test/mta-sts-only", () => Results.Text("sts")).OnListeners(HttpListeners.MtaSts);
        app.MapGet("/test/unscoped", () => Results.Text("unscoped"));
        await using (app)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await app.StartAsync(cts.Token);
            var http = app.Services.GetRequiredService<ListenerRegistry>().HttpEndpoint!;
            using var client = new HttpClient { BaseAddress = new Uri($"http://{http}"), Timeout = TimeSpan.FromSeconds(10) };

            Assert.Equal("both", await client.GetStringAsync("/test/both"));
            Assert.Equal("unscoped", await client.GetStringAsync("/test/unscoped"));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/test/mta-sts-only")).StatusCode);
            await app.StopAsync(cts.Token);
        }

        if (Directory.Exists(inbox))
        {
            Directory.Delete(inbox, recursive: true);
        }
    }
}
