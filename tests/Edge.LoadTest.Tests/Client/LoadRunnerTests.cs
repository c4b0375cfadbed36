// LoadRunnerTests: the load generator against the tool's own sink, in process: closed and open loop, duration-bounded
// runs, reconnects, a refusing server. Every run is bounded; counts are compared on both sides.
using System.Net;
using System.Net.Sockets;
using Edge.LoadTest.Client;
using Edge.LoadTest.Sink;
using Edge.LoadTest.Tests.Support;

namespace Edge.LoadTest.Tests.Client;

public sealed class LoadRunnerTests
{
    [Fact]
    public async Task RunAsync_ClosedLoopAgainstSink_EveryMessageVerified()
    {
        await using var sink = StartSink();

        var report = await Load.RunAsync(Load.To(sink.EndPoint));

        Assert.Equal("closed", report.Loop);
        Assert.Equal(300, report.Accepted);
        Assert.Equal(0, report.Failed);
        Assert.Empty(report.Errors);
        // 25 messages per connection: at least 300/25 connections, and at most one partly used one more per session.
        Assert.InRange(report.Connections, 12, 12 + 10);
        var counts = sink.Counters.Snapshot();
        Assert.Equal(300, counts.Received);
        Assert.Equal(300, counts.Verified);
        Assert.Equal(0, counts.Mismatched);
        Assert.Equal(0, counts.WithoutHash);
        Assert.Contains(report.Latencies, l => l.Name == "message (MAIL to 250)" && l.Count == 300 && l.P50Ms > 0 && l.P50Ms <= l.P99Ms);
        Assert.Contains(report.Latencies, l => l.Name == "connect" && l.Count == report.Connections);
    }

    [Fact]
    public async Task RunAsync_OpenLoop_FollowsTheScheduleAndRecordsLag()
    {
        await using var sink = StartSink();
        var options = Load.To(sink.EndPoint, messages: 60) with { Rate = 200, MessagesPerSession = 0, Sessions = 4 };

        var report = await Load.RunAsync(options);

        Assert.Equal("open", report.Loop);
        Assert.Equal(60, report.Accepted);
        Assert.Equal(0, report.NotStarted);
        // The 60th message is scheduled 59/200 s after the start: the run cannot end before that.
        Assert.True(report.ElapsedSeconds >= 0.29, $"elapsed {report.ElapsedSeconds}");
        Assert.Contains(report.Latencies, l => l.Name == "schedule lag" && l.Count == 60);
        Assert.Equal(60L, sink.Counters.Verified);
    }

    [Fact]
    public async Task RunAsync_DurationOnly_StopsAndBothSidesAgree()
    {
        await using var sink = StartSink();
        var options = Load.To(sink.EndPoint) with { MaxMessages = null, Duration = TimeSpan.FromMilliseconds(400), Sessions = 3 };

        var report = await Load.RunAsync(options);

        Assert.True(report.Accepted > 0);
        Assert.Equal(0, report.Failed);
        Assert.Equal(report.Accepted, sink.Counters.Messages);
        Assert.Equal(report.Accepted, sink.Counters.Verified);
    }

    [Fact]
    public async Task RunAsync_ConnectionRefused_BoundedRunCountsConnectErrors()
    {
        var target = UnusedEndPoint();
        var options = Load.To(target, messages: 6) with { Sessions = 2 };

        var report = await Load.RunAsync(options);

        Assert.Equal(0, report.Accepted);
        Assert.Equal(6, report.Failed);
        var error = Assert.Single(report.Errors);
        Assert.Equal("CONNECT " + nameof(SocketError.ConnectionRefused), error.Key);
        Assert.Equal(6, error.Value);
    }

    [Fact]
    public void Constructor_NeitherMessagesNorDuration_Throws()
    {
        var options = Load.To(new IPEndPoint(IPAddress.Loopback, 25)) with { MaxMessages = null };

        Assert.Throws<ArgumentException>(() => new LoadRunner(options));
    }

    private static SmtpSink StartSink()
    {
        var sink = new SmtpSink(new IPEndPoint(IPAddress.Loopback, 0), verify: true);
        sink.Start();
        return sink;
    }

    private static IPEndPoint UnusedEndPoint()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!; // closed again on return: nothing listens there
    }
}
