// UserStoreCredentialVerifier: ICredentialVerifier over the local user store (bcrypt / Argon2id hashes).
namespace Edge.Gateway.Auth;

/// <summary>Verifies against <see cref="UserStore"/>.</summary>
internal sealed class UserStoreCredentialVerifier(UserStore users) : ICredentialVerifier
{
    public bool Available => users.HasUsers;

    public async Task<CredentialVerdict> VerifyAsync(string user, string password, CancellationToken cancellationToken) =>
        await users.VerifyAsync(user, password).ConfigureAwait(false) ? CredentialVerdict.Accepted : CredentialVerdict.Rejected;
}
