// EdgeOptions: the root "Edge" configuration section. Key names are a public interface (DESIGN.md,
// "Configuration contract"): add freely, rename only with a migration note. Bound once at start-up,
// validated by EdgeOptionsValidator (ValidateOnStart), then treated as an immutable snapshot.
namespace Edge.Gateway.Configuration;

/// <summary>Everything under <c>Edge</c> in configuration.</summary>
public sealed class EdgeOptions
{
    /// <summary>The configuration section this class binds from.</summary>
    public const string SectionName = "Edge";

    /// <summary>This server's name, used in the greeting, EHLO reply and Received header (default <c>localhost</c>).</summary>
    public string Hostname { get; set; } = "localhost";

    /// <summary>SMTP listeners. The embedded defaults (mx 2525, submission 2587, submissions 2465 on loopback) come from appsettings.json.</summary>
    public List<ListenerOptions> Listeners { get; init; } = [];

    /// <summary>The HTTP endpoint (/metrics, /healthz, TLSRPT intake).</summary>
    public HttpOptions Http { get; init; } = new();

    /// <summary>Certificates and handshake settings shared by all listeners.</summary>
    public TlsOptions Tls { get; init; } = new();

    /// <summary>Domains Edge accepts mail for (exact, or <c>*.example.com</c> for every subdomain). Defaults to <c>localhost</c> via appsettings.json.</summary>
    public List<string> AcceptedDomains { get; init; } = [];

    /// <summary>
    /// Acknowledges a configuration that makes the mx listeners an open relay (<c>*</c> or <c>*.tld</c> in
    /// <see cref="AcceptedDomains"/>, PROXY <c>TrustedProxies</c> of <c>/0</c>). Default false: start-up refuses such a configuration.
    /// </summary>
    public bool AllowOpenRelay { get; set; }

    /// <summary>Backend MTAs mail is relayed to. Empty: mail is delivered to <see cref="Delivery"/>'s directory.</summary>
    public List<BackendOptions> Backends { get; init; } = [];

    /// <summary>Backend selection, health and timeouts of the relay (used when <see cref="Backends"/> is not empty).</summary>
    public RelayOptions Relay { get; init; } = new();

    /// <summary>The embedded directory delivery used when no backend is configured.</summary>
    public DeliveryOptions Delivery { get; init; } = new();

    /// <summary>Protocol and resource limits, and timeouts.</summary>
    public LimitsOptions Limits { get; init; } = new();

    /// <summary>Authentication on submission listeners (<c>Edge:Auth</c>).</summary>
    public AuthOptions Auth { get; init; } = new();

    /// <summary>What Edge remembers to observe its peers (TLS history for downgrade detection).</summary>
    public ObservabilityOptions Observability { get; init; } = new();

    /// <summary>SMTP TLS report (RFC 8460) intake: POST path, rua mailboxes, size limits (<c>Edge:TlsRpt</c>).</summary>
    public TlsRptOptions TlsRpt { get; init; } = new();
}
