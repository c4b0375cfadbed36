// StartTlsInjectionAction: "Edge:Listeners:N:StartTlsInjection", what a listener does when a client pipelines
// plaintext after STARTTLS (CVE-2011-0411). Either way the plaintext is dropped unread and counted; it never
// runs inside TLS.
namespace Edge.Gateway.Policy;

/// <summary>Handling of plaintext sent after the STARTTLS command line.</summary>
internal enum StartTlsInjectionAction : byte
{
    /// <summary><c>discard</c> (default): drop it, log, count, and carry on with the TLS session.</summary>
    Discard = 0,

    /// <summary><c>reject</c>: drop it, count, finish the handshake, answer the first command inside TLS with 554 5.7.0 and close.</summary>
    Reject,
}
