// TlsUpgradeMiddleware: Kestrel connection middleware that owns TLS for one listener (implicit TLS and STARTTLS).
// It sets IStartTlsFeature on every connection; implicit mode handshakes before calling next (failure: close,
// nothing written), STARTTLS mode lets the handler call UpgradeAsync. In both, the TLS pipe is completed, the
// SslStream disposed and the original transport restored when the connection ends (Kestrel owns the socket pipe).
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Tls;

/// <summary>Per-listener TLS connection middleware.</summary>
internal sealed partial class TlsUpgradeMiddleware
{
    private readonly ConnectionDelegate _next;

    public TlsUpgradeMiddleware(ConnectionDelegate next, TlsListenerSettings settings, CertificateStore certificates, ITlsHandshakeObserver observer, ILogger<TlsUpgradeMiddleware> logger)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(certificates);
        if (settings.HandshakeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "The handshake timeout must be positive.");
        }

        _next = next;
        Settings = settings;
        Certificates = certificates;
        Observer = observer ?? NullTlsHandshakeObserver.Instance;
        Logger = logger;
    }

    internal TlsListenerSettings Settings { get; }

    internal CertificateStore Certificates { get; }

    internal ITlsHandshakeObserver Observer { get; }

    internal ILogger Logger { get; }

    /// <summary>Plaintext pipes of this listener's TLS sessions, reused.</summary>
    internal TlsPipePool Pipes { get; } = new();

    public Task OnConnectionAsync(ConnectionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Registered twice on one listener: the outer instance owns TLS, the inner one steps aside.
        if (context.Features.Get<IStartTlsFeature>() is not null)
        {
            return _next(context);
        }

        if (Settings.Mode == TlsMode.None)
        {
            context.Features.Set<IStartTlsFeature>(NoTlsFeature.Instance);
            return _next(context);
        }

        return RunAsync(context);
    }

    private async Task RunAsync(ConnectionContext context)
    {
        var tls = new TlsConnection(this, context);
        context.Features.Set<IStartTlsFeature>(tls);
        var orderly = false;
        try
        {
            // RFC 8314 3.3: implicit TLS starts before any SMTP; a failed handshake closes without a reply
            // (the peer is in TLS state, a plaintext 4xx would be garbage to it).
            if (Settings.Mode == TlsMode.Implicit && !await tls.UpgradeAsync(CancellationToken.None))
            {
                return;
            }

            await _next(context);
            orderly = true;
        }
        finally
        {
            await tls.CloseAsync(orderly);
        }
    }
}
