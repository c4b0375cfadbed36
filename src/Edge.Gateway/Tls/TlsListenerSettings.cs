// TlsListenerSettings: what the TLS middleware needs to know about its listener (built by the host from
// ListenerOptions + TlsOptions). ListenerName is a configured name, safe as a metric label.
namespace Edge.Gateway.Tls;

/// <summary>Per-listener TLS settings.</summary>
internal sealed record TlsListenerSettings(string ListenerName, TlsMode Mode, TimeSpan HandshakeTimeout);
