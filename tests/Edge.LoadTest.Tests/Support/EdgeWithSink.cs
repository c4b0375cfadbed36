// EdgeWithSink: the real gateway (EdgeHost.Build) in process, every listener on 127.0.0.1:0, relaying to an
// in-process SmtpSink with --verify: the same topology as a load run (load → Edge → sink). Extra arguments override.
using System.Net;
using Edge.Gateway.Hosting;
using Edge.LoadTest.Sink;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.LoadTest.Tests.Support;

internal sealed class EdgeWithSink : IAsyncDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private readonly WebApplication _app;

    private EdgeWithSink(WebApplication app, SmtpSink sink)
    {
        _app = app;
        Sink = sink;
    }

    public SmtpSink Sink { get; }

    /// <summary>The bound address of a listener: mx (STARTTLS unless overridden), submission, submissions (implicit TLS).</summary>
    public IPEndPoint Listener(string name) => _app.Services.GetRequiredService<ListenerRegistry>().BoundEndpoint(name);

    public static async Task<EdgeWithSink> StartAsync(params string[] extra)
    {
        var sink = new SmtpSink(new IPEndPoint(IPAddress.Loopback, 0), verify: true);
        sink.Start();
        string[] args =
        [
            "--Edge:Hostname=localhost",
            "--Edge:Listeners:0:Endpoint=127.0.0.1:0",
            "--Edge:Listeners:1:Endpoint=127.0.0.1:0",
            "--Edge:Listeners:2:Endpoint=127.0.0.1:0",
            "--Edge:Http:Endpoint=127.0.0.1:0",
            "--Edge:Backends:0:Endpoint=" + sink.EndPoint,
            "--Edge:Tls:ReloadOnChange=false",
            "--Edge:Limits:Timeouts:Drain=00:00:10",
            "--Logging:LogLevel:Default=Warning",
            .. extra,
        ];
        var app = EdgeHost.Build(args);
        try
        {
            using var cts = new CancellationTokenSource(WaitLimit);
            await app.StartAsync(cts.Token);
            return new EdgeWithSink(app, sink);
        }
        catch
        {
            await app.DisposeAsync();
            await sink.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(WaitLimit);
            await _app.StopAsync(cts.Token);
        }
        finally
        {
            await _app.DisposeAsync();
            await Sink.DisposeAsync();
        }
    }
}
