// RequireTlsPolicy: answers, once at start-up, "may a TLS session be offered REQUIRETLS (RFC 8689)?". Only when
// every backend a transaction could be relayed to is reached over TLS that is verified (certificate chain and name,
// or a pinned fingerprint) and never falls back to plaintext. Per transaction the relay still checks the actual
// connection (verified, and the backend offers REQUIRETLS) and refuses MAIL with 550 5.7.30 otherwise.
using Edge.Gateway.Configuration;

namespace Edge.Gateway.Policy;

/// <summary>Whether REQUIRETLS can be honoured for the configured next hops.</summary>
internal static class RequireTlsPolicy
{
    /// <summary>
    /// True when REQUIRETLS may be advertised. Directory delivery (no backends) answers false: RFC 8689 4.1 has a
    /// receiving server keep the tag with the message for every later hop, and a file in a directory drops the
    /// envelope flag, so whatever picks the file up could send the message on in plaintext. Refusing is the safe side: the sender's
    /// MTA then bounces or reroutes a message whose author demanded TLS, instead of Edge quietly downgrading it.
    /// </summary>
    public static bool CanAdvertise(IReadOnlyList<BackendSettings> backends)
    {
        ArgumentNullException.ThrowIfNull(backends);
        if (backends.Count == 0)
        {
            return false;
        }

        foreach (var backend in backends)
        {
            // SECURITY: one backend in plaintext or with an unverified certificate breaks the promise: failover
            // or the selector could pick it for any transaction.
            if (!IsVerifiedTls(backend))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// TLS is required on every connection to <paramref name="backend"/> (starttls-required or implicit; never
    /// starttls-opportunistic) and its certificate is verified (<c>TlsVerify</c>) or pinned (<c>TlsFingerprint</c>).
    /// </summary>
    public static bool IsVerifiedTls(BackendSettings backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var required = backend.Tls is BackendTlsMode.StartTls or BackendTlsMode.ImplicitTls;
        return required && (backend.TlsVerify || !backend.TlsFingerprint.IsEmpty);
    }
}
