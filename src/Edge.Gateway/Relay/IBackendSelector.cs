// IBackendSelector: picks the backend for a transaction among candidates (YARP's ILoadBalancingPolicy). A policy
// answers only; availability (health, panic mode) and failover order are decided by the caller.
namespace Edge.Gateway.Relay;

/// <summary>A backend selection policy, chosen by <see cref="Name"/> in <c>Edge:Relay:Policy</c>.</summary>
internal interface IBackendSelector
{
    /// <summary>The configuration name.</summary>
    string Name { get; }

    /// <summary>Returns the index in <paramref name="candidates"/> (never empty) of the backend to use.</summary>
    int Pick(ReadOnlySpan<BackendState> candidates);
}
