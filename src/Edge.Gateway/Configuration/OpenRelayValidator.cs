// OpenRelayValidator: the start-up guard that no configuration turns an mx listener into an open relay (issue 6,
// "Relay control"). Refused shapes: "*" in AcceptedDomains, a wildcard over a whole top-level domain ("*.com"),
// and, on an mx listener with ProxyProtocol, a TrustedProxies network covering every address (/0), which lets
// anyone claim any client address. Edge:AllowOpenRelay=true acknowledges them; it is logged as a warning on start.
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Configuration;

/// <summary>Refuses open-relay configurations unless <see cref="EdgeOptions.AllowOpenRelay"/> acknowledges them.</summary>
internal sealed partial class OpenRelayValidator(ILogger<OpenRelayValidator> logger) : IValidateOptions<EdgeOptions>
{
    private const string Root = EdgeOptions.SectionName;
    private const string Acknowledge = $"{Root}:AllowOpenRelay";

    public ValidateOptionsResult Validate(string? name, EdgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!HasMxListener(options))
        {
            return ValidateOptionsResult.Success;
        }

        List<string> findings = [];
        Inspect(options, findings);
        if (findings.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        if (options.AllowOpenRelay)
        {
            foreach (string finding in findings)
            {
                LogOpenRelayAcknowledged(logger, finding);
            }

            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(findings);
    }

    /// <summary>True when <paramref name="pattern"/> accepts every domain (<c>*</c>) or a whole top-level domain (<c>*.com</c>).</summary>
    internal static bool IsOpenPattern(string? pattern)
    {
        string p = (pattern ?? "").Trim().TrimEnd('.');
        if (p == "*")
        {
            return true;
        }

        return p.StartsWith("*.", StringComparison.Ordinal) && !p.AsSpan(2).Contains('.');
    }

    private static void Inspect(EdgeOptions options, List<string> findings)
    {
        for (int i = 0; i < options.AcceptedDomains.Count; i++)
        {
            string domain = options.AcceptedDomains[i];
            if (IsOpenPattern(domain))
            {
                findings.Add($"{Root}:AcceptedDomains:{i}: '{domain}' accepts mail for {(domain.Trim() == "*" ? "every domain" : "a whole top-level domain")}, which makes the mx listeners an open relay; list the domains Edge is the MX for (e.g. example.com, *.example.com), or set {Acknowledge}=true to acknowledge an open relay");
            }
        }

        for (int i = 0; i < options.Listeners.Count; i++)
        {
            ListenerOptions? listener = options.Listeners[i];
            if (listener is null || !listener.ProxyProtocol || !IsMx(listener) || listener.TrustedProxies is null)
            {
                continue;
            }

            for (int j = 0; j < listener.TrustedProxies.Count; j++)
            {
                if (NetworkParser.TryParse(listener.TrustedProxies[j], out IPNetwork network) && network.PrefixLength == 0)
                {
                    findings.Add($"{Root}:Listeners:{i}:TrustedProxies:{j}: '{listener.TrustedProxies[j]}' trusts every address to send a PROXY header, so any client can claim any address on this mx listener; list the load balancers' addresses (e.g. 10.0.0.5, 10.0.0.0/24), or set {Acknowledge}=true to acknowledge it");
                }
            }
        }
    }

    private static bool HasMxListener(EdgeOptions options)
    {
        foreach (ListenerOptions listener in options.Listeners)
        {
            if (listener is not null && IsMx(listener))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsMx(ListenerOptions listener) =>
        OptionValueParser.TryParseListenerRole(listener.Role, out ListenerRole role) && role == ListenerRole.Mx;

    [LoggerMessage(EventId = 1090, Level = LogLevel.Warning, Message = "OPEN RELAY acknowledged by Edge:AllowOpenRelay=true: {Finding}")]
    private static partial void LogOpenRelayAcknowledged(ILogger logger, string finding);
}
