// ReceivedHeaderInfo: the facts a Received trace header (RFC 5321 4.4) records about one transaction.
// Helo, ClientHostName and SingleRecipient come from the wire or DNS: ReceivedHeader sanitises them.
using System.Net.Security;
using System.Security.Authentication;

namespace Edge.Gateway.Delivery;

/// <summary>Input of <see cref="ReceivedHeader.Write"/>.</summary>
/// <param name="Helo">The HELO/EHLO argument as the client sent it (null: none; written as <c>unknown</c>).</param>
/// <param name="Client">The client's address and port (after PROXY protocol), or null when unknown.</param>
/// <param name="ServerHostname">Edge's own host name (Edge:Hostname).</param>
/// <param name="Esmtp">True after EHLO, false after HELO (RFC 3848 with-protocol SMTP vs ESMTP).</param>
/// <param name="Authenticated">True when the client authenticated (ESMTPA / ESMTPSA).</param>
/// <param name="Tls">Negotiated TLS version, or null for a plaintext session.</param>
/// <param name="Cipher">Negotiated cipher suite, or null when unknown.</param>
/// <param name="Id">Edge's id for this message (logs, delivery file name).</param>
/// <param name="SingleRecipient">The recipient address without angle brackets when there is exactly one, else null (no <c>for</c> clause).</param>
/// <param name="Time">When the message was received; written as an RFC 5322 date-time with its offset.</param>
internal readonly record struct ReceivedHeaderInfo(
    string? Helo,
    IPEndPoint? Client,
    string ServerHostname,
    bool Esmtp,
    bool Authenticated,
    SslProtocols? Tls,
    TlsCipherSuite? Cipher,
    string Id,
    string? SingleRecipient,
    DateTimeOffset Time)
{
    /// <summary>The client's verified reverse DNS name, written in the TCP-info comment; null when not looked up or not verified.</summary>
    public string? ClientHostName { get; init; }

    /// <summary>True for an SMTPUTF8 transaction (RFC 6531 with-protocols UTF8SMTP*); the recipient may then be non-ASCII.</summary>
    public bool Utf8 { get; init; }
}
