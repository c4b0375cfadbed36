// ICredentialVerifier: the seam AUTH verifies credentials through. Two implementations: the local user store
// (Edge:Auth:Users / UsersFile) and BackendAuthenticator (Edge:Auth:Backend), which asks a backend MTA. A verdict is
// accepted, rejected (535 5.7.8, counted and rate-limited) or unavailable (454 4.7.0: the client may retry later).
namespace Edge.Gateway.Auth;

/// <summary>The outcome of one credential check.</summary>
internal enum CredentialVerdict : byte
{
    /// <summary>The credentials are valid.</summary>
    Accepted = 0,

    /// <summary>The credentials are invalid.</summary>
    Rejected,

    /// <summary>No verdict could be had (backend unreachable, timed out, or answered something else): temporary.</summary>
    Unavailable,
}

/// <summary>Verifies a user name and password.</summary>
internal interface ICredentialVerifier
{
    /// <summary>True when AUTH can succeed for anyone (it is offered only then).</summary>
    bool Available { get; }

    /// <summary>Checks the credentials. Never throws for a bad or unreachable verifier: that is <see cref="CredentialVerdict.Unavailable"/>.</summary>
    Task<CredentialVerdict> VerifyAsync(string user, string password, CancellationToken cancellationToken);
}
