// AuthOptions: "Edge:Auth", the users of submission listeners (RFC 4954 AUTH PLAIN/LOGIN after TLS) and the
// limits on failed attempts. Hashes are bcrypt ($2a$/$2b$/$2y$) or Argon2id PHC strings, never plaintext.
namespace Edge.Gateway.Configuration;

/// <summary>Authentication settings (<c>Edge:Auth</c>).</summary>
public sealed class AuthOptions
{
    /// <summary>Users given inline.</summary>
    public List<AuthUserOptions> Users { get; init; } = [];

    /// <summary>A JSON file <c>{ "Users": [ { "Name": ..., "PasswordHash": ... } ] }</c>, re-read when it changes.</summary>
    public string? UsersFile { get; set; }

    /// <summary>
    /// Name of a configured backend (<c>Edge:Backends:N:Name</c>) that verifies credentials instead of local users: AUTH
    /// PLAIN is passed to it (over TLS, or plaintext only on loopback). Exclusive with <see cref="Users"/> and <see cref="UsersFile"/>.
    /// </summary>
    public string? Backend { get; set; }

    /// <summary>How long the backend has to answer (connect, EHLO, TLS and AUTH); then the client gets <c>454 4.7.0</c>.</summary>
    public TimeSpan BackendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Failed attempts a client address may make within <see cref="FailureWindow"/> before AUTH answers 421.</summary>
    public int MaxFailures { get; set; } = 5;

    /// <summary>The window failed attempts are counted in.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Delay before answering a failed attempt (tarpit), multiplied by the client's failures so far.</summary>
    public TimeSpan TarpitDelay { get; set; } = TimeSpan.FromSeconds(1);
}
