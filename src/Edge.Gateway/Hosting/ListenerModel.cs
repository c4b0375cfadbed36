// ListenerModel: the runtime form of one configured listener (immutable), published to every connection of
// that listener as a connection feature so the shared handler knows which listener it serves.
using System.Collections.Immutable;
using System.Net;
using Edge.Gateway.Auth;
using Edge.Gateway.Policy;
using Edge.Gateway.Tls;
using Edge.Protocol.Framing;
using Edge.Protocol.Session;

namespace Edge.Gateway.Hosting;

/// <summary>One SMTP listener, as the connection handler sees it.</summary>
internal sealed class ListenerModel
{
    /// <summary>Configured name (a metric label: bounded by configuration).</summary>
    public required string Name { get; init; }

    /// <summary>Bound endpoint.</summary>
    public required IPEndPoint Endpoint { get; init; }

    /// <summary>TLS mode.</summary>
    public required TlsMode TlsMode { get; init; }

    /// <summary>True for submission listeners (users), false for mx (other MTAs).</summary>
    public bool IsSubmission { get; init; }

    /// <summary>Protocol settings shared by the listener's sessions.</summary>
    public required SessionSettings Session { get; init; }

    /// <summary>Longest command line, including CRLF.</summary>
    public int MaxCommandLineLength { get; init; } = Edge.Protocol.SmtpLimits.DefaultCommandLineLength;

    /// <summary>What to do with a bare CR or LF in message content.</summary>
    public BareLineEndingHandling BareLineEndings { get; init; } = BareLineEndingHandling.Reject;

    /// <summary>Domains this listener accepts mail for (relay control for unauthenticated sessions).</summary>
    public required AcceptedDomainsPolicy AcceptedDomains { get; init; }

    /// <summary>AUTH on this listener (submission listeners with users), or null.</summary>
    public Authenticator? Authenticator { get; init; }

    /// <summary>How long a client has to complete a TLS handshake.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Server timeouts (RFC 5321 4.5.3.2).</summary>
    public required SmtpTimeouts Timeouts { get; init; }

    /// <summary>A PROXY protocol header precedes every connection's bytes.</summary>
    public bool ProxyProtocol { get; init; }

    /// <summary>Balancers whose PROXY header is believed.</summary>
    public ImmutableArray<IPNetwork> TrustedProxies { get; init; } = ImmutableArray<IPNetwork>.Empty;

    /// <summary>How long a trusted balancer has to send the PROXY header (it sends it at once; 5 s is generous).</summary>
    public TimeSpan ProxyHeaderTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Concurrent connections on this listener.</summary>
    public int MaxConnections { get; init; } = 10_000;

    /// <summary>Concurrent connections per client address (after PROXY; IPv6 per /64) on this listener.</summary>
    public int MaxConnectionsPerAddress { get; init; } = 50;

    /// <summary>Wait before the greeting, watching for early talkers (mx, plaintext modes); zero for none.</summary>
    public TimeSpan GreetingDelay { get; init; }

    /// <summary>What follows plaintext sent after STARTTLS (it is dropped either way).</summary>
    public StartTlsInjectionAction StartTlsInjection { get; init; }

    /// <summary>What follows improper pipelining (it is counted either way).</summary>
    public ImproperPipeliningAction ImproperPipelining { get; init; }

    /// <summary>Transactions per session before MAIL is answered 421 4.7.0.</summary>
    public int MaxMessagesPerSession { get; init; } = 100;

    /// <summary>Per-address connection and message rates (shared by all listeners), or null for none.</summary>
    public ClientRatePolicy? ClientRates { get; init; }
}
