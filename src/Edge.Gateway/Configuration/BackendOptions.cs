// BackendOptions: one entry of "Edge:Backends", a backend MTA Edge relays transactions to.
// Name, Endpoint and Tls are the stable contract keys; the pool and TLS-verification keys were added by the
// relay (defaults suit a farm on a private network).
namespace Edge.Gateway.Configuration;

/// <summary>A backend MTA (<c>Edge:Backends:N</c>).</summary>
public sealed class BackendOptions
{
    /// <summary>Unique name, used in logs and as a metric label (unset: <c>backend-N</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary><c>host:port</c>; host is an IP address, <c>[IPv6]</c> or a DNS name.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>
    /// TLS towards the backend: <c>none</c> (default), <c>starttls</c> (= <c>starttls-required</c>),
    /// <c>starttls-opportunistic</c>, or <c>implicit-tls</c> (= <c>implicit</c>).
    /// </summary>
    public string Tls { get; set; } = "none";

    /// <summary>Verify the backend's certificate (chain and host name) when TLS is used. Default true.</summary>
    public bool TlsVerify { get; set; } = true;

    /// <summary>Name expected in the backend's certificate (and sent as SNI). Unset: the host of <see cref="Endpoint"/>.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>Optional pinned SHA-256 fingerprint of the backend's certificate (hex, colons allowed); when set, it must match.</summary>
    public string? TlsFingerprint { get; set; }

    /// <summary>Most connections open to this backend at once (busy and idle). Default 100.</summary>
    public int MaxConnections { get; set; } = 100;

    /// <summary>How long an unused pooled connection is kept open. Default 30 s (Postfix's smtpd times out idle clients after 300 s).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Transactions relayed over one connection before it is closed and replaced. Default 1000.</summary>
    public int MaxTransactionsPerConnection { get; set; } = 1000;

    /// <summary>
    /// Send the client's identity with XCLIENT (Postfix <c>smtpd_authorized_xclient_hosts</c>) instead of XFORWARD. Such
    /// connections carry one client's identity, so they are opened per transaction and never pooled. Default false.
    /// </summary>
    public bool Xclient { get; set; }

    /// <summary>Backend group named by <c>Edge:Relay:Routes:N:Group</c> / <c>Edge:Relay:DefaultGroup</c>; empty: none.</summary>
    public string Group { get; set; } = "";
}
