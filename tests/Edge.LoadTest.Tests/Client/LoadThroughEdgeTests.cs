// LoadThroughEdgeTests: the CI smoke of the tool: load → in-process Edge (EdgeHost.Build) → the tool's sink with
// --verify, over STARTTLS, implicit TLS and plain; every message arrives with its body hash intact and the counts
// agree on both sides. Edge answers the end of data only after the sink accepted, so no wait is needed.
using Edge.LoadTest.Client;
using Edge.LoadTest.Reporting;
using Edge.LoadTest.Tests.Support;

namespace Edge.LoadTest.Tests.Client;

public sealed class LoadThroughEdgeTests
{
    [Fact]
    public async Task RunAsync_StartTlsThroughEdge_EveryMessageVerified()
    {
        await using var edge = await EdgeWithSink.StartAsync();

        var report = await Load.RunAsync(Load.To(edge.Listener("mx"), TlsMode.StartTls));

        AssertAllDelivered(report, edge);
        Assert.Equal(report.Connections, report.TlsHandshakes);
        Assert.Contains(report.Latencies, l => l.Name == "tls handshake" && l.Count == report.Connections);
    }

    [Fact]
    public async Task RunAsync_StartTlsWithoutResumption_AFullHandshakePerConnectionAndEveryMessageVerified()
    {
        await using var edge = await EdgeWithSink.StartAsync();
        var options = Load.To(edge.Listener("mx"), TlsMode.StartTls, messages: 60) with { TlsResume = false, MessagesPerSession = 1 };

        var report = await Load.RunAsync(options);

        Assert.Empty(report.Errors);
        Assert.Equal(60, report.Accepted);
        Assert.Equal(60, report.Connections);
        Assert.Equal(60, report.TlsHandshakes);
        Assert.Equal(60, edge.Sink.Counters.Snapshot().Verified);
    }

    [Fact]
    public async Task RunAsync_ImplicitTlsThroughEdge_EveryMessageVerified()
    {
        await using var edge = await EdgeWithSink.StartAsync();

        var report = await Load.RunAsync(Load.To(edge.Listener("submissions"), TlsMode.Implicit));

        AssertAllDelivered(report, edge);
        Assert.Equal(report.Connections, report.TlsHandshakes);
    }

    [Fact]
    public async Task RunAsync_PlainThroughEdge_EveryMessageVerified()
    {
        await using var edge = await EdgeWithSink.StartAsync("--Edge:Listeners:0:Mode=plain");

        var report = await Load.RunAsync(Load.To(edge.Listener("mx")));

        AssertAllDelivered(report, edge);
        Assert.Equal(0, report.TlsHandshakes);
    }

    [Fact]
    public async Task RunAsync_RecipientRefusedByEdge_ErrorsCountedByStageAndCode()
    {
        await using var edge = await EdgeWithSink.StartAsync("--Edge:Listeners:0:Mode=plain");
        var options = Load.To(edge.Listener("mx"), messages: 20) with { To = "someone@not-accepted.example" };

        var report = await Load.RunAsync(options);

        Assert.Equal(0, report.Accepted);
        Assert.Equal(20, report.Failed);
        Assert.Equal(20, report.Errors["RCPT 550"]);
        Assert.Single(report.Errors.Keys);
        Assert.Equal(0, edge.Sink.Counters.Messages);
    }

    private static void AssertAllDelivered(LoadReport report, EdgeWithSink edge)
    {
        Assert.Empty(report.Errors);
        Assert.Equal(300, report.Accepted);
        Assert.Equal(0, report.Failed);
        var counts = edge.Sink.Counters.Snapshot();
        Assert.Equal(300, counts.Received);
        Assert.Equal(300, counts.Verified);
        Assert.Equal(0, counts.Mismatched);
        Assert.Equal(0, counts.WithoutHash);
    }
}
