// AuthUserOptions: one user of "Edge:Auth:Users" (or of the users file).
namespace Edge.Gateway.Configuration;

/// <summary>A user allowed to AUTH on submission listeners.</summary>
public sealed class AuthUserOptions
{
    /// <summary>The login name (usually the address), compared case-insensitively.</summary>
    public string Name { get; set; } = "";

    /// <summary>bcrypt (<c>$2a$</c>, <c>$2b$</c>, <c>$2y$</c>) or Argon2id PHC (<c>$argon2id$v=19$m=…,t=…,p=…$salt$hash</c>).</summary>
    public string PasswordHash { get; set; } = "";
}
