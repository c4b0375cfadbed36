// EdgeOptionsValidator: the start-up check of the whole "Edge" section (registered with ValidateOnStart).
// A bad configuration fails the start with every problem listed, each naming its key, e.g.
// "Edge:Listeners:1:Mode: 'startls' is not one of starttls, implicit-tls, plain". Certificate files are
// checked by the TLS component, not here.
namespace Edge.Gateway.Configuration;

/// <summary>Validates <see cref="EdgeOptions"/> and everything below it.</summary>
internal sealed class EdgeOptionsValidator : IValidateOptions<EdgeOptions>
{
    private const string Root = EdgeOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, EdgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];

        if (!DomainNameSyntax.IsValidHostname(options.Hostname))
        {
            failures.Add($"{Root}:Hostname: '{options.Hostname}' is not a valid host name (letters, digits and '-' in dot-separated labels, e.g. mx.example.com)");
        }

        ValidateListeners(options, failures);
        ValidateAcceptedDomains(options, failures);
        ValidateBackendsAndDelivery(options, failures);
        AuthOptionsValidator.Validate($"{Root}:Auth", options, failures);

        if (options.Limits is null)
        {
            failures.Add($"{Root}:Limits: missing");
        }
        else
        {
            LimitsOptionsValidator.Validate($"{Root}:Limits", options.Limits, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateListeners(EdgeOptions options, List<string> failures)
    {
        if (options.Listeners.Count == 0)
        {
            failures.Add($"{Root}:Listeners: at least one listener is required (e.g. {Root}:Listeners:0:Endpoint=0.0.0.0:25)");
        }

        // Every endpoint Edge binds, with its key, to find overlaps (the HTTP endpoint included).
        List<(string Key, IPEndPoint Endpoint)> bound = [];
        IPEndPoint? http = ListenerOptionsValidator.ValidateListenEndpoint($"{Root}:Http:Endpoint", options.Http?.Endpoint, failures);
        if (http is not null)
        {
            bound.Add(($"{Root}:Http:Endpoint", http));
        }

        HashSet<string> names = new(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < options.Listeners.Count; i++)
        {
            string key = $"{Root}:Listeners:{i}";
            ListenerOptions? listener = options.Listeners[i];
            if (listener is null)
            {
                failures.Add($"{key}: empty listener entry");
                continue;
            }

            IPEndPoint? endpoint = ListenerOptionsValidator.Validate(key, listener, failures);
            string effectiveName = ListenerSettings.EffectiveName(listener, i);
            if (!names.Add(effectiveName))
            {
                failures.Add($"{key}:Name: '{effectiveName}' is used by another listener (names must be unique)");
            }

            if (endpoint is null)
            {
                continue;
            }

            foreach ((string otherKey, IPEndPoint other) in bound)
            {
                if (ListenerOptionsValidator.Overlaps(endpoint, other))
                {
                    failures.Add($"{key}:Endpoint: '{listener.Endpoint}' conflicts with {otherKey} ('{other}'): both cannot be bound");
                    break;
                }
            }

            bound.Add(($"{key}:Endpoint", endpoint));
        }
    }

    private static void ValidateAcceptedDomains(EdgeOptions options, List<string> failures)
    {
        for (int i = 0; i < options.AcceptedDomains.Count; i++)
        {
            string domain = options.AcceptedDomains[i];
            // "*" (every domain) is syntactically fine; OpenRelayValidator refuses it unless acknowledged.
            if (domain?.Trim() != "*" && !DomainNameSyntax.IsValidDomainPattern(domain))
            {
                failures.Add($"{Root}:AcceptedDomains:{i}: '{domain}' is not a domain or a '*.domain' wildcard (internationalised names in their xn-- form)");
            }
        }

        if (options.AcceptedDomains.Count == 0 && HasMxListener(options))
        {
            failures.Add($"{Root}:AcceptedDomains: at least one domain is required when an mx listener is configured (Edge is not an open relay)");
        }
    }

    private static void ValidateBackendsAndDelivery(EdgeOptions options, List<string> failures)
    {
        HashSet<string> names = new(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < options.Backends.Count; i++)
        {
            string key = $"{Root}:Backends:{i}";
            BackendOptions? backend = options.Backends[i];
            if (backend is null)
            {
                failures.Add($"{key}: empty backend entry");
                continue;
            }

            BackendOptionsValidator.Validate(key, backend, failures);
            string effectiveName = BackendSettings.EffectiveName(backend, i);
            if (!names.Add(effectiveName))
            {
                failures.Add($"{key}:Name: '{effectiveName}' is used by another backend (names must be unique)");
            }
        }

        if (options.Backends.Count > Relay.RelayMessageSink.MaxBackends)
        {
            failures.Add($"{Root}:Backends: {options.Backends.Count} backends configured; at most {Relay.RelayMessageSink.MaxBackends} are supported");
        }

        if (options.Relay is null)
        {
            failures.Add($"{Root}:Relay: missing");
        }
        else
        {
            BackendOptionsValidator.ValidateRelay($"{Root}:Relay", options.Relay, failures);
            BackendOptionsValidator.ValidateRoutes($"{Root}:Relay", options.Relay, options.Backends, failures);
        }

        if (options.Backends.Count == 0 && string.IsNullOrWhiteSpace(options.Delivery?.Directory))
        {
            failures.Add($"{Root}:Delivery:Directory: no backend is configured ({Root}:Backends is empty) and no delivery directory is set; set {Root}:Backends:0:Endpoint to relay to an MTA, or {Root}:Delivery:Directory to store messages as .eml files");
        }
    }

    private static bool HasMxListener(EdgeOptions options)
    {
        foreach (ListenerOptions listener in options.Listeners)
        {
            if (listener is not null && OptionValueParser.TryParseListenerRole(listener.Role, out ListenerRole role) && role == ListenerRole.Mx)
            {
                return true;
            }
        }

        return false;
    }
}
