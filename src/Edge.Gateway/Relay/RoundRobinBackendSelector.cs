// RoundRobinBackendSelector: each transaction takes the next candidate in turn (one shared counter).
using Edge.Gateway.Configuration;

namespace Edge.Gateway.Relay;

/// <summary><c>round-robin</c>.</summary>
internal sealed class RoundRobinBackendSelector : IBackendSelector
{
    private uint _next;

    public string Name => RelayPolicyNames.RoundRobin;

    public int Pick(ReadOnlySpan<BackendState> candidates) =>
        (int)((Interlocked.Increment(ref _next) - 1) % (uint)candidates.Length);
}
