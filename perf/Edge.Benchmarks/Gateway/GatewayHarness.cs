// GatewayHarness: the real gateway (EdgeHost: ListenerPipeline, TLS middleware, SmtpConnection, RelayMessageSink)
// with its SMTP listener on the in-memory transport and its one backend in memory. Only the sockets are replaced.
using System.Net;
using Edge.Gateway.Hosting;
using Edge.Gateway.Relay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Edge.Benchmarks.Gateway;

/// <summary>One gateway, started; connect clients with <see cref="ConnectAsync"/>.</summary>
internal sealed class GatewayHarness : IAsyncDisposable
{
    /// <summary>The SMTP listener's (never bound) endpoint: starttls mode, mx role.</summary>
    public static readonly IPEndPoint Endpoint = new(IPAddress.Loopback, 10025);

    private readonly WebApplication _app;
    private readonly InMemoryTransport _transport = new(Endpoint);
    private readonly InMemoryBackend _backend = new();

    private GatewayHarness(LogLevel logLevel)
    {
        _app = EdgeHost.Build([
            "--Edge:Hostname=mx.example.com",
            "--Edge:Listeners:0:Name=mx", $"--Edge:Listeners:0:Endpoint={Endpoint}", "--Edge:Listeners:0:Mode=starttls", "--Edge:Listeners:0:Role=mx",
            "--Edge:Http:Endpoint=127.0.0.1:0",
            "--Edge:AcceptedDomains:0=example.com",
            "--Edge:Backends:0:Name=memory", "--Edge:Backends:0:Endpoint=192.0.2.1:25", "--Edge:Backends:0:Tls=none",
            "--Edge:Limits:MaxMessagesPerSession=1000000",
            $"--Logging:LogLevel:Default={logLevel}",
        ], services =>
        {
            services.AddSingleton<IConnectionListenerFactory>(_transport);
            services.AddSingleton<IBackendTransport>(_backend);
            services.RemoveAll<ILoggerProvider>();
            services.AddSingleton<ILoggerProvider>(new DiscardingLoggerProvider(logLevel));
        });
    }

    /// <summary>Messages the in-memory backend accepted.</summary>
    public long BackendMessages => _backend.Messages;

    public static async Task<GatewayHarness> StartAsync(LogLevel logLevel = LogLevel.Warning)
    {
        var harness = new GatewayHarness(logLevel);
        await harness._app.StartAsync().ConfigureAwait(false);
        return harness;
    }

    /// <summary>Connects, reads the greeting, says EHLO, and with <paramref name="tls"/> runs STARTTLS and EHLO again.</summary>
    public async Task<SmtpPipeClient> ConnectAsync(bool tls)
    {
        var client = new SmtpPipeClient(_transport.Connect(Endpoint).Client);
        await client.ExpectAsync(220).ConfigureAwait(false);
        await client.SendAsync(Scripts.Ehlo).ConfigureAwait(false);
        await client.ExpectAsync(250).ConfigureAwait(false);
        if (tls)
        {
            await client.SendAsync(Scripts.StartTls).ConfigureAwait(false);
            await client.ExpectAsync(220).ConfigureAwait(false);
            await client.UpgradeAsync().ConfigureAwait(false);
            await client.SendAsync(Scripts.Ehlo).ConfigureAwait(false);
            await client.ExpectAsync(250).ConfigureAwait(false);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _backend.Dispose();
    }
}
