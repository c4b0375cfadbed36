// ListenerModelFactory: configuration → runtime model. Turns validated options into each listener's
// immutable ListenerModel (session settings, limits, timeouts, accepted domains). REQUIRETLS is offered from the
// backend settings (RequireTlsPolicy): only when every next hop is verified TLS.
using Edge.Gateway.Auth;
using Edge.Gateway.Configuration;
using Edge.Gateway.Policy;
using Edge.Gateway.Tls;
using Edge.Protocol.Framing;
using Edge.Protocol.Session;

namespace Edge.Gateway.Hosting;

/// <summary>Builds <see cref="ListenerModel"/>s from <see cref="EdgeOptions"/>.</summary>
internal static class ListenerModelFactory
{
    /// <summary>One model per configured listener, in configuration order.</summary>
    public static IReadOnlyList<ListenerModel> Create(EdgeOptions options, Authenticator? authenticator = null, ClientRatePolicy? rates = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var accepted = new AcceptedDomainsPolicy(options.AcceptedDomains);
        var requireTlsNextHop = RequireTlsPolicy.CanAdvertise(BackendSettings.FromOptions(options));
        var limits = options.Limits;
        var timeouts = new SmtpTimeouts(limits.Timeouts.Command, limits.Timeouts.DataBlock, limits.Timeouts.DataTermination)
        {
            Greeting = limits.Timeouts.Greeting,
        };
        var settings = ListenerSettings.FromOptions(options);
        var models = new List<ListenerModel>(settings.Count);
        for (var i = 0; i < settings.Count; i++)
        {
            var listener = settings[i];
            var auth = listener.Role == ListenerRole.Submission && authenticator is { Available: true } ? authenticator : null;
            var requireTls = options.Listeners[i].RequireTls ?? auth is not null;
            var mode = listener.Mode switch
            {
                ListenerMode.ImplicitTls => TlsMode.Implicit,
                ListenerMode.StartTls => TlsMode.StartTls,
                _ => TlsMode.None,
            };

            var session = new SessionSettings
            {
                Hostname = options.Hostname,
                MaxMessageSize = listener.MaxMessageSize,
                MaxRecipients = limits.MaxRecipients,
                MaxErrors = limits.MaxErrors,
                MaxJunkCommands = limits.MaxJunkCommands,
                StartTlsAvailable = mode == TlsMode.StartTls,
                TlsRequired = requireTls && mode != TlsMode.Implicit,
                AuthAvailable = auth is not null,
                AuthRequired = auth is not null,
                RequireTlsAvailable = mode != TlsMode.None && requireTlsNextHop,
            };
            var injection = OptionValueParser.TryParseStartTlsInjection(options.Listeners[i].StartTlsInjection, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"Listener '{listener.Name}' was not validated (StartTlsInjection).");

            models.Add(new ListenerModel
            {
                Name = listener.Name,
                Endpoint = listener.Endpoint,
                TlsMode = mode,
                IsSubmission = listener.Role == ListenerRole.Submission,
                Session = session,
                MaxCommandLineLength = limits.MaxCommandLineLength,
                Timeouts = timeouts,
                HandshakeTimeout = options.Tls.HandshakeTimeout,
                AcceptedDomains = accepted,
                Authenticator = auth,
                BareLineEndings = string.Equals(options.Listeners[i].BareLineEndings, "normalize", StringComparison.OrdinalIgnoreCase)
                    ? BareLineEndingHandling.Normalize
                    : BareLineEndingHandling.Reject,
                ProxyProtocol = listener.ProxyProtocol,
                TrustedProxies = listener.TrustedProxies,
                MaxConnections = listener.MaxConnections,
                MaxConnectionsPerAddress = limits.MaxConnectionsPerAddress,
                GreetingDelay = listener.GreetingDelay,
                StartTlsInjection = injection,
                ImproperPipelining = OptionValueParser.TryParseImproperPipelining(options.Listeners[i].ImproperPipelining, out var pipelining)
                    ? pipelining
                    : throw new InvalidOperationException($"Listener '{listener.Name}' was not validated (ImproperPipelining)."),
                MaxMessagesPerSession = limits.MaxMessagesPerSession,
                ClientRates = rates,
            });
        }

        return models;
    }
}
