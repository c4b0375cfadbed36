// Authenticator: what a connection needs for AUTH: password verification and the per-client failure limit.
using System.Net;

namespace Edge.Gateway.Auth;

/// <summary>Verifies credentials and tracks failures. One per host, shared by submission listeners.</summary>
internal sealed class Authenticator(UserStore users, AuthFailureLimiter failures)
{
    /// <summary>True when AUTH can succeed for anyone (users configured).</summary>
    public bool Available => users.HasUsers;

    /// <summary>True when <paramref name="client"/> may not try again yet.</summary>
    public bool IsBlocked(IPAddress? client) => client is not null && failures.IsBlocked(client);

    /// <summary>Verifies the credentials.</summary>
    public Task<bool> VerifyAsync(string user, string password) => users.VerifyAsync(user, password);

    /// <summary>Records a failure and returns the tarpit delay.</summary>
    public TimeSpan RecordFailure(IPAddress? client) => client is null ? TimeSpan.Zero : failures.RecordFailure(client);
}
