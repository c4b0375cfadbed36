// TlsTestServer: an in-process Kestrel host on 127.0.0.1:0 with three listeners (STARTTLS, implicit TLS, plain),
// each "TlsUpgradeMiddleware → TestLineHandler", sharing one CertificateStore and one recording observer.
using System.Net;
using Edge.Gateway.Configuration;
using Edge.Gateway.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Tls;

internal sealed class TlsTestServer : IAsyncDisposable
{
    public const string StartTlsListener = "test-starttls";
    public const string ImplicitListener = "test-implicit";
    public const string PlainListener = "test-plain";

    private readonly WebApplication _app;

    private TlsTestServer(WebApplication app, CertificateStore store, RecordingHandshakeObserver observer, IPEndPoint startTls, IPEndPoint implicitTls, IPEndPoint plain)
    {
        _app = app;
        Certificates = store;
        Observer = observer;
        StartTlsEndPoint = startTls;
        ImplicitEndPoint = implicitTls;
        PlainEndPoint = plain;
    }

    public CertificateStore Certificates { get; }

    public RecordingHandshakeObserver Observer { get; }

    public IPEndPoint StartTlsEndPoint { get; }

    public IPEndPoint ImplicitEndPoint { get; }

    public IPEndPoint PlainEndPoint { get; }

    public static async Task<TlsTestServer> StartAsync(TlsOptions? options = null, TimeSpan? handshakeTimeout = null)
    {
        var timeout = handshakeTimeout ?? TimeSpan.FromSeconds(10);
        var store = new CertificateStore(Options.Create(options ?? new TlsOptions()), NullLogger<CertificateStore>.Instance, "edge.test");
        var observer = new RecordingHandshakeObserver();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? startTls = null, implicitTls = null, plain = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => startTls = Configure(listen, new TlsListenerSettings(StartTlsListener, TlsMode.StartTls, timeout), store, observer));
            kestrel.Listen(IPAddress.Loopback, 0, listen => implicitTls = Configure(listen, new TlsListenerSettings(ImplicitListener, TlsMode.Implicit, timeout), store, observer));
            kestrel.Listen(IPAddress.Loopback, 0, listen => plain = Configure(listen, new TlsListenerSettings(PlainListener, TlsMode.None, timeout), store, observer));
        });

        var app = builder.Build();
        await app.StartAsync();
        return new TlsTestServer(app, store, observer, startTls!.IPEndPoint!, implicitTls!.IPEndPoint!, plain!.IPEndPoint!);
    }

    private static ListenOptions Configure(ListenOptions listen, TlsListenerSettings settings, CertificateStore store, RecordingHandshakeObserver observer)
    {
        listen.Use(next => new TlsUpgradeMiddleware(next, settings, store, observer, NullLogger<TlsUpgradeMiddleware>.Instance).OnConnectionAsync);
        listen.UseConnectionHandler<TestLineHandler>();
        return listen;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificates.Dispose();
    }
}
