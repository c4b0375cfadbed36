// ListenerOptionsValidator: checks one "Edge:Listeners:N" entry (name, endpoint, mode, role,
// overrides) and any listen endpoint (also Edge:Http). Every failure names its configuration key.
using System.Net.Sockets;

namespace Edge.Gateway.Configuration;

/// <summary>Validates <see cref="ListenerOptions"/>; used by <see cref="EdgeOptionsValidator"/>.</summary>
internal static class ListenerOptionsValidator
{
    /// <summary>Names are log fields and metric label values: short, and from a safe alphabet.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Validates one listener; returns its parsed endpoint, or null when the endpoint is invalid.</summary>
    public static IPEndPoint? Validate(string key, ListenerOptions listener, List<string> failures)
    {
        CheckOptionalName($"{key}:Name", listener.Name, failures);
        IPEndPoint? endpoint = ValidateListenEndpoint($"{key}:Endpoint", listener.Endpoint, failures);

        if (!OptionValueParser.TryParseListenerMode(listener.Mode, out _))
        {
            failures.Add($"{key}:Mode: '{listener.Mode}' is not one of {OptionValueParser.ListenerModeValues}");
        }

        if (!OptionValueParser.TryParseListenerRole(listener.Role, out _))
        {
            failures.Add($"{key}:Role: '{listener.Role}' is not one of {OptionValueParser.ListenerRoleValues}");
        }

        if (!string.Equals(listener.BareLineEndings, "reject", StringComparison.OrdinalIgnoreCase) &&
            !string.Equals(listener.BareLineEndings, "normalize", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{key}:BareLineEndings: '{listener.BareLineEndings}' is not one of reject, normalize");
        }

        if (!OptionValueParser.TryParseStartTlsInjection(listener.StartTlsInjection, out _))
        {
            failures.Add($"{key}:StartTlsInjection: '{listener.StartTlsInjection}' is not one of {OptionValueParser.StartTlsInjectionValues}");
        }

        if (!OptionValueParser.TryParseImproperPipelining(listener.ImproperPipelining, out _))
        {
            failures.Add($"{key}:ImproperPipelining: '{listener.ImproperPipelining}' is not one of {OptionValueParser.ImproperPipeliningValues}");
        }

        if (listener.MaxMessageSize is long size)
        {
            LimitsOptionsValidator.CheckMessageSize($"{key}:MaxMessageSize", size, failures);
        }

        if (listener.MaxConnections is int connections)
        {
            LimitsOptionsValidator.CheckConnections($"{key}:MaxConnections", connections, failures);
        }

        ValidateProxyProtocol(key, listener, failures);
        ValidateGreetingDelay(key, listener, failures);
        return endpoint;
    }

    /// <summary>Longest accepted greeting delay: RFC 5321 4.5.3.2.1 has clients wait 5 minutes for the greeting.</summary>
    public static readonly TimeSpan MaxGreetingDelay = TimeSpan.FromMinutes(5);

    // SECURITY: a PROXY header rewrites the client address every later check relies on; it is only believed from
    // listed balancers, so ProxyProtocol without TrustedProxies would refuse every connection and is an error.
    private static void ValidateProxyProtocol(string key, ListenerOptions listener, List<string> failures)
    {
        List<string>? trusted = listener.TrustedProxies;
        if (trusted is null)
        {
            return;
        }

        for (int i = 0; i < trusted.Count; i++)
        {
            if (!NetworkParser.TryParse(trusted[i], out _))
            {
                failures.Add($"{key}:TrustedProxies:{i}: '{trusted[i]}' is not an IP address or CIDR network (e.g. 10.0.0.5, 10.0.0.0/8, 2001:db8::/32; no host bits after the prefix)");
            }
        }

        if (listener.ProxyProtocol && trusted.Count == 0)
        {
            failures.Add($"{key}:TrustedProxies: ProxyProtocol is enabled, so at least one trusted balancer address or network is required (e.g. {key}:TrustedProxies:0=10.0.0.0/8)");
        }
    }

    private static void ValidateGreetingDelay(string key, ListenerOptions listener, List<string> failures)
    {
        TimeSpan delay = listener.GreetingDelay;
        if (delay == TimeSpan.Zero)
        {
            return;
        }

        if (delay < TimeSpan.Zero || delay > MaxGreetingDelay)
        {
            failures.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{key}:GreetingDelay: {delay:c} is out of range (00:00:00 up to {MaxGreetingDelay:c})"));
        }

        if (OptionValueParser.TryParseListenerRole(listener.Role, out ListenerRole role) && role != ListenerRole.Mx)
        {
            failures.Add($"{key}:GreetingDelay: only mx listeners delay the greeting (submission clients are users' programs, not bots to screen)");
        }

        if (OptionValueParser.TryParseListenerMode(listener.Mode, out ListenerMode mode) && mode == ListenerMode.ImplicitTls)
        {
            failures.Add($"{key}:GreetingDelay: needs a plaintext greeting (mode starttls or plain); with implicit-tls the client speaks first by design");
        }
    }

    /// <summary>Parses a listen endpoint; port 0 (a free port chosen by the OS, for tests) only on loopback.</summary>
    public static IPEndPoint? ValidateListenEndpoint(string key, string? value, List<string> failures)
    {
        if (!EndpointParser.TryParse(value, out IPEndPoint? endpoint))
        {
            failures.Add($"{key}: '{value}' is not an endpoint (expected host:port, e.g. 0.0.0.0:25, [::]:25, *:25 or localhost:2525; host is an IP address, '*' or 'localhost')");
            return null;
        }

        if (endpoint.Port == 0 && !IPAddress.IsLoopback(endpoint.Address))
        {
            failures.Add($"{key}: '{value}' has port 0; the port must be 1..65535 (port 0 is allowed on loopback addresses only, for tests)");
            return null;
        }

        return endpoint;
    }

    /// <summary>Checks a listener or backend name when set (unset: a default name is used): 1..64 characters of A-Z a-z 0-9 . _ -</summary>
    public static void CheckOptionalName(string key, string? name, List<string> failures)
    {
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        bool ok = name.Length <= MaxNameLength;
        foreach (char c in name)
        {
            ok &= char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
        }

        if (!ok)
        {
            failures.Add($"{key}: '{name}' is not a valid name (1..{MaxNameLength} characters of A-Z a-z 0-9 . _ -)");
        }
    }

    /// <summary>True when two listen endpoints cannot both be bound: same port and same address, or one is a wildcard covering the other.</summary>
    public static bool Overlaps(IPEndPoint a, IPEndPoint b)
    {
        if (a.Port != b.Port || a.Port == 0)
        {
            return false; // port 0: each bind gets its own free port
        }

        return a.Address.Equals(b.Address) || Covers(a.Address, b.Address) || Covers(b.Address, a.Address);
    }

    // [::] is bound dual-mode by Kestrel, so it covers IPv4 too; 0.0.0.0 covers IPv4 only.
    private static bool Covers(IPAddress wildcard, IPAddress other) =>
        wildcard.Equals(IPAddress.IPv6Any)
        || (wildcard.Equals(IPAddress.Any) && other.AddressFamily == AddressFamily.InterNetwork);
}
