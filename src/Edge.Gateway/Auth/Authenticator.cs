// Authenticator: what a connection needs for AUTH: credential verification (the local user store or a backend,
// through ICredentialVerifier) and the per-client failure limit.
using System.Net;

namespace Edge.Gateway.Auth;

/// <summary>Verifies credentials and tracks failures. One per host, shared by submission listeners.</summary>
internal sealed class Authenticator(ICredentialVerifier verifier, AuthFailureLimiter failures)
{
    /// <summary>True when AUTH can succeed for anyone (users configured, or a backend verifies).</summary>
    public bool Available => verifier.Available;

    /// <summary>True when <paramref name="client"/> may not try again yet.</summary>
    public bool IsBlocked(IPAddress? client) => client is not null && failures.IsBlocked(client);

    /// <summary>Verifies the credentials.</summary>
    public Task<CredentialVerdict> VerifyAsync(string user, string password, CancellationToken cancellationToken) =>
        verifier.VerifyAsync(user, password, cancellationToken);

    /// <summary>Records a failure and returns the tarpit delay.</summary>
    public TimeSpan RecordFailure(IPAddress? client) => client is null ? TimeSpan.Zero : failures.RecordFailure(client);
}
