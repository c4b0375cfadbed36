// SelectorAndHealthTests: the small policies: round-robin order, least-outstanding choice, and passive health
// (N consecutive failures mark a backend down for the period; a success clears it).
using Edge.Gateway.Configuration;
using Edge.Gateway.Relay;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Gateway.Tests.Relay;

public sealed class SelectorAndHealthTests
{
    [Fact]
    public async Task RoundRobin_Pick_CyclesThroughCandidates()
    {
        var backends = await Backends(3);
        var selector = new RoundRobinBackendSelector();

        var picks = Enumerable.Range(0, 6).Select(_ => selector.Pick(backends)).ToArray();

        Assert.Equal([0, 1, 2, 0, 1, 2], picks);
    }

    [Fact]
    public async Task LeastOutstanding_Pick_ChoosesFewestInFlight()
    {
        var backends = await Backends(3);
        backends[0].TransactionStarted();
        backends[0].TransactionStarted();
        backends[2].TransactionStarted();
        var selector = new LeastOutstandingBackendSelector();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(1, selector.Pick(backends));
        }
    }

    [Fact]
    public async Task LeastOutstanding_Pick_TiesShared()
    {
        var backends = await Backends(2);
        var selector = new LeastOutstandingBackendSelector();

        var picks = Enumerable.Range(0, 4).Select(_ => selector.Pick(backends)).ToHashSet();

        Assert.Equal([0, 1], picks.Order());
    }

    [Fact]
    public void BackendSelectors_Create_ByConfiguredName()
    {
        Assert.IsType<LeastOutstandingBackendSelector>(BackendSelectors.Create("Least-Outstanding"));
        Assert.IsType<RoundRobinBackendSelector>(BackendSelectors.Create(RelayPolicyNames.RoundRobin));
    }

    [Fact]
    public async Task OnFailure_ThresholdReached_MarkedDownForPeriodThenHealthy()
    {
        var backend = (await Backends(1))[0];
        var policy = new ConsecutiveFailuresHealthPolicy(3, TimeSpan.FromSeconds(10));
        const long now = 1_000_000;

        Assert.False(policy.OnFailure(backend, now));
        Assert.False(policy.OnFailure(backend, now));
        Assert.True(backend.IsHealthy(now));
        Assert.True(policy.OnFailure(backend, now));

        Assert.False(backend.IsHealthy(now + 9_999));
        Assert.True(backend.IsHealthy(now + 10_000));
    }

    [Fact]
    public async Task OnSuccess_AfterFailures_CountAndDownPeriodCleared()
    {
        var backend = (await Backends(1))[0];
        var policy = new ConsecutiveFailuresHealthPolicy(2, TimeSpan.FromSeconds(10));
        policy.OnFailure(backend, 0);
        policy.OnFailure(backend, 0);
        Assert.False(backend.IsHealthy(1));

        ConsecutiveFailuresHealthPolicy.OnSuccess(backend);

        Assert.True(backend.IsHealthy(1));
        Assert.Equal(0, backend.ConsecutiveFailures);
        Assert.False(policy.OnFailure(backend, 1));
    }

    private static async Task<BackendState[]> Backends(int count)
    {
        var relay = new RelaySettings { Hostname = "edge.test"u8.ToArray(), Policy = RelayPolicyNames.RoundRobin };
        var result = new BackendState[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = new BackendState(new BackendSettings($"b{i}", "127.0.0.1", 25 + i, BackendTlsMode.None), relay, NullLogger.Instance);
            await result[i].DisposeAsync(); // only the counters are used; the pool's timer is stopped
        }

        return result;
    }
}
