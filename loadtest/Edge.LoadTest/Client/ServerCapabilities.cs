// ServerCapabilities: the EHLO keywords the load generator acts on (RFC 2920 PIPELINING, RFC 3207 STARTTLS).
namespace Edge.LoadTest.Client;

/// <summary>EHLO keywords the load generator uses.</summary>
[Flags]
internal enum ServerCapabilities
{
    None = 0,
    Pipelining = 1,
    StartTls = 2,
}
