// LimitsOptions: "Edge:Limits", the resource and protocol limits. Ranges are enforced by
// LimitsOptionsValidator; RFC 5321 4.5.3.1 gives the floors a server must support.
namespace Edge.Gateway.Configuration;

/// <summary>Limits (<c>Edge:Limits</c>).</summary>
public sealed class LimitsOptions
{
    /// <summary>Largest message accepted, in octets, advertised with SIZE (RFC 1870). Default 25 MiB.</summary>
    public long MaxMessageSize { get; set; } = 26_214_400;

    /// <summary>Recipients per transaction (RFC 5321 4.5.3.1.8 requires at least 100 to be accepted). Default 100.</summary>
    public int MaxRecipients { get; set; } = 100;

    /// <summary>Longest command line including CRLF, 512..2048 (RFC 5321 4.5.3.1.4). Default 512.</summary>
    public int MaxCommandLineLength { get; set; } = 512;

    /// <summary>Error replies in one session before it is closed. Default 10.</summary>
    public int MaxErrors { get; set; } = 10;

    /// <summary>Commands that do not advance a transaction (NOOP, RSET, VRFY, ...) before the session is closed. Default 20.</summary>
    public int MaxJunkCommands { get; set; } = 20;

    /// <summary>Concurrent connections per listener, unless the listener overrides it. Default 10000.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>
    /// Concurrent connections per client address on each listener (the address after PROXY protocol; IPv6 clients
    /// counted per /64). Default 50.
    /// </summary>
    public int MaxConnectionsPerAddress { get; set; } = 50;

    /// <summary>
    /// Messages (transactions that reached the end of data) in one session; the next MAIL is answered
    /// <c>421 4.7.0</c> and the session closed, so the client reconnects. Default 100.
    /// </summary>
    public int MaxMessagesPerSession { get; set; } = 100;

    /// <summary>
    /// New connections per minute from one client address (IPv6 per /64), over all listeners; beyond it the client
    /// hears <c>421 4.7.0 ... try again in N s</c> instead of the greeting. 0 (default) = no limit.
    /// </summary>
    public int ConnectionRatePerAddress { get; set; }

    /// <summary>
    /// MAIL commands per minute from one client address (IPv6 per /64), over all listeners and sessions; beyond it
    /// MAIL is answered <c>451 4.7.0 ... try again in N s</c>. 0 (default) = no limit.
    /// </summary>
    public int MessageRatePerAddress { get; set; }

    /// <summary>Timeouts per session state (RFC 5321 4.5.3.2) and the shutdown drain.</summary>
    public TimeoutOptions Timeouts { get; init; } = new();
}
