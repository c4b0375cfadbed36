// ListenerPipeline: the one place where each SMTP listener's connection middleware is composed, in order:
// listener feature → PROXY header → connection rate → connection limits → pregreet → TLS (implicit handshake, or
// the STARTTLS feature) → SMTP connection handler.
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

        // 2. PROXY protocol: first, so every later stage sees the real client, not the balancer.
        var state = services.GetRequiredService<ConnectionStates>().For(listener.Name);
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        if (listener.ProxyProtocol)
        {
            var proxyLogger = services.GetRequiredService<ILogger<ProxyProtocolMiddleware>>();
            listen.Use(next => new ProxyProtocolMiddleware(next, listener, state, time, proxyLogger).OnConnectionAsync);
        }

        // 2b. Connection rate per client address (only when configured): every attempt counts, like Postfix's
        //     smtpd_client_connection_rate_limit, so it runs before the concurrency limits.
        if (listener.ClientRates is { LimitsConnections: true } rates)
        {
            var rateLogger = services.GetRequiredService<ILogger<ConnectionRateMiddleware>>();
            listen.Use(next => new ConnectionRateMiddleware(next, listener, rates, state, rateLogger).OnConnectionAsync);
        }

        // 3. Connection limits: after PROXY (they count the real client's address), before any greeting, TLS
        //    handshake or delay spends resources on a connection that will be refused.
        var limitLogger = services.GetRequiredService<ILogger<ConnectionLimitMiddleware>>();
        listen.Use(next => new ConnectionLimitMiddleware(next, listener, state, limitLogger).OnConnectionAsync);

        // 4. Pregreet (mx only): the delay precedes the greeting, which only exists in plaintext; with implicit
        //    TLS the client speaks first (ClientHello) by design, so the test is meaningless there.
        if (listener.GreetingDelay > TimeSpan.Zero && !listener.IsSubmission && listener.TlsMode != TlsMode.Implicit)
        {
            var pregreetLogger = services.GetRequiredService<ILogger<PregreetMiddleware>>();
            listen.Use(next => new PregreetMiddleware(next, listener, state, time, pregreetLogger).OnConnectionAsync);
        }

        // 5. TLS: implicit handshake before SMTP, or the STARTTLS upgrade feature.
        listen.Use(next => new TlsUpgradeMiddleware(next, tlsSettings, certificates, observer, tlsLogger).OnConnectionAsync);

        // 6. The SMTP session.
        listen.UseConnectionHandler<SmtpConnectionHandler>();
    }
}
