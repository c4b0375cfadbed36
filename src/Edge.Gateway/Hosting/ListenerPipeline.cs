// ListenerPipeline: the one place where each SMTP listener's connection middleware is composed, in order:
// listener feature → TLS (implicit handshake, or the STARTTLS feature) → SMTP connection handler.
// PROXY protocol and connection limits slot in before TLS when the policy issue lands.
using Edge.Gateway.Connections;
using Edge.Gateway.Metrics;
using Edge.Gateway.Tls;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Hosting;

/// <summary>Builds the middleware chain of one SMTP listener.</summary>
internal static class ListenerPipeline
{
    /// <summary>Configures <paramref name="listen"/> for <paramref name="listener"/>.</summary>
    public static void Configure(ListenOptions listen, ListenerModel listener, IServiceProvider services)
    {
        var certificates = services.GetRequiredService<CertificateStore>();
        var observer = services.GetRequiredService<ITlsHandshakeObserver>();
        var tlsLogger = services.GetRequiredService<ILogger<TlsUpgradeMiddleware>>();
        var tlsSettings = new TlsListenerSettings(listener.Name, listener.TlsMode, listener.HandshakeTimeout);
        var metrics = services.GetRequiredService<EdgeMetrics>().Listener(listener.Name, listener.TlsMode);

        // 1. Publish the listener to the shared handler (one object per listener: no allocation per connection),
        //    and count the connection here, outermost, so connections that never reach SMTP (failed implicit TLS) count.
        listen.Use(next => async context =>
        {
            context.Features.Set(listener);
            metrics.ConnectionOpened();
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                metrics.ConnectionClosed();
            }
        });

        // 2. TLS: implicit handshake before SMTP, or the STARTTLS upgrade feature.
        listen.Use(next => new TlsUpgradeMiddleware(next, tlsSettings, certificates, observer, tlsLogger).OnConnectionAsync);

        // 3. The SMTP session.
        listen.UseConnectionHandler<SmtpConnectionHandler>();
    }
}
