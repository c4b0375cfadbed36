// HandshakeMetrics: the pre-made TLS children of one listener and one TLS mode (handshakes by result and
// protocol, duration histogram, failures by reason), so recording a handshake outcome never allocates.
using System.Security.Authentication;
using Edge.Gateway.Tls;
using Prometheus;

namespace Edge.Gateway.Metrics;

/// <summary>TLS handshake instruments of one (listener, mode).</summary>
internal sealed class HandshakeMetrics
{
    private readonly Counter.Child[] _handshakes;
    private readonly Counter.Child[] _failures;
    private readonly Histogram.Child _duration;

    public HandshakeMetrics(EdgeMetrics metrics, string listener, TlsMode mode)
    {
        var modeLabel = MetricLabels.TlsStates[(int)mode];
        _handshakes = new Counter.Child[MetricLabels.Protocols.Count];
        for (var i = 0; i < _handshakes.Length; i++)
        {
            var result = i == MetricLabels.NoProtocol ? MetricLabels.HandshakeFailure : MetricLabels.HandshakeSuccess;
            _handshakes[i] = metrics.TlsHandshakes.WithLabels(listener, modeLabel, result, MetricLabels.Protocols[i]);
        }

        _failures = new Counter.Child[MetricLabels.FailureReasons.Count];
        for (var i = 0; i < _failures.Length; i++)
        {
            _failures[i] = metrics.TlsHandshakeFailures.WithLabels(listener, modeLabel, MetricLabels.FailureReasons[i]);
        }

        _duration = metrics.TlsHandshakeDuration.WithLabels(listener, modeLabel);
    }

    public void Succeeded(SslProtocols protocol, TimeSpan duration)
    {
        _handshakes[MetricLabels.ProtocolIndex(protocol)].Inc();
        _duration.Observe(duration.TotalSeconds);
    }

    public void Failed(HandshakeFailureReason reason, TimeSpan duration)
    {
        _handshakes[MetricLabels.NoProtocol].Inc();
        var index = (int)reason < _failures.Length ? (int)reason : (int)HandshakeFailureReason.Other;
        _failures[index].Inc();
        _duration.Observe(duration.TotalSeconds);
    }
}
