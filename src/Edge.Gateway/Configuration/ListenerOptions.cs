// ListenerOptions: one entry of "Edge:Listeners", an SMTP listener. Strings as operators write them;
// the parsed runtime form is ListenerSettings (IPEndPoint, enums, effective limits).
namespace Edge.Gateway.Configuration;

/// <summary>An SMTP listener (<c>Edge:Listeners:N</c>).</summary>
public sealed class ListenerOptions
{
    /// <summary>Unique name, used in logs and as the <c>listener</c> metric label (unset: <c>listener-N</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary><c>host:port</c>: <c>0.0.0.0:25</c>, <c>[::]:25</c>, <c>*:25</c>, <c>localhost:2525</c>.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary><c>starttls</c> (RFC 3207), <c>implicit-tls</c> (RFC 8314) or <c>plain</c>.</summary>
    public string Mode { get; set; } = "starttls";

    /// <summary><c>mx</c> (mail from the internet) or <c>submission</c> (authenticated users).</summary>
    public string Role { get; set; } = "mx";

    /// <summary>Expect a PROXY protocol v1/v2 header before SMTP (only behind a trusted balancer).</summary>
    public bool ProxyProtocol { get; set; }

    /// <summary>
    /// MAIL, RCPT, DATA and AUTH need TLS first (<c>530 5.7.0</c>; RFC 3207 4, RFC 8314). Unset: true on submission
    /// listeners that offer AUTH, false otherwise.
    /// </summary>
    public bool? RequireTls { get; set; }

    /// <summary>
    /// What to do with a bare CR or LF in message content (SMTP smuggling defence): <c>reject</c> (default,
    /// <c>550 5.6.11</c>) or <c>normalize</c> (rewrite to CRLF). Either way what reaches a sink is canonical.
    /// </summary>
    public string BareLineEndings { get; set; } = "reject";

    /// <summary>
    /// Plaintext pipelined after STARTTLS (command injection, CVE-2011-0411) is always dropped unread and counted;
    /// <c>discard</c> (default) then carries on with the TLS session, <c>reject</c> answers the client's first command
    /// inside TLS with <c>554 5.7.0</c> and closes.
    /// </summary>
    public string StartTlsInjection { get; set; } = "discard";

    /// <summary>
    /// A client that sends more before the reply to a command that ends a pipeline group (EHLO, DATA, NOOP, ...; RFC 2920),
    /// or pipelines without PIPELINING negotiated, is counted in <c>edge_improper_pipelining_total</c>; <c>allow</c>
    /// (default) carries on, <c>reject</c> answers <c>554 5.5.0</c> and closes.
    /// </summary>
    public string ImproperPipelining { get; set; } = "allow";

    /// <summary>
    /// With <see cref="ProxyProtocol"/>: the balancers allowed to send the header, as addresses or CIDR networks
    /// (<c>10.0.0.5</c>, <c>10.0.0.0/8</c>, <c>2001:db8::/32</c>). Connections from any other peer are closed.
    /// </summary>
    public List<string> TrustedProxies { get; init; } = [];

    /// <summary>
    /// mx listeners in plaintext modes: how long to wait before the 220 greeting (<c>hh:mm:ss</c>, default 0 = none).
    /// A client that talks before the greeting is answered <c>554 5.5.1</c> and disconnected (pregreet test).
    /// </summary>
    public TimeSpan GreetingDelay { get; set; }

    /// <summary>Overrides <c>Edge:Limits:MaxMessageSize</c> for this listener.</summary>
    public long? MaxMessageSize { get; set; }

    /// <summary>Overrides <c>Edge:Limits:MaxConnections</c> for this listener.</summary>
    public int? MaxConnections { get; set; }
}
