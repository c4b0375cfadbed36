// Hot-path metric updates allocate nothing: the per-command, per-reply and per-MAIL calls of ConnectionMetrics
// (TLS history lookups included) and the handshake observer, after the children were made.
using System.Net;
using System.Security.Authentication;
using Edge.Gateway.Metrics;
using Edge.Gateway.Tests.Support;
using Edge.Gateway.Tls;
using Edge.Protocol.Parsing;

namespace Edge.Gateway.Tests.Metrics;

[Collection(MemoryMeasurement.Name)]
public sealed class MetricsAllocationTests
{
    [Fact]
    public void ConnectionMetrics_HotPathCalls_AllocateNothing()
    {
        var metrics = MetricsFixtures.CreateMetrics();
        var connection = new ConnectionMetrics(metrics, MetricsFixtures.Listener("mx", TlsMode.StartTls), "c1", new IPEndPoint(IPAddress.Loopback, 1), tlsActive: false);
        var observer = new MetricsTlsHandshakeObserver(metrics);
        metrics.TlsHistory.RecordTls("client.example");
        Run(connection, observer, 10); // warm up (first-call JIT, lazy statics)

        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(connection, observer, 1000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    private static void Run(ConnectionMetrics connection, MetricsTlsHandshakeObserver observer, int iterations)
    {
        for (var i = 0; i < iterations; i++)
        {
            connection.Command(SmtpVerb.Rcpt);
            connection.Reply(250);
            connection.Recipient(250);
            connection.Mail("client.example");
            connection.Message(250, 1024);
            connection.PlaintextDiscarded();
            observer.HandshakeSucceeded("mx", TlsMode.StartTls, SslProtocols.Tls13, TimeSpan.FromMilliseconds(3));
            observer.HandshakeFailed("mx", TlsMode.StartTls, HandshakeFailureReason.NotTls, TimeSpan.FromMilliseconds(1));
        }
    }
}
