// MtaStsPolicies: the configured policies (singleton, immutable), looked up by the Host of a request
// ("mta-sts.<domain>", any case, with or without port or trailing dot).
using System.Collections.Frozen;

namespace Edge.Gateway.TransportSecurity;

/// <summary>The policies Edge serves, by policy host.</summary>
internal sealed class MtaStsPolicies
{
    private readonly FrozenDictionary<string, MtaStsPolicy> _byHost;

    public MtaStsPolicies(IOptions<MtaStsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var policies = new List<MtaStsPolicy>(options.Value.Policies.Count);
        foreach (var configured in options.Value.Policies)
        {
            policies.Add(MtaStsPolicy.Create(configured));
        }

        All = policies;
        _byHost = policies.ToFrozenDictionary(p => p.PolicyHost, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every policy, in configuration order.</summary>
    public IReadOnlyList<MtaStsPolicy> All { get; }

    /// <summary>The policy served for <paramref name="host"/> (a Host header value without port), or null.</summary>
    public MtaStsPolicy? ForHost(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return null;
        }

        return _byHost.TryGetValue(host.TrimEnd('.'), out var policy) ? policy : null;
    }
}
