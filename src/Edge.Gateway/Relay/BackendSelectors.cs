// BackendSelectors: the policy named in Edge:Relay:Policy (names in Configuration/RelayPolicyNames).
using Edge.Gateway.Configuration;

namespace Edge.Gateway.Relay;

/// <summary>Creates <see cref="IBackendSelector"/>s by name.</summary>
internal static class BackendSelectors
{
    /// <summary>The selector for a validated policy name.</summary>
    public static IBackendSelector Create(string name) =>
        string.Equals(name, RelayPolicyNames.LeastOutstanding, StringComparison.OrdinalIgnoreCase)
            ? new LeastOutstandingBackendSelector()
            : new RoundRobinBackendSelector();
}
