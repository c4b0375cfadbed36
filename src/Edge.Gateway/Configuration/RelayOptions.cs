// RelayOptions: "Edge:Relay", how transactions are spread over Edge:Backends and how long each backend step may
// take. Per-stage timeouts are client-side (RFC 5321 4.5.3.2) but shorter: a client is waiting on every step.
namespace Edge.Gateway.Configuration;

/// <summary>Relay settings shared by all backends (<c>Edge:Relay</c>).</summary>
public sealed class RelayOptions
{
    /// <summary>Backend choice per transaction: <c>round-robin</c> (default) or <c>least-outstanding</c>.</summary>
    public string Policy { get; set; } = "round-robin";

    /// <summary>Consecutive connect/protocol failures that mark a backend down. Default 3.</summary>
    public int FailureThreshold { get; set; } = 3;

    /// <summary>How long a backend marked down is skipped (unless all are down: panic mode). Default 30 s.</summary>
    public TimeSpan DownPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>TCP connect plus greeting, EHLO and TLS. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Each command's reply (XFORWARD, MAIL, RCPT, DATA, RSET). Default 60 s.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Writing one block of message content to the backend. Default 60 s.</summary>
    public TimeSpan DataTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>From the end of data to the backend's final reply (RFC 5321 4.5.3.2.6 allows 10 min). Default 5 min.</summary>
    public TimeSpan FinalReplyTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Active health: probe each backend periodically (connect, EHLO, QUIT). Default true.</summary>
    public bool ProbeEnabled { get; set; } = true;

    /// <summary>Time between probes of a backend that answers. Default 30 s.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>One probe's connect, greeting, EHLO (and TLS). Default 10 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait between probes of a failing backend (the wait doubles per failure from the interval). Default 5 min.</summary>
    public TimeSpan ProbeMaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// True (default): MAIL is checked and answered by Edge, and sent to the backend pipelined with the first RCPT
    /// (one backend round trip fewer per transaction; a backend's refusal of the sender answers that RCPT, as
    /// Postfix's smtpd_delay_reject does). False: MAIL is relayed at once and the backend's reply answers it.
    /// With routes, MAIL always waits for the first RCPT (the backend group depends on the recipient).
    /// </summary>
    public bool PipelineMail { get; set; } = true;

    /// <summary>Backend group for recipients no route matches; empty (default): every backend.</summary>
    public string DefaultGroup { get; set; } = "";

    /// <summary>Routes by recipient domain to a backend group (<c>Edge:Relay:Routes:N</c>); first match wins.</summary>
    public List<RelayRouteOptions> Routes { get; init; } = [];
}
