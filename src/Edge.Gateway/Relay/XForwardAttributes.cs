// XForwardAttributes: the XFORWARD attributes a backend listed after the keyword in its EHLO reply
// (Postfix XFORWARD_README). Only listed attributes are sent; an unknown one would fail the command.
namespace Edge.Gateway.Relay;

/// <summary>XFORWARD attribute names a backend accepts.</summary>
[Flags]
internal enum XForwardAttributes
{
    /// <summary>None.</summary>
    None = 0,
    /// <summary>NAME: the client's host name (Edge sends [UNAVAILABLE]: it does no reverse lookups).</summary>
    Name = 1 << 0,
    /// <summary>ADDR: the client's IP address.</summary>
    Addr = 1 << 1,
    /// <summary>PORT: the client's TCP port.</summary>
    Port = 1 << 2,
    /// <summary>PROTO: SMTP or ESMTP.</summary>
    Proto = 1 << 3,
    /// <summary>HELO: the client's HELO/EHLO argument.</summary>
    Helo = 1 << 4,
    /// <summary>LOGIN: the SASL login name (XCLIENT only).</summary>
    Login = 1 << 5,
}
