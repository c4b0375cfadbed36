// GatewayHarness: the real gateway (EdgeHost: ListenerPipeline, TLS middleware, SmtpConnection, RelayMessageSink)
// with its SMTP listener on the in-memory transport and its one backend in memory. Only the sockets are replaced.
using System.IO.Pipelines;
using System.Net;
using Edge.Gateway.Hosting;
using Edge.Gateway.Logging;
using Edge.Gateway.Relay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Edge.Benchmarks.Gateway;

/// <summary>One gateway, started; connect clients with <see cref="ConnectAsync"/>.</summary>
internal sealed class GatewayHarness : IAsyncDisposable
{
    /// <summary>The SMTP listener's (never bound) endpoint: starttls mode, mx role.</summary>
    public static readonly IPEndPoint Endpoint = new(IPAddress.Loopback, 10025);

    private readonly WebApplication _app;
    private readonly InMemoryTransport _transport = new(Endpoint);
    private readonly InMemoryBackend _backend = new();
    private System.Buffers.MemoryPool<byte>? _pool;

    private GatewayHarness(LogLevel logLevel)
    {
        _app = EdgeHost.Build([
            "--Edge:Hostname=mx.example.com",
            "--Edge:Listeners:0:Name=mx", $"--Edge:Listeners:0:Endpoint={Endpoint}", "--Edge:Listeners:0:Mode=starttls", "--Edge:Listeners:0:Role=mx",
            "--Edge:Http:Endpoint=127.0.0.1:0",
            "--Edge:AcceptedDomains:0=example.com",
            "--Edge:Backends:0:Name=memory", "--Edge:Backends:0:Endpoint=192.0.2.1:25", "--Edge:Backends:0:Tls=none",
            "--Edge:Limits:MaxMessagesPerSession=1000000", "--Edge:Limits:MaxConnectionsPerAddress=10000",
            $"--Logging:LogLevel:Default={logLevel}",
        ], services =>
        {
            services.AddSingleton<IConnectionListenerFactory>(_transport);
            services.AddSingleton<IBackendTransport>(_backend);
            // Edge's own console logger as shipped (formatter, options, batching), writing to nothing.
            services.RemoveAll<ILoggerProvider>();
            services.AddSingleton<ILoggerProvider>(sp => new BatchedConsoleLoggerProvider(
                sp.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(), sp.GetServices<ConsoleFormatter>(), new BatchedConsoleOutput(Stream.Null, Stream.Null)));
        });
    }

    /// <summary>Messages the in-memory backend accepted.</summary>
    public long BackendMessages => _backend.Messages;

    /// <summary>Connections the gateway opened to the in-memory backend.</summary>
    public long BackendConnections => _backend.Connections;

    public static async Task<GatewayHarness> StartAsync(LogLevel logLevel = LogLevel.Warning)
    {
        var harness = new GatewayHarness(logLevel);

        // The in-memory pipes take their memory from Kestrel's pool, as its socket transport does: the shared
        // ArrayPool the pipes use by default keeps a few buffers per core, which many sessions in flight outrun
        // (the benchmark would count the harness's own pipes' buffers).
        var pool = harness._pool = harness._app.Services.GetRequiredService<IMemoryPoolFactory<byte>>().Create(new MemoryPoolOptions { Owner = "benchmark" });
        var pipes = new PipeOptions(pool, useSynchronizationContext: false);
        harness._transport.Pipes = pipes;
        harness._backend.Pipes = pipes;
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
        _pool?.Dispose();
    }
}
