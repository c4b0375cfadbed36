// RelayProbeTests: active health probes through the real gateway and real sockets: a backend whose greeting fails
// is marked down by probes alone (no client traffic), marked up by the first probe it answers, each probe counted in
// edge_backend_probes_total; probes are connect + EHLO + QUIT and never a transaction; the backoff doubles to the max.
using Edge.Gateway.Relay;
using Edge.Gateway.Tests.Metrics;

namespace Edge.Gateway.Tests.Relay;

[Collection(RelayTestGroup.Name)]
public sealed class RelayProbeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Probes_BackendFailsThenRecovers_MarkedDownThenUpAndCounted()
    {
        await using var backend = new TestBackendMta { GreetingReply = "554 5.3.2 Not now" };
        await using var host = await MetricsTestHost.StartAsync(
            "--Edge:Backends:0:Name=mta1", $"--Edge:Backends:0:Endpoint={backend.Endpoint}",
            "--Edge:Relay:FailureThreshold=2", "--Edge:Relay:DownPeriod=01:00:00",
            "--Edge:Relay:ProbeInterval=00:00:00.050", "--Edge:Relay:ProbeMaxBackoff=00:00:00.100");
        var state = ((RelayMessageSink)host.Services.GetService(typeof(RelayMessageSink))!).Backends[0];

        await WaitUntilAsync(() => !state.IsHealthy(Environment.TickCount64));
        var down = await host.ScrapeAsync();
        Assert.Equal(0, down.Value("edge_backend_up", ("backend", "mta1")));
        Assert.True(down.Value("edge_backend_probes_total", ("backend", "mta1"), ("result", "failure")) >= 2);
        Assert.Equal(0, down.Value("edge_backend_probes_total", ("backend", "mta1"), ("result", "success")));

        backend.GreetingReply = null;
        await WaitUntilAsync(() => state.IsHealthy(Environment.TickCount64));
        var up = await host.ScrapeAsync();
        Assert.Equal(1, up.Value("edge_backend_up", ("backend", "mta1")));
        Assert.True(up.Value("edge_backend_probes_total", ("backend", "mta1"), ("result", "success")) >= 1);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Empty(backend.Messages);
    }

    [Fact]
    public async Task Probe_HealthyBackend_ConnectEhloQuitOnly()
    {
        await using var backend = new TestBackendMta();
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Relay:ProbeInterval=00:00:00.050");

        await WaitUntilAsync(() => backend.Commands.Count(c => c == "QUIT") >= 2);

        Assert.Contains("EHLO edge.test", backend.Commands);
        Assert.DoesNotContain(backend.Commands, c => c.StartsWith("MAIL", StringComparison.Ordinal) || c.StartsWith("XFORWARD", StringComparison.Ordinal));
        Assert.Empty(backend.Violations);
        Assert.Empty(backend.Messages);
        Assert.Equal(0, gateway.Sink.Backends[0].Pool.OpenCount); // probe connections are never pooled
    }

    [Fact]
    public async Task Probe_Direct_DeadBackendFailsAndCountsTowardDown()
    {
        await using var backend = new TestBackendMta();
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Relay:ProbeEnabled=false", "--Edge:Relay:FailureThreshold=2");
        var state = gateway.Sink.Backends[0];
        await backend.StopAsync();

        Assert.False(await BackendProbeService.ProbeAsync(state, gateway.Sink, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None));
        Assert.True(state.IsHealthy(Environment.TickCount64));
        Assert.False(await BackendProbeService.ProbeAsync(state, gateway.Sink, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None));
        Assert.False(state.IsHealthy(Environment.TickCount64));

        backend.Restart();
        Assert.True(await BackendProbeService.ProbeAsync(state, gateway.Sink, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None));
        Assert.True(state.IsHealthy(Environment.TickCount64));
        Assert.Equal(1, backend.ConnectionCount); // ProbeEnabled=false: only the direct probe connected
    }

    [Theory]
    [InlineData(30, false, 60)]
    [InlineData(60, false, 120)]
    [InlineData(240, false, 300)]
    [InlineData(300, false, 300)]
    [InlineData(300, true, 30)]
    [InlineData(30, true, 30)]
    public void NextDelay_DoublesOnFailureUpToMax_IntervalOnSuccess(int currentSeconds, bool succeeded, int expectedSeconds)
    {
        var next = BackendProbeService.NextDelay(TimeSpan.FromSeconds(currentSeconds), succeeded, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), next);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(20);
        }
    }
}
