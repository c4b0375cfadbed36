// TlsMode: how the load generator secures a session. StartTls upgrades after EHLO (RFC 3207); Implicit starts TLS on
// connect (RFC 8314 3.3); None stays in plaintext.
namespace Edge.LoadTest.Client;

/// <summary>Transport security of a load session.</summary>
internal enum TlsMode
{
    None,
    StartTls,
    Implicit,
}
