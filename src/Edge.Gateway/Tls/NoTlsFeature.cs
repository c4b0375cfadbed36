// NoTlsFeature: the IStartTlsFeature of a plain listener: never active, never offers STARTTLS.
// One shared instance, so plain connections allocate nothing for TLS.
namespace Edge.Gateway.Tls;

/// <summary>TLS is not available on this listener.</summary>
internal sealed class NoTlsFeature : IStartTlsFeature
{
    public static readonly NoTlsFeature Instance = new();

    public bool IsActive => false;

    public bool CanStartTls => false;

    public TlsHandshakeInfo? Handshake => null;

    public ValueTask<bool> UpgradeAsync(CancellationToken cancellationToken) => ValueTask.FromResult(false);
}
