// BackendOptionsValidator: checks one "Edge:Backends:N" entry (name, host:port endpoint, TLS mode, pool and
// TLS-verification settings) and the shared "Edge:Relay" section. Every failure names its configuration key.
using System.Globalization;

namespace Edge.Gateway.Configuration;

/// <summary>Validates <see cref="BackendOptions"/> and <see cref="RelayOptions"/>; used by <see cref="EdgeOptionsValidator"/>.</summary>
internal static class BackendOptionsValidator
{
    /// <summary>Upper bound of every relay timeout.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    public static void Validate(string key, BackendOptions backend, List<string> failures)
    {
        ListenerOptionsValidator.CheckOptionalName($"{key}:Name", backend.Name, failures);

        if (!EndpointParser.TryParseHostPort(backend.Endpoint, out _, out int port))
        {
            failures.Add($"{key}:Endpoint: '{backend.Endpoint}' is not an endpoint (expected host:port, e.g. 10.0.0.5:25, [2001:db8::5]:25 or mta1.internal:25)");
        }
        else if (port == 0)
        {
            failures.Add($"{key}:Endpoint: '{backend.Endpoint}' has port 0; the port must be 1..65535");
        }

        if (!OptionValueParser.TryParseBackendTls(backend.Tls, out _))
        {
            failures.Add($"{key}:Tls: '{backend.Tls}' is not one of {OptionValueParser.BackendTlsValues}");
        }

        if (backend.TlsFingerprint is { Length: > 0 } pin && !TryParseFingerprint(pin, out _))
        {
            failures.Add($"{key}:TlsFingerprint: not a SHA-256 fingerprint (64 hex digits, colons allowed)");
        }

        if (backend.TlsServerName is { Length: > 0 } serverName && !DomainNameSyntax.IsValidHostname(serverName))
        {
            failures.Add($"{key}:TlsServerName: '{serverName}' is not a host name");
        }

        CheckRange($"{key}:MaxConnections", backend.MaxConnections, 1, 100_000, failures);
        CheckRange($"{key}:MaxTransactionsPerConnection", backend.MaxTransactionsPerConnection, 1, 1_000_000, failures);
        CheckTimeout($"{key}:IdleTimeout", backend.IdleTimeout, failures);
    }

    public static void ValidateRelay(string key, RelayOptions relay, List<string> failures)
    {
        if (!RelayPolicyNames.IsKnown(relay.Policy))
        {
            failures.Add($"{key}:Policy: '{relay.Policy}' is not one of {RelayPolicyNames.All}");
        }

        CheckRange($"{key}:FailureThreshold", relay.FailureThreshold, 1, 1000, failures);
        CheckTimeout($"{key}:DownPeriod", relay.DownPeriod, failures);
        CheckTimeout($"{key}:ConnectTimeout", relay.ConnectTimeout, failures);
        CheckTimeout($"{key}:CommandTimeout", relay.CommandTimeout, failures);
        CheckTimeout($"{key}:DataTimeout", relay.DataTimeout, failures);
        CheckTimeout($"{key}:FinalReplyTimeout", relay.FinalReplyTimeout, failures);
        CheckTimeout($"{key}:ProbeInterval", relay.ProbeInterval, failures);
        CheckTimeout($"{key}:ProbeTimeout", relay.ProbeTimeout, failures);
        CheckTimeout($"{key}:ProbeMaxBackoff", relay.ProbeMaxBackoff, failures);
        if (relay.ProbeMaxBackoff < relay.ProbeInterval)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:ProbeMaxBackoff: {relay.ProbeMaxBackoff} is shorter than {key}:ProbeInterval ({relay.ProbeInterval})"));
        }
    }

    /// <summary>Routes and the default group: domains well formed, every group named is some backend's group.</summary>
    public static void ValidateRoutes(string key, RelayOptions relay, IReadOnlyList<BackendOptions?> backends, List<string> failures)
    {
        HashSet<string> groups = new(StringComparer.OrdinalIgnoreCase);
        foreach (var backend in backends)
        {
            if (backend is { Group.Length: > 0 })
            {
                groups.Add(backend.Group);
            }
        }

        if (relay.DefaultGroup is { Length: > 0 } fallback && !groups.Contains(fallback))
        {
            failures.Add($"{key}:DefaultGroup: '{fallback}' is not the Group of any backend (Edge:Backends:N:Group)");
        }

        for (var i = 0; i < relay.Routes.Count; i++)
        {
            var route = relay.Routes[i];
            var routeKey = $"{key}:Routes:{i}";
            if (route is null)
            {
                failures.Add($"{routeKey}: empty route entry");
                continue;
            }

            if (string.IsNullOrEmpty(route.Group) || !groups.Contains(route.Group))
            {
                failures.Add($"{routeKey}:Group: '{route.Group}' is not the Group of any backend (Edge:Backends:N:Group)");
            }

            if (route.Domains.Count == 0)
            {
                failures.Add($"{routeKey}:Domains: at least one domain is required");
            }

            for (var d = 0; d < route.Domains.Count; d++)
            {
                if (!DomainNameSyntax.IsValidDomainPattern(route.Domains[d]))
                {
                    failures.Add($"{routeKey}:Domains:{d}: '{route.Domains[d]}' is not a domain (example.com) or a wildcard (*.example.com)");
                }
            }
        }
    }

    /// <summary>Parses a SHA-256 fingerprint written as hex, with or without colons. Never throws.</summary>
    public static bool TryParseFingerprint(string text, out byte[] fingerprint)
    {
        fingerprint = [];
        string hex = text.Replace(":", "", StringComparison.Ordinal).Trim();
        if (hex.Length != 64)
        {
            return false;
        }

        try
        {
            fingerprint = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static void CheckRange(string key, long value, long min, long max, List<string> failures)
    {
        if (value < min || value > max)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: {value} is out of range {min}..{max}"));
        }
    }

    private static void CheckTimeout(string key, TimeSpan value, List<string> failures)
    {
        if (value <= TimeSpan.Zero || value > MaxTimeout)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: {value} must be greater than zero and at most {MaxTimeout}"));
        }
    }
}
