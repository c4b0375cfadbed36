// Hot-path metric updates allocate nothing: the per-command, per-reply and per-MAIL calls of ConnectionMetrics
// (TLS history lookups and policy-refusal recognition included), AUTH and backend updates, and the handshake
// observer, after the children were made (logging disabled: log lines are paid for only when written).
using System.Net;
using System.Security.Authentication;
using Edge.Gateway.Metrics;
using Edge.Gateway.Tests.Support;
using Edge.Gateway.Tls;
using Edge.Gateway.Transactions;
using Edge.Protocol.Replies;
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
        var backend = metrics.Backend("mta1");
        metrics.TlsHistory.RecordTls("client.example");
        Run(connection, observer, backend, 10); // warm up (first-call JIT, lazy statics)

        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(connection, observer, backend, 1000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    private static void Run(ConnectionMetrics connection, MetricsTlsHandshakeObserver observer, BackendMetrics backend, int iterations)
    {
        for (var i = 0; i < iterations; i++)
        {
            connection.Command(SmtpVerb.Rcpt);
            connection.Reply(250);
            connection.Reply(SmtpReplies.RecipientOk);
            connection.Reply(SmtpReplies.RelayDenied);
            connection.Reply(new SinkReply(SmtpReplies.SenderOk));
            connection.Auth(login: true, AuthResult.Failure);
            backend.Transaction(BackendResult.Accepted);
            backend.Latency(BackendStage.Transaction, TimeSpan.FromMilliseconds(5));
            backend.SetConnections(3, 1);
            backend.Failover();
            connection.Recipient(250);
            connection.Mail("client.example");
            connection.Message(250, 1024);
            connection.PlaintextDiscarded();
            observer.HandshakeSucceeded("mx", TlsMode.StartTls, SslProtocols.Tls13, TimeSpan.FromMilliseconds(3));
            observer.HandshakeFailed("mx", TlsMode.StartTls, HandshakeFailureReason.NotTls, TimeSpan.FromMilliseconds(1));
        }
    }
}
