// HandshakeEvent: one outcome recorded by RecordingHandshakeObserver.
using System.Security.Authentication;
using Edge.Gateway.Tls;

namespace Edge.Gateway.Tests.Tls;

internal sealed record HandshakeEvent(bool Succeeded, string Listener, TlsMode Mode, SslProtocols Protocol, HandshakeFailureReason? Reason, TimeSpan Duration);
