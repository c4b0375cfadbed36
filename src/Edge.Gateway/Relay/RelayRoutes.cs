// RelayRoutes: recipient domain -> the backends that may take it (Edge:Relay:Routes, Edge:Relay:DefaultGroup), as a
// bit mask over the backends in configuration order (the sink's failover mask). Routes are tried in order, first
// match wins; exact names and *.sub wildcards match as accepted domains do (AcceptedDomainsPolicy).
using Edge.Gateway.Configuration;
using Edge.Gateway.Policy;

namespace Edge.Gateway.Relay;

/// <summary>Routes by recipient domain. Immutable, thread-safe.</summary>
internal sealed class RelayRoutes
{
    private readonly (AcceptedDomainsPolicy Domains, ulong Backends)[] _routes;
    private readonly ulong _default;

    public RelayRoutes(RelayOptions relay, IReadOnlyList<BackendSettings> backends)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(backends);
        _default = string.IsNullOrEmpty(relay.DefaultGroup) ? All(backends.Count) : GroupMask(relay.DefaultGroup, backends);
        _routes = new (AcceptedDomainsPolicy, ulong)[relay.Routes.Count];
        for (var i = 0; i < _routes.Length; i++)
        {
            _routes[i] = (new AcceptedDomainsPolicy(relay.Routes[i].Domains), GroupMask(relay.Routes[i].Group, backends));
        }
    }

    /// <summary>True when routes are configured: the backend is chosen at the first RCPT, not at MAIL.</summary>
    public bool ByRecipient => _routes.Length > 0;

    /// <summary>Every backend (no routing).</summary>
    public static ulong All(int count) => count >= 64 ? ulong.MaxValue : (1UL << count) - 1;

    /// <summary>The backends that may take <paramref name="recipient"/> (<c>local@domain</c>).</summary>
    public ulong For(ReadOnlySpan<byte> recipient)
    {
        if (recipient.IndexOf((byte)'@') >= 0)
        {
            foreach (var (domains, backends) in _routes)
            {
                if (domains.Accepts(recipient))
                {
                    return backends;
                }
            }
        }

        return _default;
    }

    private static ulong GroupMask(string group, IReadOnlyList<BackendSettings> backends)
    {
        ulong mask = 0;
        for (var i = 0; i < backends.Count; i++)
        {
            if (string.Equals(backends[i].Group, group, StringComparison.OrdinalIgnoreCase))
            {
                mask |= 1UL << i;
            }
        }

        // Validation guarantees a member; a group without one must refuse, not fall back to every backend.
        return mask != 0 ? mask : throw new InvalidOperationException($"Backend group '{group}' has no backend (options not validated).");
    }
}
