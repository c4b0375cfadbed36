// RelayPolicyNames: the configuration spellings of the backend selection policies ("Edge:Relay:Policy").
// Part of the configuration contract: add names, never rename.
namespace Edge.Gateway.Configuration;

/// <summary>Names of <c>IBackendSelector</c> policies.</summary>
internal static class RelayPolicyNames
{
    /// <summary>Each transaction goes to the next backend in turn.</summary>
    public const string RoundRobin = "round-robin";

    /// <summary>Each transaction goes to the backend with the fewest transactions in flight.</summary>
    public const string LeastOutstanding = "least-outstanding";

    /// <summary>For error messages.</summary>
    public const string All = "round-robin, least-outstanding";

    public static bool IsKnown(string? name) =>
        string.Equals(name, RoundRobin, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, LeastOutstanding, StringComparison.OrdinalIgnoreCase);
}
