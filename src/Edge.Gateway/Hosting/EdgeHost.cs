// EdgeHost: composition of the whole gateway: configuration, services, Kestrel listeners (SMTP and HTTP),
// HTTP endpoints (/healthz, /readyz, /metrics from this host's own registry). Program.cs and the in-process
// tests both build the host here, so tests run the real thing.
using Edge.Gateway.Auth;
using Edge.Gateway.Configuration;
using Edge.Gateway.Delivery;
using Edge.Gateway.Logging;
using Edge.Gateway.Metrics;
using Edge.Gateway.Relay;
using Edge.Gateway.Tls;
using Edge.Gateway.TlsReporting;
using Edge.Gateway.Transactions;
using Edge.Gateway.TransportSecurity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Edge.Gateway.Hosting;

/// <summary>Builds the Edge host.</summary>
internal static partial class EdgeHost
{
    /// <summary>Creates the gateway from command-line arguments (plus appsettings.json, --config, environment).</summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        // The content root is the application's directory, not the working directory: the host watches its content
        // root (recursively, with inotify) for appsettings changes, and an SMTP gateway's working directory may hold
        // busy spools or logs. Watching the working directory cost ~6 system calls per file written anywhere under it.
        // Edge reads nothing from the content root (appsettings.json is loaded from AppContext.BaseDirectory).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddEdgeConfiguration(args);

        // The slim builder pins the console formatter to "simple" after binding Logging:Console; binding again, last, lets
        // Logging:Console:FormatterName choose json or systemd (FormatterOptions are bound by the formatters themselves).
        builder.Services.Configure<ConsoleLoggerOptions>(builder.Configuration.GetSection("Logging:Console"));
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.UseBatchedConsole(); // same output, many lines per write (Logging/BatchedConsoleOutput.cs)

        var services = builder.Services;
        services.AddSingleton<ListenerRegistry>();
        services.AddEdgeMetrics();
        services.AddSingleton<Connections.ConnectionStates>();
        // TLS: Edge:Tls bound for the certificate store; the self-signed default is made for Edge:Hostname.
        services.AddOptions<TlsOptions>().Bind(builder.Configuration.GetSection("Edge:Tls"));
        services.AddEdgeTls(builder.Configuration["Edge:Hostname"] ?? "localhost");
        services.AddEdgeTransportSecurity(builder.Configuration);
        services.AddDirectoryDelivery();
        services.AddSingleton<UserStore>();
        services.AddSingleton<AuthFailureLimiter>();
        services.AddSingleton<ICredentialVerifier>(sp => string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<EdgeOptions>>().Value.Auth.Backend)
            ? new UserStoreCredentialVerifier(sp.GetRequiredService<UserStore>())
            : ActivatorUtilities.CreateInstance<BackendAuthenticator>(sp));
        services.AddSingleton<Authenticator>();
        services.AddSingleton<Policy.ClientRatePolicy>();
        // With backends every transaction is relayed live; without, the embedded directory delivery takes it.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<RelayMessageSink>(sp)); // resolved only with backends
        services.AddSingleton<IMessageSink>(sp => sp.GetRequiredService<IOptions<EdgeOptions>>().Value.Backends.Count > 0
            ? sp.GetRequiredService<RelayMessageSink>()
            : ActivatorUtilities.CreateInstance<DirectoryMessageSink>(sp));
        services.AddTlsReporting(); // after the sink: the report mail tap decorates it
        services.AddHostedService<Relay.BackendProbeService>();
        services.AddOptions<HostOptions>().Configure<IOptions<EdgeOptions>>((host, edge) => host.ShutdownTimeout = edge.Value.Limits.Timeouts.Drain);
        configureServices?.Invoke(services);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var edge = kestrel.ApplicationServices.GetRequiredService<IOptions<EdgeOptions>>().Value;
            var registry = kestrel.ApplicationServices.GetRequiredService<ListenerRegistry>();
            var rates = kestrel.ApplicationServices.GetRequiredService<Policy.ClientRatePolicy>();
            foreach (var model in ListenerModelFactory.Create(edge, kestrel.ApplicationServices.GetRequiredService<Authenticator>(), rates))
            {
                kestrel.Listen(model.Endpoint, listen =>
                {
                    ListenerPipeline.Configure(listen, model, kestrel.ApplicationServices);
                    registry.Add(model, listen);
                });
            }

            if (EndpointParser.TryParse(edge.Http.Endpoint, out var http))
            {
                kestrel.Listen(http, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    listen.TagListener(HttpListeners.Internal);
                    registry.SetHttp(listen);
                });
            }

            MtaStsHttps.Listen(kestrel);
        });

        var app = builder.Build();
        // Each endpoint is served only on the HTTP listeners it names with OnListeners (default: internal only).
        app.UseListenerScopes();
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", () => Readiness.Answer(app.Services));
        app.MapMetrics("/metrics", app.Services.GetRequiredService<EdgeMetrics>().Registry);
        app.MapMtaStsPolicy();
        app.MapTlsReporting();
        app.Lifetime.ApplicationStarted.Register(() => LogListeners(app.Services));
        return app;
    }

    private static void LogListeners(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Edge.Gateway");
        var registry = services.GetRequiredService<ListenerRegistry>();
        foreach (var listener in registry.Listeners)
        {
            var bound = registry.BoundEndpoint(listener.Name);
            var role = listener.IsSubmission ? "submission" : "mx";
            Log.SmtpListening(logger, listener.Name, bound, listener.TlsMode, role);
        }

        if (registry.HttpEndpoint is { } http)
        {
            Log.HttpListening(logger, http);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "SMTP listener {Name} on {Endpoint} (tls {Mode}, role {Role})")]
        public static partial void SmtpListening(ILogger logger, string name, System.Net.IPEndPoint endpoint, TlsMode mode, string role);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "HTTP on http://{Endpoint} (/metrics, /healthz, /readyz)")]
        public static partial void HttpListening(ILogger logger, System.Net.IPEndPoint endpoint);
    }
}
