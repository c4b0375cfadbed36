// RecordingHandshakeObserver: an ITlsHandshakeObserver that queues every outcome so tests can await them.
using System.Security.Authentication;
using System.Threading.Channels;
using Edge.Gateway.Tls;

namespace Edge.Gateway.Tests.Tls;

internal sealed class RecordingHandshakeObserver : ITlsHandshakeObserver
{
    private readonly Channel<HandshakeEvent> _events = Channel.CreateUnbounded<HandshakeEvent>();

    public void HandshakeSucceeded(string listener, TlsMode mode, SslProtocols protocol, TimeSpan duration) =>
        _events.Writer.TryWrite(new HandshakeEvent(true, listener, mode, protocol, null, duration));

    public void HandshakeFailed(string listener, TlsMode mode, HandshakeFailureReason reason, TimeSpan duration) =>
        _events.Writer.TryWrite(new HandshakeEvent(false, listener, mode, SslProtocols.None, reason, duration));

    public async Task<HandshakeEvent> NextAsync(double timeoutSeconds = 10)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        return await _events.Reader.ReadAsync(cts.Token);
    }
}
