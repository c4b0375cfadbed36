// MtaStsHttps: the HTTPS listener of MTA-STS (Edge:MtaSts:Endpoint) and the policy endpoint. The listener picks its
// certificate per handshake by SNI from the gateway's CertificateStore (so reloads apply at once), TLS 1.2+ only,
// HTTP/1.1 only, and tags its connections HttpListeners.MtaSts: only endpoints scoped to it are served there.
// GET https://mta-sts.<domain>/.well-known/mta-sts.txt answers the policy bytes as text/plain; any other host or path: 404.
using System.Net.Security;
using Edge.Gateway.Configuration;
using Edge.Gateway.Hosting;
using Edge.Gateway.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.TransportSecurity;

/// <summary>The MTA-STS HTTPS listener and policy endpoint.</summary>
internal static class MtaStsHttps
{
    /// <summary>RFC 8461 3.3: the well-known path of the policy file.</summary>
    public const string PolicyPath = "/.well-known/mta-sts.txt";

    /// <summary>Adds the HTTPS listener when <c>Edge:MtaSts:Endpoint</c> is set.</summary>
    public static void Listen(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        var services = kestrel.ApplicationServices;
        var options = services.GetRequiredService<IOptions<MtaStsOptions>>().Value;
        if (!EndpointParser.TryParse(options.Endpoint, out var endpoint))
        {
            return;
        }

        var store = services.GetRequiredService<CertificateStore>();
        var timeout = services.GetRequiredService<IOptions<TlsOptions>>().Value.HandshakeTimeout;
        var listener = services.GetRequiredService<MtaStsListener>();
        kestrel.Listen(endpoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.TagListener(HttpListeners.MtaSts);
            listen.UseHttps(new TlsHandshakeCallbackOptions
            {
                HandshakeTimeout = timeout,
                OnConnection = context => ValueTask.FromResult(ServerOptions(store, context.ClientHelloInfo.ServerName)),
            });
            listener.Options = listen;
        });
    }

    /// <summary>Maps the policy endpoint on the MTA-STS listener.</summary>
    public static IEndpointConventionBuilder MapMtaStsPolicy(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var policies = endpoints.ServiceProvider.GetRequiredService<MtaStsPolicies>();
        return endpoints.MapGet(PolicyPath, context =>
        {
            var policy = policies.ForHost(context.Request.Host.Host);
            if (policy is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            context.Response.ContentType = "text/plain";
            context.Response.ContentLength = policy.Content.Length;
            return context.Response.Body.WriteAsync(policy.Content).AsTask();
        }).OnListeners(HttpListeners.MtaSts);
    }

    // A fresh options object per handshake around the shared certificate context: Kestrel fills in ALPN, and the
    // SMTP listeners' shared options (no ALPN) must not be touched.
    private static SslServerAuthenticationOptions ServerOptions(CertificateStore store, string? serverName) => new()
    {
        ServerCertificateContext = store.Current.Select(serverName).Options.ServerCertificateContext,
        // SECURITY: TLS 1.2 and 1.3 only (RFC 8461 3.3 requires a valid certificate over TLS; 4.1 TLS 1.2+).
        EnabledSslProtocols = Tls.CertificateLoader.EnabledProtocols,
        AllowRenegotiation = false,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        ApplicationProtocols = [SslApplicationProtocol.Http11],
    };
}
